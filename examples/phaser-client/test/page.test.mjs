// The page alone (a static file server, no game server anywhere) in headless Chromium: played by
// real clicks on the canvas, persisted in IndexedDB across reloads, loaded offline through its
// service worker, its start-up timed, the event banner and the "while you were away" report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildPage, click, clientDist, launchChromium, openFarm, pngColours, reloadFarm, screenshotPath, serveDir, sourceDir, status, until, view,
} from './support.mjs';

const TTI_BUDGET_MS = Number(process.env.LLAMAWOOL_TTI_BUDGET_MS ?? 1500);
let site;

before(async () => { site = await serveDir(clientDist()); });
after(async () => { await site?.close(); });

async function withBrowser(fn) {
  const browser = await launchChromium();
  try {
    return await fn(browser.context);
  } finally {
    await browser.close();
  }
}

test('shear 20 times by clicking (the 21st is refused by the page: the click limit), buy a barn, reload: the farm persisted', () => withBrowser(async (context) => {
  await context.clock.install();
  const { page, problems } = await openFarm(context, `${site.origin}/`);
  assert.equal((await view(page)).clicks.available, 20);
  // Time stands still: the 20 clicks of the burst, and no refill.
  await context.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  for (let i = 0; i < 20; i++) await click(page, 'shear');
  let s = await status(page);
  assert.equal(s.queued, 20);
  assert.equal(JSON.parse(s.save).totalClicks, 20);
  assert.equal((await view(page)).clicks.available, 0);
  await click(page, 'shear');
  s = await status(page);
  assert.equal(s.queued, 20, 'the 21st click was not played: no clicks left');
  assert.equal(JSON.parse(s.save).totalClicks, 20);
  // A barn costs 10: 20 clicks gave 2.04, a minute and a half of the llama's production the rest.
  assert.equal((await view(page)).buildings[0].next1.affordable, false);
  assert.equal((await page.evaluate(() => window.llamawool.locate('buy:barn'))).enabled, false, 'the buy button is off while it cannot be bought');
  await context.clock.fastForward(90_000);
  await context.clock.resume();
  await until(page, 'the barn to be affordable', async () => (await page.evaluate(() => window.llamawool.locate('buy:barn'))).enabled);
  await click(page, 'buy:barn');
  s = await status(page);
  assert.equal((await view(page)).buildings[0].level, 1);
  assert.equal(s.queued, 21);
  assert.equal(s.registered, false);
  assert.equal(s.sync.state, 'no-server', s.sync.message);
  const before = s;

  const shot = await page.screenshot();
  const colours = pngColours(shot);
  assert.equal(colours.width, 1280);
  assert.ok(colours.distinct > 200 && colours.dominantShare < 0.5, `the screenshot is not blank: ${JSON.stringify(colours)}`);
  writeFileSync(screenshotPath('page-alone.png'), shot);

  await page.evaluate(() => window.llamawool.flush());
  await reloadFarm(page);
  const after = await status(page);
  assert.equal(after.playerId, before.playerId);
  assert.equal(after.hash, before.hash, 'the same farm, to the bit');
  assert.equal(after.queued, 21, 'and the same queue of actions to sync');
  assert.equal((await view(page)).buildings[0].level, 1);
  assert.deepEqual(problems, []);
}));

test('the "while you were away" report on load, and the welcome-back tick queued', () => withBrowser(async (context) => {
  await context.clock.install();
  const { page, problems } = await openFarm(context, `${site.origin}/`);
  for (let i = 0; i < 5; i++) await click(page, 'shear');
  await page.evaluate(() => window.llamawool.flush());
  await page.close();
  await context.clock.fastForward(8 * 3_600_000);
  const again = await openFarm(context, `${site.origin}/`);
  const s = await status(again.page);
  assert.equal(s.dialog, 'While you were away');
  assert.equal(s.queued, 6, 'the 5 clicks and the tick that credited the time away');
  const tick = await again.page.evaluate(() => window.llamawool.farm.queue.at(-1).action.type);
  assert.equal(tick, 'tick');
  await click(again.page, 'dialog:ok');
  assert.equal((await status(again.page)).dialog, null);
  assert.deepEqual([...problems, ...again.problems], []);
}));

test('a farm IndexedDB refuses to store: the player is told, once, and plays on', () => withBrowser(async (context) => {
  const { page, problems } = await openFarm(context, `${site.origin}/`);
  // Fault injection through the page's handle: every write fails as a full disk would.
  await page.evaluate(() => {
    window.llamawool.farm.store.write = async () => { throw new DOMException('the quota is exceeded', 'QuotaExceededError'); };
  });
  await click(page, 'shear');
  await until(page, 'the dialog', async () => (await status(page)).dialog);
  const s = await status(page);
  assert.equal(s.dialog, 'Your farm could not be saved on this device');
  assert.equal(s.storageError, 'the quota is exceeded');
  await click(page, 'dialog:ok');
  for (let i = 0; i < 2; i++) await click(page, 'shear');
  assert.equal((await status(page)).dialog, null, 'told once, not at every click');
  assert.equal((await status(page)).queued, 3, 'the clicks were played');
  assert.deepEqual(problems, []);
}));

test('offline: the service worker precached the page and llamawool.wasm, and the farm loads with no network', () => withBrowser(async (context) => {
  const { page, problems } = await openFarm(context, `${site.origin}/`);
  await click(page, 'shear');
  await page.evaluate(() => window.llamawool.flush());
  const cached = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('llamawool-')));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  const wasm = cached.filter((p) => p.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `precached: ${cached.join(', ')}`);
  assert.ok(cached.includes('/index.html') && cached.some((p) => /\/assets\/game-.*\.js$/.test(p)), `precached: ${cached.join(', ')}`);
  const before = await status(page);
  await context.setOffline(true);
  const interactiveMs = await reloadFarm(page);
  const s = await status(page);
  assert.equal(s.hash, before.hash);
  assert.equal(s.sync.state, 'offline');
  await click(page, 'shear');
  assert.equal((await status(page)).queued, before.queued + 1, 'and it plays');
  console.log(`offline load through the service worker: interactive after ${Math.round(interactiveMs)} ms`);
  await context.setOffline(false);
  assert.deepEqual(problems, []);
}));

test('one tab plays the farm: a second tab waits, saying why, and starts when the first is closed', () => withBrowser(async (context) => {
  const first = await openFarm(context, `${site.origin}/`);
  await click(first.page, 'shear');
  await first.page.evaluate(() => window.llamawool.flush());
  const second = await context.newPage();
  await second.goto(`${site.origin}/`);
  await until(second, 'the second tab to say it waits', async (p) => /open in another tab/.test(await p.evaluate(() => document.getElementById('boot')?.textContent ?? '')));
  assert.equal(await second.evaluate(() => window.llamawool.interactiveMs ?? null), null, 'the second tab has not started');
  const hash = (await status(first.page)).hash;
  await first.page.close();
  const { problems } = await openFarm(context, null, { page: second });
  assert.equal((await status(second)).hash, hash, 'the same farm');
  assert.deepEqual([...first.problems, ...problems], []);
}));

test('the web manifest: installable fields and icons, no errors', () => withBrowser(async (context) => {
  const { page } = await openFarm(context, `${site.origin}/`);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  const data = JSON.parse(manifest.data);
  assert.equal(data.name, 'Llama Wool Farm');
  assert.equal(data.display, 'standalone');
  assert.deepEqual(data.icons.filter((i) => i.type === 'image/png').map((i) => i.sizes), ['192x192', '512x512']);
  for (const icon of data.icons) {
    const r = await page.evaluate(async (src) => { const res = await fetch(src); return [res.status, res.headers.get('content-type')]; }, icon.src);
    assert.deepEqual(r, [200, icon.type], icon.src);
  }
}));

test('time from navigation to the first interactive frame (target <= 1.5 s)', async () => {
  // Three first visits (a new profile each: nothing cached), then three reloads of the last one
  // (the service worker's cache). The best of three is compared with the target: the machine is
  // shared, and the slower runs measure the neighbours.
  const cold = [];
  let warm = [];
  const marks = [];
  const marksOf = (page) => page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name.replace('llamawool-', '')} ${Math.round(m.startTime)}`).join(', '));
  for (let i = 0; i < 3; i++) {
    await withBrowser(async (context) => {
      const { page, interactiveMs, problems } = await openFarm(context, `${site.origin}/`);
      cold.push(interactiveMs);
      marks.push(`first visit ${i + 1}: ${await marksOf(page)}`);
      assert.deepEqual(problems, []);
      if (i === 2) {
        await page.evaluate(async () => { await navigator.serviceWorker.ready; });
        warm = [];
        for (let j = 0; j < 3; j++) warm.push(await reloadFarm(page));
        marks.push(`the last reload: ${await marksOf(page)}`);
      }
    });
  }
  const ms = (list) => list.map((x) => Math.round(x)).join(', ');
  console.log(`time to the first interactive frame: first visits ${ms(cold)} ms; reloads (service worker) ${ms(warm)} ms`);
  console.log(`start-up marks (ms after navigation): ${marks.join('; ')}`);
  assert.ok(Math.min(...cold) <= TTI_BUDGET_MS, `first visit: best ${Math.round(Math.min(...cold))} ms > ${TTI_BUDGET_MS} ms`);
  assert.ok(Math.min(...warm) <= TTI_BUDGET_MS, `reload: best ${Math.round(Math.min(...warm))} ms > ${TTI_BUDGET_MS} ms`);
});

test('the event banner: an upcoming event, then the active one with its effects (a page built with the live-ops ruleset)', async () => {
  const dist = buildPage({ LLAMAWOOL_RULESET: join(sourceDir, 'examples', 'rulesets', 'live-ops-events.json') });
  const events = JSON.parse(readFileSync(join(sourceDir, 'examples', 'rulesets', 'live-ops-events.json'), 'utf8')).events;
  const weekend = events.find((e) => e.id === 'double_wool_weekend');
  const live = await serveDir(dist);
  try {
    await withBrowser(async (context) => {
      await context.clock.install({ time: weekend.startMs - 2 * 3_600_000 });
      const { page, problems } = await openFarm(context, `${live.origin}/`);
      assert.match((await status(page)).banner, /^Coming: Double Wool Weekend in (2 h 0 min|1 h 59 min)$/);
      await context.clock.fastForward(2 * 3_600_000 + 60_000);
      await until(page, 'the banner of the active event', async () => (await status(page)).banner.startsWith('★'));
      const s = await status(page);
      assert.match(s.banner, /^★ Double Wool Weekend: production ×2, ends in 1 d 23 h$/);
      const v = await view(page);
      assert.deepEqual(v.activeEvents.map((e) => e.id), ['double_wool_weekend']);
      assert.equal(v.multipliers.events, '2');
      writeFileSync(screenshotPath('event-banner.png'), await page.screenshot());
      assert.deepEqual(problems, []);
    });
  } finally {
    await live.close();
  }
});
