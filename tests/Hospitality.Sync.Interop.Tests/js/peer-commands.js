// What both peers share, see peer-protocol.md: the pattern bytes and the commands a test sends.
// A plain script with no imports or exports, so Node imports it and Chromium's page loads it as a tag.
globalThis.peerProtocol = {
  pattern(length) {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 0xff;
    return bytes;
  },

  patternOk(bytes) {
    return bytes.every((b, i) => b === ((i * 31 + 7) & 0xff));
  },

  // Runs one command on an RTCPeerConnection-shaped `pc` (the browser's or werift's); `publish`
  // prints our description once gathered, `sendable` adapts bytes to what the channel takes.
  async run(command, { pc, channels, publish, emit, sendable = (bytes) => bytes }) {
    const open = () => channels.find((c) => c.readyState === "open");
    try {
      switch (command.kind) {
        case "description":
          await pc.setRemoteDescription({ type: command.type, sdp: command.sdp });
          if (command.type === "offer") {
            await pc.setLocalDescription(await pc.createAnswer());
            await publish();
          }
          break;
        case "send-text":
          open().send(command.text);
          break;
        case "send-binary":
          open().send(sendable(globalThis.peerProtocol.pattern(command.length)));
          break;
        case "close":
          open()?.close();
          break;
        case "quit":
          await pc.close();
          break;
      }
    } catch (error) {
      emit({ kind: "error", message: String(error && error.stack ? error.stack : error) });
    }
  },
};
