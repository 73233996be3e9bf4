// A werift peer for the interop tests; see peer-protocol.md.
import { RTCPeerConnection } from "werift";
import { createInterface } from "node:readline";
import "./peer-commands.js";

const role = process.argv[2];
const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const { patternOk, run } = globalThis.peerProtocol;

// Loopback must be offered explicitly, and IPv6 off, or werift skips 127.0.0.1.
const pc = new RTCPeerConnection({
  iceUseIpv6: false,
  iceAdditionalHostAddresses: ["127.0.0.1"],
  maxMessageSize: 4 * 1024 * 1024,
});
const channels = [];

const wire = (channel) => {
  channels.push(channel);
  channel.stateChanged.subscribe((state) => {
    if (state === "open") emit({ kind: "open", label: channel.label, id: channel.id });
    if (state === "closed") emit({ kind: "closed", label: channel.label });
  });
  channel.onMessage.subscribe((data) => {
    if (typeof data === "string") {
      emit({ kind: "text", label: channel.label, text: data });
      if (!data.startsWith("echo:")) channel.send("echo:" + data);
    } else {
      emit({ kind: "binary", label: channel.label, length: data.length, patternOk: patternOk(data) });
      channel.send(Buffer.from(data));
    }
  });
};

pc.connectionStateChange.subscribe((state) => emit({ kind: "state", state }));
pc.onDataChannel.subscribe((channel) => {
  wire(channel);
  if (channel.readyState === "open") emit({ kind: "open", label: channel.label, id: channel.id });
});

const waitGathered = () =>
  new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.iceGatheringStateChange.subscribe((state) => state === "complete" && resolve());
  });

const publish = async () => {
  await waitGathered();
  emit({ kind: "description", type: pc.localDescription.type, sdp: pc.localDescription.sdp });
};

if (role === "offer") {
  wire(pc.createDataChannel("interop"));
  await pc.setLocalDescription(await pc.createOffer());
  await publish();
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  await run(command, { pc, channels, publish, emit, sendable: (bytes) => Buffer.from(bytes.buffer) });
  if (command.kind === "quit") break;
}
await pc.close();
process.exit(0);
