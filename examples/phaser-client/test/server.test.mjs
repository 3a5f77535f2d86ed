// The page served by the game server (`--client-dir`, one origin) in headless Chromium: a scripted
// session of hours under a controlled clock synced at the end; tampering with the stored farm;
// the server going down and coming back; a device clock hours fast. Every check of the farm ends
// on the server's own stateHash (GET /v1/players/{id}/farm) being the page's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { genesisGameSave } from '../src/farm.js';
import { MAX_BATCH } from '../src/sync.js';
import {
  api, buildPage, click, importLlamawool, launchChromium, openFarm, readStored, screenshotPath, sourceDir, startGameServer, status, until, view,
  writeStored,
} from './support.mjs';

const HOUR = 3_600_000;
const LIVE_OPS = join(sourceDir, 'examples', 'rulesets', 'live-ops-events.json');
const { createEngine } = await importLlamawool();
const engine = await createEngine();
after(() => engine.dispose());

const locate = (page, name) => page.evaluate((n) => window.llamawool.locate(n), name);

/** The server's farm of the page's player (the token from the page's IndexedDB). */
async function serverFarm(server, page) {
  const account = await readStored(page, 'account');
  assert.ok(account, 'the page is registered');
  const r = await api(server.url, 'GET', `/v1/players/${account.playerId}/farm`, { token: account.token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function assertSameAsServer(server, page) {
  const s = await status(page);
  const farm = await serverFarm(server, page);
  assert.equal(s.hash, farm.stateHash, 'the server\'s farm is the page\'s');
  assert.equal(s.queued, 0);
  return farm;
}

/** Opens the farm again, adding what goes wrong in the page to `problems`. */
async function reopenFarm(context, url, problems) {
  const r = await openFarm(context, url);
  problems.push(...r.problems);
  return r.page;
}

/** One turn of a player: a few clicks, the upgrades that can be afforded, "max" of every building. */
async function playTurn(page, clicks = 5) {
  const n = Math.min(clicks, (await view(page)).clicks.available);
  for (let i = 0; i < n; i++) await click(page, 'shear');
  const upgrades = (await view(page)).upgrades.filter((u) => !u.owned && u.unlocked && u.affordable);
  if (upgrades.length) {
    await click(page, 'tab:upgrades');
    for (const u of upgrades) if ((await locate(page, `upgrade:${u.id}`)).enabled) await click(page, `upgrade:${u.id}`);
    await click(page, 'tab:buildings');
  }
  if (!(await locate(page, 'mode:max')).enabled) throw new Error('mode:max is off');
  await click(page, 'mode:max');
  for (const b of (await view(page)).buildings) if ((await locate(page, `buy:${b.id}`)).enabled) await click(page, `buy:${b.id}`);
}

test('hours of play under a controlled clock with no server reachable (an event, an 8 h gap, a prestige), then synced: accepted, the server\'s hash is the page\'s', async () => {
  const dist = buildPage({ LLAMAWOOL_RULESET: LIVE_OPS });
  const weekend = JSON.parse(readFileSync(LIVE_OPS, 'utf8')).events.find((e) => e.id === 'double_wool_weekend');
  const server = await startGameServer({ client: dist, args: ['--ruleset', LIVE_OPS] });
  const browser = await launchChromium({ serviceWorkers: 'block' });
  try {
    const { context } = browser;
    // The network is down: nothing reaches the game server until the session is over.
    const down = (route) => route.abort('internetdisconnected');
    await context.route('**/v1/**', down);
    const t0 = weekend.startMs - HOUR;
    await context.clock.install({ time: t0 });
    let { page, problems } = await openFarm(context, `${server.url}/`);
    await until(page, 'the page to find no server', async () => (await status(page)).sync.state === 'no-server');
    // An hour of play, four minutes a turn, into the Double Wool Weekend.
    for (let turn = 0; turn < 16; turn++) {
      await playTurn(page);
      await context.clock.fastForward(240_000);
    }
    await until(page, 'the event banner', async () => (await status(page)).banner.startsWith('★ Double Wool Weekend'));
    await page.evaluate(() => { window.llamawool.scene.refresh(); return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); });
    writeFileSync(screenshotPath('session.png'), await page.screenshot());
    // Eight hours away: the page is closed, the farm produces offline.
    await page.evaluate(() => window.llamawool.flush());
    await page.close();
    await context.clock.fastForward(8 * HOUR);
    page = await reopenFarm(context, `${server.url}/`, problems);
    assert.equal((await status(page)).dialog, 'While you were away');
    await click(page, 'dialog:ok');
    // Play on to a prestige, confirmed in its dialog.
    let turns = 0;
    while (!(await view(page)).prestige.ready) {
      assert.ok(++turns <= 60, 'a prestige within 4 hours of play');
      await playTurn(page);
      await context.clock.fastForward(240_000);
    }
    const pending = (await view(page)).prestige.pendingSoulShears;
    await click(page, 'prestige');
    assert.match((await status(page)).dialog, /^Prestige for \+[0-9.]+ [A-Za-z]* ?Soul Shears\?$/);
    await click(page, 'dialog:cancel');
    assert.equal((await view(page)).prestige.totalPrestiges, 0, 'cancelled: nothing happened');
    await click(page, 'prestige');
    await click(page, 'dialog:confirm');
    const after = await view(page);
    assert.equal(after.prestige.totalPrestiges, 1);
    assert.ok(Number(after.prestige.soulShears) >= Number(pending));
    for (let turn = 0; turn < 3; turn++) {
      await playTurn(page);
      await context.clock.fastForward(240_000);
    }
    const played = await status(page);
    assert.equal(played.registered, false);
    assert.ok(played.queued > 100, `${played.queued} actions queued`);
    const hours = (played.lastUpdateMs - t0) / HOUR;
    assert.ok(hours >= 9, `${hours.toFixed(1)} hours of game time`);
    // The network is back: the sync timer registers the farm and sends the queue.
    await context.unroute('**/v1/**', down);
    await context.clock.runFor(16_000);
    await until(page, 'the queue to be synced', async () => { const s = await status(page); return s.sync.state === 'synced' && s.queued === 0; }, 60000);
    const s = await status(page);
    assert.deepEqual([...new Set(s.outcomes)], ['accepted'], 'no desync, rejection or rebase on the way');
    assert.equal(s.notice, null);
    const farm = await assertSameAsServer(server, page);
    assert.equal(farm.save.totalPrestiges, 1);
    console.log(`session: ${hours.toFixed(1)} h of game time, ${played.queued} actions synced in ${Math.ceil(played.queued / MAX_BATCH)} batches, accepted; stateHash ${farm.stateHash}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('tampering with the stored farm: a desync, a rejection and a damaged save, each recovered to the server\'s farm; the server down and back', async () => {
  let server = await startGameServer();
  const browser = await launchChromium();
  try {
    const { context } = browser;
    let { page, problems } = await openFarm(context, `${server.url}/`);
    await until(page, 'registration', async () => (await status(page)).registered);
    for (let i = 0; i < 10; i++) await click(page, 'shear');
    // The tab is hidden: its queue goes to the server.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await until(page, 'the sync on hiding the tab', async () => (await status(page)).queued === 0);
    await assertSameAsServer(server, page);

    // A stored farm rewritten with more wool (and a valid hash, made by the engine as anyone can).
    const reopen = async () => {
      // The page stops syncing before it closes: closing hides it, and its sync on hiding (a
      // keepalive request) or a timer's could answer and write the stored farm after
      // page.close() returned, over the edit this test then makes from another page.
      await page.evaluate(() => {
        document.addEventListener('visibilitychange', (event) => event.stopImmediatePropagation(), true);
        window.llamawool.syncer.stop();
      });
      await until(page, 'no sync running', async () => (await status(page)).sync.state !== 'syncing');
      await page.evaluate(() => window.llamawool.flush());
      await page.close();
      const side = await context.newPage();
      await side.goto(`${server.url}/manifest.webmanifest`);  // the origin, without the farm
      return side;
    };
    const rich = async (side) => {
      const current = engine.loadState(await readStored(side, 'current'));
      const doc = genesisGameSave(current.view(current.lastUpdateMs), current.playerId, current.lastUpdateMs);
      doc.woolCounts.basic = '1e7';
      doc.totalWoolProduced = '1e6';
      current.dispose();
      await writeStored(side, 'current', engine.importPwa(doc).state.save());
    };
    let side = await reopen();
    await rich(side);
    await side.close();
    page = await reopenFarm(context, `${server.url}/`, problems);
    await until(page, 'the sync at start', async () => (await status(page)).sync.state === 'synced');
    assert.ok(Number((await view(page)).wool[0].amount) >= 1e7, 'the page cannot tell');
    for (let i = 0; i < 3; i++) await click(page, 'shear');
    await page.evaluate(() => window.llamawool.syncNow());
    let s = await status(page);
    assert.deepEqual(s.outcomes, ['desync']);
    assert.equal((await status(page)).dialog, 'Your farm was replaced by the server\'s');
    await click(page, 'dialog:ok');
    await assertSameAsServer(server, page);
    assert.ok(Number((await view(page)).wool[0].amount) < 1e6, 'the wool is the server\'s again');

    side = await reopen();
    await rich(side);
    await side.close();
    page = await reopenFarm(context, `${server.url}/`, problems);
    await until(page, 'the sync at start', async () => (await status(page)).sync.state === 'synced');
    await click(page, 'mode:max');
    await click(page, 'buy:barn');
    assert.ok((await view(page)).buildings[0].level > 10);
    await page.evaluate(() => window.llamawool.syncNow());
    assert.deepEqual((await status(page)).outcomes, ['rejected']);
    assert.equal((await status(page)).dialog, 'The server refused an action');
    assert.match((await status(page)).notice.text, /^the server refused action 1 of 1: insufficient_funds: actions\[0\]\.building: one level of barn costs 10 but only [0-9.]+ value is spendable\. Your farm was rolled back to the server's \(0 of 1 actions kept\)$/);
    await click(page, 'dialog:ok');
    await assertSameAsServer(server, page);
    assert.equal((await view(page)).buildings[0].level, 0, 'rolled back: no barns');

    // A save edited by hand (its hash no longer matches): rebuilt from the synced farm and the
    // queued actions. No timer sync may send them first (the machine may be slow enough).
    await page.evaluate(() => window.llamawool.syncer.stop());
    for (let i = 0; i < 4; i++) await click(page, 'shear');
    const expected = (await status(page)).hash;
    side = await reopen();
    const edited = JSON.parse(await readStored(side, 'current'));
    edited.wool.basic = '99999999';
    await writeStored(side, 'current', JSON.stringify(edited));
    await side.close();
    page = await reopenFarm(context, `${server.url}/`, problems);
    s = await status(page);
    assert.equal(s.dialog, 'Your stored farm was repaired');
    assert.match(s.repairs[0], /^the stored farm could not be read \(state_hash_mismatch: /);
    assert.equal(s.repairs[1], 'the farm was restored from the last synced farm and 4 queued actions');
    assert.equal(s.hash, expected);
    await click(page, 'dialog:ok');
    assert.equal((await page.evaluate(() => window.llamawool.syncNow())).lastOutcome, 'accepted');
    await assertSameAsServer(server, page);

    // The server goes down: the page plays on, and queues.
    const { port, dataDir } = server;
    await server.stop();
    for (let i = 0; i < 6; i++) await click(page, 'shear');
    s = await page.evaluate(() => window.llamawool.syncNow());
    assert.equal(s.state, 'offline');
    assert.equal((await status(page)).queued, 6);
    await click(page, 'mode:1');
    // Back on the same port and data: the sync timer (every 15 s) sends the queue.
    server = await startGameServer({ port, dataDir });
    await until(page, 'the timer\'s sync after the outage', async () => { const x = await status(page); return x.sync.state === 'synced' && x.queued === 0; }, 40000);
    assert.equal((await status(page)).sync.lastOutcome, 'accepted');
    await assertSameAsServer(server, page);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('a device clock three hours fast: the farm begins and plays at the server\'s time, and every sync is accepted', async () => {
  const server = await startGameServer();
  const browser = await launchChromium();
  try {
    const { context } = browser;
    await context.clock.install({ time: Date.now() + 3 * HOUR });
    const { page, problems } = await openFarm(context, `${server.url}/`);
    const device = await page.evaluate(() => Date.now());
    assert.ok(device > Date.now() + 2 * HOUR, 'the page\'s clock is fast');
    for (let i = 0; i < 8; i++) await click(page, 'shear');
    const s = await status(page);
    assert.ok(Math.abs(s.lastUpdateMs - Date.now()) < 10_000, `actions are stamped at the server's time (${s.lastUpdateMs - Date.now()} ms from it), not the device's`);
    assert.ok(s.clockOffsetMs < -2 * HOUR, `offset ${s.clockOffsetMs}`);
    const result = await page.evaluate(() => window.llamawool.syncNow());
    assert.equal(result.lastOutcome, 'accepted', result.message);
    await assertSameAsServer(server, page);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
