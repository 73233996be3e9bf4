// werift's own figures on this machine, for comparison with ours (reports/Hospitality.Benchmarks
// runs this in the same run): time to open a channel between two werift peers on loopback,
// throughput of one channel, and heap per connection. Prints one JSON line.
import { RTCPeerConnection } from "werift";

const opens = Number(process.argv[2] ?? 10);
const megabytes = Number(process.argv[3] ?? 16);
const chunk = 64 * 1024;
const config = { iceUseIpv6: false, iceAdditionalHostAddresses: ["127.0.0.1"], maxMessageSize: 4 * 1024 * 1024 };

const gathered = (pc) =>
  new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.iceGatheringStateChange.subscribe((state) => state === "complete" && resolve());
  });

async function openPair() {
  const started = performance.now();
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  const channel = a.createDataChannel("bench");
  const remoteOpen = new Promise((resolve) => b.onDataChannel.subscribe((c) => resolve(c)));
  const localOpen = new Promise((resolve) => channel.stateChanged.subscribe((s) => s === "open" && resolve()));
  await a.setLocalDescription(await a.createOffer());
  await gathered(a);
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await gathered(b);
  await a.setRemoteDescription(b.localDescription);
  const [remote] = await Promise.all([remoteOpen, localOpen]);
  return { a, b, channel, remote, ms: performance.now() - started };
}

const times = [];
for (let i = 0; i < opens; i++) {
  const pair = await openPair();
  times.push(pair.ms);
  await pair.a.close();
  await pair.b.close();
}
times.sort((x, y) => x - y);

const pair = await openPair();
const total = megabytes * 1024 * 1024;
const payload = Buffer.alloc(chunk, 7);
let received = 0;
const done = new Promise((resolve) =>
  pair.remote.onMessage.subscribe((data) => {
    received += data.length;
    if (received >= total) resolve();
  }));
const started = performance.now();
for (let sent = 0; sent < total; sent += chunk) {
  while (pair.channel.bufferedAmount > 1024 * 1024) await new Promise((r) => setTimeout(r, 1));
  pair.channel.send(payload);
}
await done;
const seconds = (performance.now() - started) / 1000;
await pair.a.close();
await pair.b.close();

global.gc?.();
const before = process.memoryUsage().heapUsed;
const held = [];
for (let i = 0; i < 10; i++) held.push(await openPair());
global.gc?.();
const perConnection = (process.memoryUsage().heapUsed - before) / (held.length * 2);
for (const p of held) { await p.a.close(); await p.b.close(); }

console.log(JSON.stringify({
  stack: "werift 0.24.4",
  openMedianMs: times[Math.floor(times.length / 2)],
  openMinMs: times[0],
  openMaxMs: times[times.length - 1],
  throughputMBps: megabytes / seconds,
  heapBytesPerConnection: Math.round(perConnection),
}));
process.exit(0);
