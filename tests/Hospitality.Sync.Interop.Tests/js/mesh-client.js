// A property's device in a browser page: it joins its property's room on our signaling server over
// a real WebSocket, links to the room's peers with the browser's RTCPeerConnection data channels,
// and replicates documents with them in the engine's replication protocol, as PeerReplication does
// (engine/Hospitality.Sync/PeerSync). See mesh-protocol.md. A plain script with no imports: the
// page loads it as a tag and starts it with globalThis.meshClient.start(...).
(() => {
  // --- The replication protocol's frame: 1 byte version, 1 byte kind, UTF-8 JSON (ProtocolCodec). ---
  const PROTOCOL_VERSION = 1;
  const Kind = { PullRequest: 1, PullResponse: 2, ChangeEvent: 6 };

  // PeerReplicationOptions: documents per catch-up page and per flooded change message.
  const PAGE_SIZE = 50;
  const FLOOD_BATCH_MAX = 50;

  // WebRtcPeerOptions.ChannelLabel: the label of the one channel per link.
  const CHANNEL_LABEL = "hospitality-sync";

  // An offer not open within this long is dropped and offered again (WebRtcPeerOptions.LinkTimeout is 10 s).
  const LINK_TIMEOUT_MS = 15_000;
  const RETRY_DELAY_MS = 1_000;

  const HLC_MAX_COUNTER = 65_535;

  // --- Hybrid logical clock (engine/Hospitality.Sync/Clock/HybridLogicalClock.cs, same rules). ---
  class HybridLogicalClock {
    constructor(nodeId) {
      if (!nodeId || nodeId.includes(":")) throw new Error(`a node id may not be empty or contain ':' (got '${nodeId}')`);
      this.nodeId = nodeId;
      this.wall = 0;
      this.counter = 0;
    }

    now() {
      const physical = Date.now();
      return physical > this.wall ? this.#issue(physical, 0) : this.#issue(this.wall, this.counter + 1);
    }

    // The receive rule: the clock moves past every stamp it sees.
    observe(remote) {
      const physical = Date.now();
      const wall = Math.max(this.wall, remote.wall, physical);
      const counter =
        wall === this.wall && wall === remote.wall ? Math.max(this.counter, remote.counter) + 1
        : wall === this.wall ? this.counter + 1
        : wall === remote.wall ? remote.counter + 1
        : 0;
      return this.#issue(wall, counter);
    }

    #issue(wall, counter) {
      if (counter > HLC_MAX_COUNTER) {
        wall += 1;
        counter = 0;
      }
      this.wall = wall;
      this.counter = counter;
      return { wall, counter, node: this.nodeId };
    }
  }

  // HlcTimestamp's text form: 15-digit wall ms, 5-digit counter, node id (wall:counter:node).
  const formatStamp = ({ wall, counter, node }) =>
    `${String(wall).padStart(15, "0")}:${String(counter).padStart(5, "0")}:${node}`;

  function parseStamp(text) {
    const match = /^(\d{15}):(\d{5}):([^:]+)$/.exec(text);
    if (!match || Number(match[2]) > HLC_MAX_COUNTER) throw new Error(`'${text}' is not an HLC timestamp (wall:counter:node)`);
    return { wall: Number(match[1]), counter: Number(match[2]), node: match[3] };
  }

  // String.CompareOrdinal: JavaScript compares strings by UTF-16 code units, as ordinal comparison does.
  const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  // HlcTimestamp.CompareTo: wall, then counter, then node id (ordinal).
  const compareStamps = (a, b) => a.wall - b.wall || a.counter - b.counter || ordinal(a.node, b.node);

  // LwwResolver's total order over versions: the stamp, then (a bug's tie) the body text, the
  // tombstone flag (false first) and the origin. The incoming version wins when it ranks higher.
  const rank = (left, right) =>
    compareStamps(left.stamp, right.stamp) ||
    ordinal(left.bodyText, right.bodyText) ||
    Number(left.deleted) - Number(right.deleted) ||
    ordinal(left.origin, right.origin);

  // --- JSON that keeps each object's source text: a version's body is compared and forwarded as the
  // exact text its writer stamped (the engine writes it raw), never re-serialized. ---
  const SOURCE = Symbol("source");

  function parseKeepingSource(text) {
    let at = 0;
    const fail = (what) => { throw new Error(`not JSON: ${what} at ${at}`); };
    const space = () => { while (at < text.length && " \t\r\n".includes(text[at])) at++; };
    const expect = (c) => { space(); if (text[at] !== c) fail(`expected '${c}'`); at++; };
    const string = () => {
      space();
      if (text[at] !== '"') fail("expected a string");
      const start = at++;
      while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
      if (at >= text.length) fail("unterminated string");
      at++;
      return JSON.parse(text.slice(start, at));
    };
    const value = (depth) => {
      if (depth > 64) fail("nested too deep");
      space();
      const start = at;
      if (text[at] === "{") {
        at++;
        const object = {};
        space();
        if (text[at] === "}") at++;
        else {
          for (;;) {
            const key = string();
            expect(":");
            // defineProperty: a key "__proto__" is data here, never the prototype.
            Object.defineProperty(object, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
            space();
            if (text[at] === ",") { at++; continue; }
            expect("}");
            break;
          }
        }
        Object.defineProperty(object, SOURCE, { value: text.slice(start, at) });
        return object;
      }
      if (text[at] === "[") {
        at++;
        const array = [];
        space();
        if (text[at] === "]") at++;
        else {
          for (;;) {
            array.push(value(depth + 1));
            space();
            if (text[at] === ",") { at++; continue; }
            expect("]");
            break;
          }
        }
        return array;
      }
      if (text[at] === '"') return string();
      const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 64));
      if (!literal) fail("unexpected character");
      at += literal[0].length;
      return JSON.parse(literal[0]);
    };
    const parsed = value(0);
    space();
    if (at !== text.length) fail("trailing characters");
    return parsed;
  }

  // --- Frames ---
  const utf8 = new TextEncoder();
  const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

  function frame(kind, bodyText) {
    const body = utf8.encode(bodyText);
    const bytes = new Uint8Array(2 + body.length);
    bytes[0] = PROTOCOL_VERSION;
    bytes[1] = kind;
    bytes.set(body, 2);
    return bytes;
  }

  // ProtocolCodec's document: collection, id, body (raw JSON object), stamp, deleted, origin.
  const documentJson = (d) =>
    `{"collection":${JSON.stringify(d.collection)},"id":${JSON.stringify(d.id)},"body":${d.bodyText},` +
    `"stamp":${JSON.stringify(formatStamp(d.stamp))},"deleted":${d.deleted},"origin":${JSON.stringify(d.origin)}}`;

  const encodePullRequest = (rid, checkpoint, limit) =>
    frame(Kind.PullRequest, `{"rid":${rid},"checkpoint":${checkpoint},"limit":${limit}}`);
  const encodeDocuments = (kind, rid, documents, checkpoint) =>
    frame(kind, `{"rid":${rid},"documents":[${documents.map(documentJson).join(",")}],"checkpoint":${checkpoint}}`);

  const isWhole = (n) => Number.isSafeInteger(n);
  function readDocument(d) {
    const text = (name, max) => {
      if (typeof d?.[name] !== "string" || d[name].length > max) throw new Error(`document.${name} must be a string of at most ${max} characters`);
      return d[name];
    };
    if (typeof d?.body !== "object" || d.body === null || Array.isArray(d.body)) throw new Error("document.body must be an object");
    if (typeof d.deleted !== "boolean") throw new Error("document.deleted must be true or false");
    return {
      collection: text("collection", 64),
      id: text("id", 256),
      bodyText: d.body[SOURCE],
      stamp: parseStamp(text("stamp", 128)),
      deleted: d.deleted,
      origin: text("origin", 128),
    };
  }

  // Returns { kind, rid, ... } or throws with what is wrong; the kinds a peer may send over a link only.
  function decode(bytes) {
    if (bytes.length < 2) throw new Error(`a frame of ${bytes.length} bytes is shorter than its 2-byte header`);
    if (bytes[0] !== PROTOCOL_VERSION) throw new Error(`protocol version ${bytes[0]} (this client speaks ${PROTOCOL_VERSION}; a compressed frame starts otherwise)`);
    const body = parseKeepingSource(strictUtf8.decode(bytes.subarray(2)));
    if (!isWhole(body?.rid)) throw new Error("rid must be a whole number");
    switch (bytes[1]) {
      case Kind.PullRequest:
        if (!isWhole(body.checkpoint) || !isWhole(body.limit) || body.limit < 1) throw new Error("a pull needs a checkpoint and a positive limit");
        return { kind: Kind.PullRequest, rid: body.rid, checkpoint: body.checkpoint, limit: body.limit };
      case Kind.PullResponse:
      case Kind.ChangeEvent:
        if (!Array.isArray(body.documents) || !isWhole(body.checkpoint)) throw new Error("documents and a checkpoint are required");
        return { kind: bytes[1], rid: body.rid, documents: body.documents.map(readDocument), checkpoint: body.checkpoint };
      default:
        throw new Error(`message kind ${bytes[1]} is not one a peer sends over a link`);
    }
  }

  // --- The client ---
  function start({ url, propertyId, deviceId, emit, joinNow = true }) {
    const clock = new HybridLogicalClock(deviceId);
    // The store and its change feed: each document's winning version with the sequence it was stored at.
    const documents = new Map();
    let sequence = 0;
    const links = new Map(); // peer -> { pc, channel, session, offerer, open, described, pending, queue }
    const room = new Set();
    const pulledTo = new Map();
    let nextRequestId = 0;
    let socket;

    const key = (collection, id) => `${collection}\u0000${id}`;
    const report = (error, where) => emit({ kind: "error", message: `${where}: ${error?.message ?? error}` });
    const signal = (message) => socket?.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message));

    function changesSince(checkpoint, limit) {
      const page = [...documents.values()].filter((e) => e.sequence > checkpoint).sort((a, b) => a.sequence - b.sequence).slice(0, limit);
      return { documents: page.map((e) => e.document), checkpoint: page.length > 0 ? page.at(-1).sequence : checkpoint };
    }

    function store(document, from) {
      sequence += 1;
      documents.set(key(document.collection, document.id), { document, sequence });
      emit({
        kind: "stored", collection: document.collection, id: document.id, stamp: formatStamp(document.stamp),
        origin: document.origin, deleted: document.deleted, body: document.bodyText, from,
      });
    }

    // Sends to every open link but the one the versions came from (a version crosses each link at most once per direction).
    function flood(versions, except) {
      for (const [peer, link] of links) {
        if (peer === except || !link.open) continue;
        for (let i = 0; i < versions.length; i += FLOOD_BATCH_MAX) {
          send(link, encodeDocuments(Kind.ChangeEvent, 0, versions.slice(i, i + FLOOD_BATCH_MAX), 0));
        }
      }
    }

    function merge(peer, incoming) {
      const stored = [];
      for (const document of incoming) {
        clock.observe(document.stamp);
        const current = documents.get(key(document.collection, document.id))?.document;
        if (current && rank(current, document) >= 0) continue;
        store(document, peer);
        stored.push(document);
      }
      if (stored.length > 0) flood(stored, peer);
    }

    function send(link, bytes) {
      if (link.channel?.readyState === "open") link.channel.send(bytes);
    }

    function onFrame(peer, link, data) {
      let message;
      try {
        message = decode(new Uint8Array(data));
      } catch (error) {
        emit({ kind: "malformed", peer, message: error.message });
        return;
      }
      switch (message.kind) {
        case Kind.PullRequest: {
          const page = changesSince(message.checkpoint, Math.min(Math.max(message.limit, 1), PAGE_SIZE));
          send(link, encodeDocuments(Kind.PullResponse, message.rid, page.documents, page.checkpoint));
          break;
        }
        case Kind.PullResponse:
          merge(peer, message.documents);
          if (message.checkpoint > (pulledTo.get(peer) ?? 0)) pulledTo.set(peer, message.checkpoint);
          if (message.documents.length >= PAGE_SIZE) send(link, encodePullRequest(++nextRequestId, message.checkpoint, PAGE_SIZE));
          break;
        case Kind.ChangeEvent:
          merge(peer, message.documents);
          break;
      }
    }

    // --- Links ---
    function wire(peer, link, channel) {
      link.channel = channel;
      channel.binaryType = "arraybuffer";
      channel.onopen = () => {
        if (link.open || links.get(peer) !== link) return;
        link.open = true;
        emit({ kind: "linked", peer, offerer: link.offerer });
        // Catch up: pull the peer's change feed from where we last got to.
        send(link, encodePullRequest(++nextRequestId, pulledTo.get(peer) ?? 0, PAGE_SIZE));
      };
      channel.onmessage = ({ data }) => typeof data === "string" ? emit({ kind: "malformed", peer, message: "a text message" }) : onFrame(peer, link, data);
      channel.onclose = () => drop(peer, link, "the data channel closed");
      if (channel.readyState === "open") channel.onopen();
    }

    function newLink(peer, offerer, session) {
      const pc = new RTCPeerConnection();
      const link = { pc, channel: null, session, offerer, open: false, described: false, pending: [], queue: Promise.resolve() };
      links.set(peer, link);
      // Candidates wait until the description went out: the other side would drop them before it.
      const candidate = (line) => {
        const message = { type: "ice-candidate", to: peer, candidate: line, session };
        if (link.described) signal(message);
        else link.pending.push(message);
      };
      pc.onicecandidate = ({ candidate: c }) => candidate(c ? c.candidate : "");
      pc.ondatachannel = ({ channel }) => wire(peer, link, channel);
      pc.onconnectionstatechange = () => {
        if (pc.connectionState === "failed" || pc.connectionState === "closed") drop(peer, link, `the connection is ${pc.connectionState}`);
      };
      setTimeout(() => !link.open && drop(peer, link, `the channel did not open within ${LINK_TIMEOUT_MS} ms`), LINK_TIMEOUT_MS);
      return link;
    }

    function described(link) {
      link.described = true;
      for (const message of link.pending.splice(0)) signal(message);
    }

    // One signaling step at a time per link: a candidate must not overtake its description.
    const step = (link, work) => (link.queue = link.queue.then(work).catch((error) => report(error, "signaling")));

    function drop(peer, link, why) {
      if (links.get(peer) !== link) return;
      links.delete(peer);
      const wasOpen = link.open;
      link.open = false;
      link.pc.close();
      emit({ kind: wasOpen ? "unlinked" : "link-failed", peer, why });
      // The offering side tries again while the peer is in the room; the other side waits for its offer.
      if (ordinal(deviceId, peer) > 0) setTimeout(() => plan(peer), RETRY_DELAY_MS);
    }

    // WebRtcPeer's rule: of two devices, the one with the ordinally larger id offers, so they never offer at once (glare).
    function plan(peer) {
      if (!room.has(peer) || links.has(peer) || ordinal(deviceId, peer) <= 0) return;
      const session = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");
      const link = newLink(peer, true, session);
      wire(peer, link, link.pc.createDataChannel(CHANNEL_LABEL));
      step(link, async () => {
        await link.pc.setLocalDescription(await link.pc.createOffer());
        signal({ type: "offer", to: peer, sdp: link.pc.localDescription.sdp, session });
        described(link);
      });
    }

    function onOffer({ from, sdp, session }) {
      const previous = links.get(from);
      if (previous) drop(from, previous, "the peer offered a new connection");
      const link = newLink(from, false, session);
      step(link, async () => {
        await link.pc.setRemoteDescription({ type: "offer", sdp });
        await link.pc.setLocalDescription(await link.pc.createAnswer());
        const answer = { type: "answer", to: from, sdp: link.pc.localDescription.sdp };
        if (session !== undefined) answer.session = session;
        signal(answer);
        described(link);
      });
    }

    // An answer or candidate of an abandoned attempt (another session) is ignored, as WebRtcPeer does.
    const current = (from, session) => {
      const link = links.get(from);
      return link && (session === undefined || link.session === undefined || link.session === session) ? link : null;
    };

    function onSignal(message) {
      switch (message.type) {
        case "peer-list":
          emit({ kind: "joined", propertyId: message.propertyId, peers: message.peers });
          for (const peer of message.peers) room.add(peer);
          for (const peer of message.peers) plan(peer);
          break;
        case "peer-joined": {
          room.add(message.peerId);
          const stale = links.get(message.peerId);
          if (stale && !stale.open) drop(message.peerId, stale, "the peer rejoined");
          plan(message.peerId);
          break;
        }
        case "peer-left":
          room.delete(message.peerId);
          break;
        case "offer":
          onOffer(message);
          break;
        case "answer": {
          const link = current(message.from, message.session);
          if (link?.offerer) step(link, () => link.pc.setRemoteDescription({ type: "answer", sdp: message.sdp }));
          break;
        }
        case "ice-candidate": {
          const link = current(message.from, message.session);
          // An empty candidate ends the other side's gathering; Chromium needs nothing for it.
          if (link && message.candidate) step(link, () => link.pc.addIceCandidate({ candidate: message.candidate, sdpMLineIndex: 0 }));
          break;
        }
        case "error":
          emit({ kind: "signal-error", code: message.code, message: message.message });
          break;
      }
    }

    function join() {
      if (socket) return;
      socket = new WebSocket(url);
      socket.onopen = () => signal({ type: "join", propertyId, deviceId });
      socket.onmessage = ({ data }) => {
        try {
          onSignal(JSON.parse(data));
        } catch (error) {
          report(error, "signal");
        }
      };
      socket.onclose = ({ code }) => emit({ kind: "signaling-closed", code });
      socket.onerror = () => emit({ kind: "error", message: `the signaling WebSocket to ${url} failed` });
    }

    if (joinNow) join();

    return {
      // Joins the room (when started with joinNow false: a device that wrote while away).
      join,
      // Leaves as a page does on pagehide: closes every channel and connection, then the signaling socket.
      leave() {
        for (const [peer, link] of [...links]) {
          link.channel?.close();
          drop(peer, link, "this device left");
        }
        room.clear();
        socket?.close();
      },
      // A local write: stamped by this device's clock, stored, and flooded to every open link.
      write(collection, id, body) {
        if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error(`a document's body is a JSON object, not ${JSON.stringify(body)}`);
        const bodyText = JSON.stringify(body);
        const document = { collection, id, bodyText, stamp: clock.now(), deleted: false, origin: deviceId };
        store(document, null);
        flood([document], null);
        return formatStamp(document.stamp);
      },
      documents: () => [...documents.values()].map(({ document: d }) => ({ collection: d.collection, id: d.id, stamp: formatStamp(d.stamp), origin: d.origin, body: d.bodyText })),
      peers: () => [...links].filter(([, link]) => link.open).map(([peer]) => peer),
    };
  }

  globalThis.meshClient = { start, decode, rank, parseStamp, formatStamp, compareStamps };
})();
