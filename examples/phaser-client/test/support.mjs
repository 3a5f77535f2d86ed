// What the page's tests share: where things are (ctest passes them in the environment,
// examples/phaser-client/CMakeLists.txt), the game server started as its own process on a free
// loopback port with a temporary data directory, a static file server for the page alone, and
// headless Debian Chromium driven by playwright-core (bindings/wasm/devtools).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { inflateSync } from 'node:zlib';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through ctest (scripts/run-tests wasm)`);
  return value;
}

export const clientDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sourceDir = resolve(clientDir, '..', '..');
export const packageDir = required('LLAMAWOOL_WASM_PACKAGE');
export const devtoolsModules = () => required('LLAMAWOOL_DEVTOOLS_MODULES');
export const clientDist = () => required('LLAMAWOOL_CLIENT_DIST');

export function importLlamawool() {
  return import(pathToFileURL(join(packageDir, 'node.js')).href);
}

const tempDirs = [];
export function tempDir(prefix = 'lw-phaser-client-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
process.on('exit', () => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

/**
 * `node examples/game-server/src/main.js` serving the page (--client-dir) on 127.0.0.1; resolves
 * when it prints its address. `port` 0 picks a free one; a server restarted on the same port and
 * data directory is the same server after an outage.
 */
export async function startGameServer({ client = clientDist(), dataDir = tempDir('lw-phaser-server-'), port = 0, args = [] } = {}) {
  const main = join(sourceDir, 'examples', 'game-server', 'src', 'main.js');
  if (!existsSync(join(sourceDir, 'examples', 'game-server', 'node_modules', 'fastify'))) {
    throw new Error('examples/game-server/node_modules is not installed: run scripts/install-deps');
  }
  const argv = [main, '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn', ...(client ? ['--client-dir', client] : []), ...args];
  const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LLAMAWOOL_WASM_PACKAGE: packageDir } });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolveUrl, reject) => {
    const lines = createInterface({ input: proc.stdout });
    const timer = setTimeout(() => reject(new Error(`the game server did not start in 30 s: ${stderr}`)), 30000);
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(line);
      if (m) { clearTimeout(timer); resolveUrl(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the game server exited (${code}) before listening: ${stderr}`)); });
  });
  const exited = new Promise((resolveExit) => proc.on('exit', (code, signal) => resolveExit({ code, signal })));
  return {
    url, dataDir, port: Number(new URL(url).port),
    get stderr() { return stderr; },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGTERM');
      const late = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const result = await exited;
      clearTimeout(late);
      return result;
    },
  };
}

/** A call to the game server from the test (not through the page). */
export async function api(base, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** The page alone: a static file server for `dir` on a free loopback port (no game server at all). */
export async function serveDir(dir, { port = 0 } = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = resolve(dir, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(resolve(dir) + sep)) { response.writeHead(404).end(); return; }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    port: server.address().port,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }),
  };
}

/** Builds the page with the given environment (LLAMAWOOL_RULESET, ...) into a new folder. */
export function buildPage(env) {
  const out = tempDir('lw-phaser-build-');
  const r = spawnSync(process.execPath, [join(clientDir, 'build.mjs'), out], {
    env: { ...process.env, LLAMAWOOL_WASM_PACKAGE: packageDir, ...env }, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building the page failed (${r.status}): ${r.stderr}${r.stdout}`);
  return out;
}

// --- Chromium -------------------------------------------------------------------------------------

function requireDevtool(name) {
  const modules = devtoolsModules();
  if (!existsSync(join(modules, name))) throw new Error(`${name} is not installed in ${modules}: run scripts/install-deps`);
  return createRequire(join(modules, '..', 'package.json'))(name);
}

/**
 * Debian's Chromium (/usr/bin/chromium: Playwright's own download is not used) headless,
 * without sandbox (tests run as root) or background traffic, with a fresh profile; one context.
 * serviceWorkers 'block' when a test routes requests (a worker's own fetches escape the routes).
 */
export async function launchChromium({ serviceWorkers = 'allow' } = {}) {
  const { chromium } = requireDevtool('playwright-core');
  const profile = tempDir('lw-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    serviceWorkers,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return { context, close: () => context.close() };
}

/**
 * Opens the page and waits for its farm to be interactive. Page errors and console errors are
 * collected in `problems` (a test asserts it is empty), less the failed requests to the game
 * server's API: the page alone, or offline, is expected to fail to reach it.
 */
export async function openFarm(context, url, { page = null } = {}) {
  const p = page ?? await context.newPage();
  const problems = [];
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() !== 'error') return;
    const from = m.location()?.url ?? '';
    if (/^Failed to load resource/.test(m.text()) && /\/v1\//.test(from)) return;
    problems.push(`console: ${m.text()} (${from})`);
  });
  if (!page) await p.goto(url);
  let interactiveMs;
  try {
    interactiveMs = await p.evaluate(() => window.llamawool.ready);
  } catch (error) {
    throw new Error(`${url}: the farm did not start: ${error.message}; ${problems.join('; ')}`);
  }
  return { page: p, problems, interactiveMs };
}

export async function reloadFarm(page) {
  await page.reload();
  return page.evaluate(() => window.llamawool.ready);
}

/** Where the tests write their screenshots (ctest: the build tree), made if needed. */
export function screenshotPath(name) {
  const dir = process.env.LLAMAWOOL_SCREENSHOT_DIR || tempDir('lw-screenshots-');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * A real mouse click on the named element of the canvas (src/ui/FarmScene.js, locate()), once it
 * takes clicks (Phaser hit-tests a new button from the frame after it was made).
 */
export async function click(page, name, { mustBeEnabled = true } = {}) {
  let at;
  const end = Date.now() + 10000;
  for (;;) {
    at = await page.evaluate((n) => window.llamawool.locate(n), name);
    if (at.ready) break;
    if (Date.now() > end) throw new Error(`${name} never took clicks`);
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!at.visible) throw new Error(`${name} is not visible`);
  if (mustBeEnabled && !at.enabled) throw new Error(`${name} is disabled`);
  await page.mouse.click(at.x, at.y);
}

export const status = (page) => page.evaluate(() => window.llamawool.status());
export const view = (page) => page.evaluate(() => window.llamawool.view());

/** Polls fn(page) until it returns a truthy value (or fails after timeoutMs, saying what it last saw). */
export async function until(page, what, fn, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn(page);
    if (last) return last;
    if (Date.now() > end) {
      const s = await status(page).catch((e) => e.message);
      throw new Error(`timed out waiting for ${what}; the page: ${JSON.stringify(s, (k, v) => (k === 'save' ? undefined : v))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A value of the page's IndexedDB store 'farm' (src/store.js). */
export function readStored(page, key) {
  return page.evaluate((k) => new Promise((resolveValue, reject) => {
    const open = indexedDB.open('llamawool');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('farm').objectStore('farm').get(k);
      get.onsuccess = () => { open.result.close(); resolveValue(get.result); };
      get.onerror = () => reject(get.error);
    };
  }), key);
}

export function writeStored(page, key, value) {
  return page.evaluate(([k, v]) => new Promise((resolveDone, reject) => {
    const open = indexedDB.open('llamawool');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('farm', 'readwrite');
      tx.objectStore('farm').put(v, k);
      tx.oncomplete = () => { open.result.close(); resolveDone(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [key, value]);
}

/**
 * The colours of a PNG (8-bit RGB or RGBA, not interlaced, as Chromium writes screenshots):
 * {width, height, distinct, dominantShare} (the share of pixels of the most common colour).
 */
export function pngColours(png) {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width; let height; let channels;
  const idat = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || (colourType !== 2 && colourType !== 6)) throw new Error(`PNG: unsupported (depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const prev = Buffer.alloc(stride);
  const line = Buffer.alloc(stride);
  const counts = new Map();
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let p;
      switch (filter) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: { const pa = Math.abs(b - c); const pb = Math.abs(a - c); const pc = Math.abs(a + b - 2 * c); p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; break; }
        default: throw new Error(`PNG: filter ${filter}`);
      }
      line[i] = (src[i] + p) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const k = (line[x * channels] << 16) | (line[x * channels + 1] << 8) | line[x * channels + 2];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    line.copy(prev);
  }
  return { width, height, distinct: counts.size, dominantShare: Math.max(...counts.values()) / (width * height) };
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}
