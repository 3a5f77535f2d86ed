// A webpack 5 production build of a tiny page that imports the package by name (through its
// package.json "exports", as an app that installed it would), and the bundle run in Chromium.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenDir, goldenFixtures, packageDir, requireDevtool } from './support.mjs';
import { launchChromium, openGoldenPage, serveStatic } from './browser-harness.mjs';

const pageDir = join(dirname(fileURLToPath(import.meta.url)), 'webpack-page');
const work = mkdtempSync(join(tmpdir(), 'llamawool-webpack-'));
const outDir = join(work, 'dist');
after(() => rmSync(work, { recursive: true, force: true }));

function build() {
  // The package as an installed dependency: node_modules/llamawool.
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(packageDir, join(work, 'node_modules', 'llamawool'), 'dir');
  const webpack = requireDevtool('webpack');
  const compiler = webpack({
    mode: 'production',
    target: 'web',
    context: pageDir,
    entry: './main.js',
    output: { path: outDir, filename: 'main.js', publicPath: 'auto' },
    resolve: { modules: [join(work, 'node_modules')] },
    performance: { hints: false },
  });
  return new Promise((resolve, reject) => compiler.run((error, stats) => {
    compiler.close(() => {});
    if (error) reject(error);
    else resolve(stats);
  }));
}

let stats;

test('webpack 5 bundles a page importing the package and emits the .wasm', async () => {
  stats = await build();
  const info = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
  assert.deepEqual(info.errors.map((e) => e.message), []);
  assert.deepEqual(info.warnings.map((w) => w.message), []);
  const wasmAssets = info.assets.map((a) => a.name).filter((n) => n.endsWith('.wasm'));
  assert.equal(wasmAssets.length, 1, `assets: ${info.assets.map((a) => a.name).join(', ')}`);
  assert.ok(readFileSync(join(outDir, wasmAssets[0])).equals(readFileSync(join(packageDir, 'llamawool.wasm'))),
    'the emitted .wasm is the package\'s');
  assert.ok(readdirSync(outDir).includes('main.js'));
  console.log(`webpack: ${info.assets.map((a) => `${a.name} (${a.size} B)`).join(', ')}`);
});

test('the webpack bundle replays a golden playthrough in Chromium to the native hash', async () => {
  assert.ok(stats, 'the bundle was built');
  copyFileSync(join(pageDir, 'index.html'), join(outDir, 'index.html'));
  const server = await serveStatic({ '/app/': outDir, '/golden/': goldenDir });
  const browser = await launchChromium();
  try {
    const { page, problems } = await openGoldenPage(browser.context, `${server.origin}/app/index.html`);
    const fixture = goldenFixtures().find((f) => f.file === 'weekend-player.json');
    const result = await page.evaluate((url) => window.runGolden(url), `/golden/${fixture.file}`);
    assert.equal(result.hash, fixture.expectedHash);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
