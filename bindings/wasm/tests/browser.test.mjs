// The package in headless Chromium: a page served on 127.0.0.1 imports it as an ES module (the
// glue fetches llamawool.wasm from next to llamawool.mjs) and replays the golden playthroughs; each
// must end on the native hash.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenDir, goldenFixtures, packageDir } from './support.mjs';
import { launchChromium, openGoldenPage, serveStatic } from './browser-harness.mjs';

const testsDir = dirname(fileURLToPath(import.meta.url));
let server;
let browser;

before(async () => {
  server = await serveStatic({ '/package/': packageDir, '/tests/': testsDir, '/golden/': goldenDir });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('golden playthroughs in Chromium end on the native hashes', async () => {
  const { page, problems } = await openGoldenPage(browser.context, `${server.origin}/tests/browser-page.html`);
  for (const fixture of goldenFixtures()) {
    const result = await page.evaluate((url) => window.runGolden(url), `/golden/${fixture.file}`);
    console.log(`chromium: golden "${fixture.name}" -> stateHash ${result.hash}`);
    assert.equal(result.hash, fixture.expectedHash, `${fixture.name} (${problems.join('; ')})`);
  }
  assert.deepEqual(problems, []);
});
