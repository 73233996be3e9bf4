// A headless-Chromium peer for the interop tests; see peer-protocol.md. The browser's own
// RTCPeerConnection runs in a blank page; this process relays the line protocol to it.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromiumExecutable } from "./chromium-executable.mjs";

const role = process.argv[2];
const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");

const browser = await chromium.launch({
  executablePath: await chromiumExecutable(),
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  ],
});
const page = await browser.newPage();
page.on("console", (message) => process.stderr.write(`[chromium] ${message.text()}\n`));
await page.exposeFunction("emitEvent", (event) => emit(event));
await page.addScriptTag({ path: fileURLToPath(new URL("./peer-commands.js", import.meta.url)) });

await page.evaluate((role) => {
  const { patternOk } = globalThis.peerProtocol;
  const pc = new RTCPeerConnection();
  const channels = [];

  const wire = (channel) => {
    channels.push(channel);
    channel.binaryType = "arraybuffer";
    channel.onopen = () => window.emitEvent({ kind: "open", label: channel.label, id: channel.id });
    channel.onclose = () => window.emitEvent({ kind: "closed", label: channel.label });
    channel.onmessage = ({ data }) => {
      if (typeof data === "string") {
        window.emitEvent({ kind: "text", label: channel.label, text: data });
        if (!data.startsWith("echo:")) channel.send("echo:" + data);
      } else {
        const bytes = new Uint8Array(data);
        const ok = patternOk(bytes);
        window.emitEvent({ kind: "binary", label: channel.label, length: bytes.length, patternOk: ok });
        // Chromium sends at most its own 256 KiB limit, though it reassembles larger messages.
        if (bytes.length <= pc.sctp.maxMessageSize) channel.send(bytes);
        else channel.send(`echo:binary ${bytes.length} ${ok}`);
      }
    };
    if (channel.readyState === "open") channel.onopen();
  };

  pc.onconnectionstatechange = () => window.emitEvent({ kind: "state", state: pc.connectionState });
  pc.ondatachannel = ({ channel }) => wire(channel);

  const publish = async () => {
    if (pc.iceGatheringState !== "complete") {
      await new Promise((resolve) =>
        pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve()));
    }
    window.emitEvent({ kind: "description", type: pc.localDescription.type, sdp: pc.localDescription.sdp });
  };
  window.handle = (command) => globalThis.peerProtocol.run(command, { pc, channels, publish, emit: window.emitEvent });

  if (role === "offer") {
    wire(pc.createDataChannel("interop"));
    pc.createOffer().then((offer) => pc.setLocalDescription(offer)).then(publish);
  }
}, role);

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  await page.evaluate((command) => window.handle(command), command);
  if (command.kind === "quit") break;
}
await browser.close();
process.exit(0);
