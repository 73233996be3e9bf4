// Which Chromium the interop tests drive, decided in one place: CHROMIUM_PATH if set, else
// Debian's /usr/bin/chromium if present, else the headless Chromium inside the pinned
// @sparticuz/chromium package, so a machine with only the .NET SDK and Node runs the tests.
// Run as a script it prints that path (the C# tests ask once and hand it to every peer).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const debianChromium = "/usr/bin/chromium";

export async function chromiumExecutable(env = process.env) {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  // HSIM_CHROMIUM_FROM_NPM=1 proves the fresh-machine path on a machine that has Debian's.
  if (env.HSIM_CHROMIUM_FROM_NPM !== "1" && existsSync(debianChromium)) return debianChromium;
  return await npmChromium();
}

// The package extracts into os.tmpdir() and reuses any `chromium` already there, whatever its
// version: so extract into a staging folder of our own, then rename it to one named for the
// version, which a killed extraction can never leave half-written.
async function npmChromium() {
  const manifest = new URL("./node_modules/@sparticuz/chromium/package.json", import.meta.url);
  const { version } = JSON.parse(readFileSync(manifest, "utf8"));
  const home = fileURLToPath(new URL(`./.chromium/${version}`, import.meta.url));
  const binary = join(home, "chromium");
  if (existsSync(binary)) return binary;

  const staging = `${home}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const { default: chromium } = await import("@sparticuz/chromium");
    const extracted = await chromium.executablePath();
    if (extracted !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium extracted to ${extracted}, not ${staging}`);
    try {
      renameSync(staging, home);
    } catch (error) {
      // Another process finished first: its copy is as good as ours.
      if (!existsSync(binary)) throw error;
    }
    return binary;
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write((await chromiumExecutable()) + "\n");
}
