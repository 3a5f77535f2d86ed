// A static file server on 127.0.0.1 (random port) and headless Debian Chromium driven by
// playwright-core, for the browser tests. `roots` maps URL prefixes to folders.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { requireDevtool } from './support.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',  // instantiateStreaming requires it
};

export async function serveStatic(roots) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    const relative = prefix === undefined ? null : normalize(path.slice(prefix.length));
    if (relative === null || relative.startsWith('..') || relative.includes(sep + '..')) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(roots[prefix], relative));
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

// Debian's Chromium (/usr/bin/chromium: Playwright's own download is not used), headless, without
// sandbox (tests run as root) or background traffic, with a fresh profile.
export async function launchChromium() {
  const { chromium } = requireDevtool('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'llamawool-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Opens url and waits for the page's `window.runGolden` (or its error); page errors are collected
// so that a failure says what went wrong in the page.
export async function openGoldenPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  try {
    await page.waitForFunction(() => typeof window.runGolden === 'function', null, { timeout: 30000 });
  } catch (error) {
    throw new Error(`${url} did not load: ${problems.join('; ') || error.message}`);
  }
  return { page, problems };
}
