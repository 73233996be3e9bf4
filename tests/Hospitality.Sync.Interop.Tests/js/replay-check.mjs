// Opens a replay.html from disk in headless Chromium and reports, as one JSON line, what a viewer
// would see: console errors, how long it took to load, and the page's text at several frames.
// Usage: node replay-check.mjs /path/to/replay.html [FRAME...]  (default frames: first, a third, half, last)
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { chromiumExecutable } from "./chromium-executable.mjs";

const [file, ...wanted] = process.argv.slice(2);
if (!file || wanted.some((frame) => !/^\d+$/.test(frame))) {
  process.stderr.write("usage: node replay-check.mjs REPLAY_HTML [FRAME...]\n");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: await chromiumExecutable(),
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const requests = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => { if (!request.url().startsWith("file:")) requests.push(request.url()); });

  const started = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  const loadMs = performance.now() - started;

  const frames = await page.$eval("#scrubber", (input) => Number(input.max) + 1);
  const read = () => page.evaluate(() => ({
    time: document.getElementById("time").textContent,
    summary: document.getElementById("summary").textContent,
    faultsNow: document.getElementById("faults-now").textContent,
    flows: document.querySelectorAll("#flows line").length,
    hostRows: [...document.querySelectorAll("#host-rows tr")].map((row) => [...row.cells].map((cell) => cell.textContent).join("|")),
  }));
  let scrubMs = 0;
  const scrub = async (index) => {
    // As a user drags it: the value changes, then the input event fires (and redraws, synchronously).
    const took = await page.$eval("#scrubber", (input, value) => {
      const started = performance.now();
      input.value = String(value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      return performance.now() - started;
    }, index);
    scrubMs = Math.max(scrubMs, took);
    return read();
  };
  const views = [];
  const indices = wanted.length ? wanted.map(Number) : [...new Set([0, Math.floor(frames / 3), Math.floor(frames / 2), frames - 1])];
  for (const index of indices) {
    const view = await scrub(index);
    views.push({ index, time: view.time, summary: view.summary, faultsNow: view.faultsNow, flows: view.flows, hostStates: view.hostRows });
  }
  const shown = await page.evaluate(() => ({
    title: document.title,
    faultMarks: document.querySelectorAll("#timeline .fault-mark").length,
    hostMarks: document.querySelectorAll("#topology .host").length,
    segments: document.querySelectorAll("#topology .segment").length,
  }));
  process.stdout.write(JSON.stringify({ loadMs: Math.round(loadMs), scrubMs: Math.round(scrubMs), frames, errors, requests, ...shown, views }) + "\n");
} finally {
  await browser.close();
}
