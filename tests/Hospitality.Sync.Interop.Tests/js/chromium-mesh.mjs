// Several headless-Chromium pages, each a device running mesh-client.js: one browser, one page per
// device, driven by JSON lines on stdin; see mesh-protocol.md. Every event a page reports is printed
// as one line with the page's name added.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromiumExecutable } from "./chromium-executable.mjs";

const emit = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const client = fileURLToPath(new URL("./mesh-client.js", import.meta.url));

const browser = await chromium.launch({
  executablePath: await chromiumExecutable(),
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    // Chromium's defaults otherwise, as on a guest's phone: its host candidates are .local names. Our
    // peer learns a page's address as peer-reflexive from its checks; a page resolves another page's
    // name over multicast DNS. MESH_REAL_HOST_ADDRESSES=1 shows real addresses instead, for a
    // network that carries no multicast.
    ...(process.env.MESH_REAL_HOST_ADDRESSES === "1" ? ["--disable-features=WebRtcHideLocalIpsWithMdns"] : []),
  ],
});
const pages = new Map();

async function open({ page: name, url, propertyId, deviceId, join = true }) {
  const page = await browser.newPage();
  pages.set(name, page);
  page.on("console", (message) => process.stderr.write(`[${name}] ${message.text()}\n`));
  page.on("pageerror", (error) => emit({ kind: "error", page: name, message: `page error: ${error.message}` }));
  await page.exposeFunction("emitEvent", (event) => emit({ ...event, page: name }));
  await page.addScriptTag({ path: client });
  await page.evaluate(({ url, propertyId, deviceId, join }) => {
    window.mesh = globalThis.meshClient.start({ url, propertyId, deviceId, emit: (event) => window.emitEvent(event), joinNow: join });
  }, { url, propertyId, deviceId, join });
  emit({ kind: "opened", page: name });
}

async function run(command) {
  const page = pages.get(command.page);
  switch (command.kind) {
    case "open":
      await open(command);
      break;
    case "join":
      await page.evaluate(() => window.mesh.join());
      break;
    case "close":
      // As a guest closing the tab, with the page leaving on pagehide (closing channels, connections and
      // signaling); a tab that vanishes without leaving is noticed only when ICE consent expires (~30 s).
      pages.delete(command.page);
      await page.evaluate(() => window.mesh.leave());
      await new Promise((resolve) => setTimeout(resolve, 200));
      await page.close();
      emit({ kind: "closed", page: command.page });
      break;
    case "write": {
      const stamp = await page.evaluate(({ collection, id, body }) => window.mesh.write(collection, id, body), command);
      emit({ kind: "written", page: command.page, collection: command.collection, id: command.id, stamp });
      break;
    }
    case "documents":
      emit({ kind: "documents", page: command.page, documents: await page.evaluate(() => window.mesh.documents()), peers: await page.evaluate(() => window.mesh.peers()) });
      break;
    case "quit":
      break;
    default:
      throw new Error(`unknown command '${command.kind}'`);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  try {
    await run(command);
  } catch (error) {
    emit({ kind: "error", page: command.page, message: `${command.kind}: ${error.message}` });
  }
  if (command.kind === "quit") break;
}
await browser.close();
process.exit(0);
