// An RxDB client (rxdb, memory storage) replicating the `rooms` collection against our server's
// RxDB endpoints: pull by checkpoint, push answering conflicts, pullStream as server-sent events.
// Driven by JSON lines like the WebRTC peers (rxdb-protocol.md):
//   node rxdb-client.mjs <base url of {prefix}/{property}> <bearer token>
import readline from 'node:readline';
import { createRxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';

const [base, token] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${token}` };
const emit = event => process.stdout.write(JSON.stringify(event) + '\n');
const log = (...parts) => process.stderr.write(parts.join(' ') + '\n');

// Our rooms schema (engine HotelCollections.Rooms) as RxDB sees it, plus `hlc`: the master version's stamp.
const roomSchema = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    number: { type: 'string' },
    floor: { type: 'integer' },
    building: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string' },
    maxOccupancy: { type: 'integer' },
    features: { type: 'array', items: { type: 'string' } },
    notes: { type: 'string' },
    updatedBy: { type: 'string' },
    updatedAt: { type: 'string' },
    hlc: { type: 'string' },
  },
  required: ['id'],
};

const db = await createRxDatabase({ name: `interop${process.pid}`, storage: getRxStorageMemory() });
const { rooms } = await db.addCollections({ rooms: { schema: roomSchema } });

// The live stream: server-sent events read off fetch, so the token goes in a header. A broken
// stream is RESYNC (RxDB then pulls by checkpoint) and reconnects.
const stream$ = new Subject();
let streamEvents = 0;
async function readStream() {
  for (;;) {
    try {
      const response = await fetch(`${base}/rooms/pullStream`, { headers });
      if (!response.ok) throw new Error(`pullStream answered ${response.status}`);
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const data = buffered.slice(0, end).split('\n').filter(line => line.startsWith('data: ')).map(line => line.slice(6)).join('\n');
          buffered = buffered.slice(end + 2);
          if (data) {
            streamEvents++;
            stream$.next(JSON.parse(data));
          }
        }
      }
    } catch (error) {
      log('stream:', error.message);
    }
    stream$.next('RESYNC');
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

let pulls = 0;
let pushes = 0;
let conflicts = 0;
const replication = replicateRxCollection({
  collection: rooms,
  replicationIdentifier: `hospitality-rooms-${base}`,
  live: true,
  retryTime: 500,
  pull: {
    batchSize: 2,
    async handler(checkpoint, batchSize) {
      pulls++;
      const response = await fetch(`${base}/rooms/pull?checkpoint=${checkpoint ? checkpoint.sequence : 0}&limit=${batchSize}`, { headers });
      if (!response.ok) throw new Error(`pull answered ${response.status}: ${await response.text()}`);
      return await response.json();
    },
    stream$: stream$.asObservable(),
  },
  push: {
    batchSize: 10,
    async handler(rows) {
      pushes++;
      const response = await fetch(`${base}/rooms/push`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(rows) });
      if (!response.ok) throw new Error(`push answered ${response.status}: ${await response.text()}`);
      const answer = await response.json();
      conflicts += answer.length;
      return answer;
    },
  },
});
replication.error$.subscribe(error => log('replication error:', JSON.stringify(error.parameters ?? error.message)));
readStream();

const dump = async () => (await rooms.find().exec()).map(doc => doc.toJSON()).sort((a, b) => a.id.localeCompare(b.id));
const counters = () => ({ pulls, pushes, conflicts, streamEvents });

// Resolves once the local room has `field` equal to `value`, however it got there (pull, stream, conflict).
function until(id, field, value) {
  return new Promise(resolve => {
    const subscription = rooms.findOne(id).$.subscribe(doc => {
      if (doc && doc.get(field) === value) {
        subscription.unsubscribe();
        resolve(doc.toJSON());
      }
    });
  });
}

await replication.awaitInitialReplication();
emit({ kind: 'synced', rooms: await dump(), ...counters() });

for await (const line of readline.createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  try {
    switch (command.kind) {
      case 'upsert':
        await rooms.upsert(command.room);
        await replication.awaitInSync();
        emit({ kind: 'upserted', id: command.room.id, ...counters() });
        break;
      case 'pause':
        await replication.pause();
        emit({ kind: 'paused' });
        break;
      case 'write-offline':
        await rooms.upsert(command.room);
        emit({ kind: 'written', id: command.room.id });
        break;
      case 'resume':
        await replication.start();
        emit({ kind: 'resumed' });
        break;
      case 'until':
        emit({ kind: 'seen', room: await until(command.id, command.field, command.value), ...counters() });
        break;
      case 'dump':
        await replication.awaitInSync();
        emit({ kind: 'dump', rooms: await dump(), ...counters() });
        break;
      case 'quit':
        await replication.cancel();
        await db.close();
        process.exit(0);
      default:
        emit({ kind: 'error', message: `unknown command ${command.kind}` });
    }
  } catch (error) {
    emit({ kind: 'error', message: error.message });
  }
}
