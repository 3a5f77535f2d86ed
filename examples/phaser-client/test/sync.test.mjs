// The page's farm and sync policy (src/farm.js, src/sync.js, src/clock.js) in Node, against the
// real game server (a process on a free loopback port, its own data directory), with the device's
// clocks under the test's control and storage in memory (IndexedDB's part is the browser tests').
// Every outcome of the server's replay is produced the way it happens to a player: honest play
// offline then registration, a tampered local farm, another device, a lost answer, a fast clock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Api, Unreachable } from '../src/api.js';
import { Clock } from '../src/clock.js';
import { Farm, genesisGameSave } from '../src/farm.js';
import { MAX_BATCH, Syncer, learnServerClock } from '../src/sync.js';
import { MemoryStore } from './memory-store.mjs';
import { api, importLlamawool, sourceDir, startGameServer } from './support.mjs';

const HOUR = 3_600_000;
const { createEngine } = await importLlamawool();
const engine = await createEngine();
let server;

before(async () => { server = await startGameServer({ client: null }); });
after(async () => { await server?.stop(); engine.dispose(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A device: its clocks are the real ones plus a skew the test sets (`skewMs` > 0: a fast device
 * clock); advance(ms) jumps both clocks forward (time passing in the past, before the device's
 * first contact with the server); play(n) clicks n times in real time, within the click limit.
 * `serverUrl` null is a server that cannot be reached.
 */
async function device({ store = new MemoryStore(), skewMs = 0, serverUrl = server.url } = {}) {
  const dev = { store, skew: skewMs, monoSkew: 0 };
  dev.advance = (ms) => { dev.skew += ms; dev.monoSkew += ms; };
  const data = await store.load();
  dev.clock = new Clock({ ...(data.clock ?? {}), deviceNow: () => Date.now() + dev.skew, monoNow: () => performance.now() + dev.monoSkew });
  dev.api = new Api({ base: serverUrl ?? 'http://127.0.0.1:9', stamp: () => dev.clock.stamp(), timeoutMs: 10000 });
  dev.farm = await Farm.open({ engine, store, clock: dev.clock, data });
  dev.syncer = new Syncer({ farm: dev.farm, api: dev.api, clock: dev.clock });
  dev.outcomes = [];  // every batch's outcome, in order
  dev.syncer.addEventListener('outcome', (e) => dev.outcomes.push(e.detail.outcome));
  dev.shear = () => dev.farm.act({ type: 'shear', count: 1 });
  dev.play = async (n) => { for (let i = 0; i < n; i++) { await sleep(60); dev.shear(); } };
  dev.sync = async () => { const s = await dev.syncer.sync(); await dev.farm.flush(); return s; };
  /** The same device after a reload: a new Farm and Syncer from what was stored. */
  dev.reload = async () => { await dev.farm.flush(); return device({ store, skewMs: dev.skew, serverUrl }); };
  return dev;
}

async function serverFarm(dev) {
  const r = await api(server.url, 'GET', `/v1/players/${dev.farm.account.playerId}/farm`, { token: dev.farm.account.token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// A farm as rich as a cheater would like, for the same player at the same moment, with a valid
// hash (made by the engine itself, as anyone with the page's code can).
function richSave(dev) {
  const v = dev.farm.view();
  const doc = genesisGameSave(v, dev.farm.playerId, dev.farm.state.lastUpdateMs);
  doc.woolCounts.basic = '1e7';
  doc.totalWoolProduced = '1e6';
  return engine.importPwa(doc).state.save();
}

test('played with no server, registered later: the whole queue syncs in batches of at most 500, accepted, same hash', async () => {
  const dev = await device({ skewMs: -2 * HOUR, serverUrl: null });
  const genesisHash = dev.farm.base.hash;
  assert.equal((await dev.sync()).state, 'no-server');
  // 1 200 clicks at 60 ms: as fast as the click limit refills (20 a second), never faster.
  for (let i = 0; i < 1200; i++) {
    dev.advance(60);
    dev.farm.act({ type: 'shear', count: 1 });
    if (i % 300 === 299) dev.farm.act({ type: 'buy_building', building: 'barn', quantity: 'max' });
  }
  assert.throws(() => { dev.advance(1); dev.farm.act({ type: 'shear', count: 21 }); }, (e) => e.code === 'rate_limited');
  assert.equal(dev.farm.queue.length, 1204, 'the refused click was not queued');
  await dev.farm.flush();
  const requests = [];
  const online = await device({ store: dev.store, skewMs: dev.skew });
  const send = online.api.sync.bind(online.api);
  online.api.sync = (account, request, options) => { requests.push(request.actions.length); return send(account, request, options); };
  const s = await online.sync();
  assert.equal(s.state, 'synced', s.message);
  assert.deepEqual(online.outcomes, ['accepted', 'accepted', 'accepted']);
  assert.deepEqual(requests, [MAX_BATCH, MAX_BATCH, 204]);
  assert.equal(online.farm.queue.length, 0);
  const farm = await serverFarm(online);
  assert.equal(farm.stateHash, online.farm.state.hash);
  assert.equal(online.farm.base.hash, online.farm.state.hash);
  assert.equal(farm.version, 4, 'registration and three batches');
  assert.equal(online.farm.playerId, dev.store.farm.get('genesis').playerId, 'the player keeps the genesis\'s id');
  assert.notEqual(genesisHash, farm.stateHash);
  // Stored: a reload finds the same farm, nothing queued.
  const reloaded = await online.reload();
  assert.equal(reloaded.farm.state.hash, farm.stateHash);
  assert.equal(reloaded.farm.queue.length, 0);
});

test('desync: a tampered local farm (valid hash, more wool) is replaced by the server\'s farm at the next sync', async () => {
  const dev = await device();
  await dev.play(30);
  assert.equal((await dev.sync()).lastOutcome, 'accepted');
  dev.store.farm.set('current', richSave(dev));
  const cheat = await dev.reload();
  assert.equal(cheat.farm.repairs.length, 0, 'a save with a valid hash loads: the client cannot tell');
  assert.ok(Number(cheat.farm.view().wool[0].amount) >= 1e7);
  await cheat.play(5);
  await cheat.sync();
  assert.deepEqual(cheat.outcomes, ['desync']);
  assert.equal(cheat.syncer.lastNotice.kind, 'desync');
  const farm = await serverFarm(cheat);
  assert.equal(cheat.farm.state.hash, farm.stateHash);
  assert.ok(Number(JSON.parse(cheat.farm.state.save()).wool.basic) < 100, 'the rich wool is gone');
  assert.equal(cheat.farm.queue.length, 0);
  await cheat.play(3);
  assert.equal((await cheat.sync()).lastOutcome, 'accepted', 'and the farm syncs again');
});

test('rejected: a purchase only the tampered farm could afford rolls the farm back to the server\'s, saying why', async () => {
  const dev = await device();
  await dev.play(10);
  await dev.sync();
  dev.store.farm.set('current', richSave(dev));
  const cheat = await dev.reload();
  await cheat.play(2);
  cheat.farm.act({ type: 'buy_building', building: 'barn', quantity: 'max' });
  await cheat.play(2);
  await cheat.sync();
  assert.deepEqual(cheat.outcomes, ['rejected']);
  const notice = cheat.syncer.lastNotice;
  assert.equal(notice.kind, 'rejected');
  assert.equal(notice.rejected.status, 'insufficient_funds');
  assert.equal(notice.rejected.index, 2);
  assert.match(notice.text, /action 3 of 5: insufficient_funds: /);
  const farm = await serverFarm(cheat);
  assert.equal(cheat.farm.state.hash, farm.stateHash);
  assert.equal(cheat.farm.view().buildings[0].level, 0, 'no barns');
  assert.equal(farm.save.totalClicks, 12, 'the two shears before the refusal were kept');
});

test('rebased: another device moved the server\'s farm; this one\'s actions are played on top, and a click made during the request is re-queued', async () => {
  const a = await device();
  await a.play(5);
  await a.sync();
  const b = await device({ store: a.store.clone() });
  await a.play(10);
  assert.equal((await a.sync()).lastOutcome, 'accepted');
  await b.play(4);
  // A click while B's batch is on its way: not in the batch, played again on the server's farm.
  const send = b.api.sync.bind(b.api);
  b.api.sync = (account, request, options) => { b.shear(); b.api.sync = send; return send(account, request, options); };
  const s = await b.sync();
  assert.deepEqual(b.outcomes, ['rebased', 'accepted'], s.message);
  assert.equal(b.syncer.lastNotice.kind, 'rebased');
  assert.match(b.syncer.lastNotice.text, /4 of your 4 actions were played on it, 1 later ones re-queued on top/);
  assert.equal(b.farm.queue.length, 0, 'the re-queued click went in the next batch');
  const farm = await serverFarm(b);
  assert.equal(b.farm.state.hash, farm.stateHash);
  assert.equal(farm.save.totalClicks, 5 + 10 + 4 + 1);
});

test('a lost answer: after a reload the batch goes again with its Idempotency-Key and is applied once', async () => {
  const dev = await device();
  await dev.play(3);
  await dev.sync();
  const before = await serverFarm(dev);
  await dev.play(6);
  const send = dev.api.sync.bind(dev.api);
  dev.api.sync = async (...args) => { await send(...args); throw new Unreachable('the connection dropped before the answer'); };
  assert.equal((await dev.sync()).state, 'offline');
  assert.ok(dev.store.farm.get('inflight'), 'the batch in flight is stored');
  const again = await dev.reload();
  await again.play(2);  // played after the reload: not part of the batch sent again
  assert.equal((await again.sync()).lastOutcome, 'accepted');
  const farm = await serverFarm(again);
  assert.equal(farm.version, before.version + 2, 'the lost batch once (answered from its record), then the next');
  assert.equal(farm.save.totalClicks, 3 + 6 + 2);
  assert.equal(again.farm.state.hash, farm.stateHash);
  assert.equal(again.store.farm.get('inflight'), undefined);
});

test('a fast device clock never produces time_in_future: the first start asks the server\'s time; a clock stepped later is caught', async () => {
  // What the page does on a first start (src/main.js), before the farm begins.
  const store = new MemoryStore();
  let skew = 3 * HOUR;
  const clock = new Clock({ deviceNow: () => Date.now() + skew, monoNow: () => performance.now() });
  const probe = new Api({ base: server.url, stamp: () => clock.stamp() });
  assert.equal(await learnServerClock(probe, clock), true);
  assert.ok(Math.abs(clock.now() - Date.now()) < 2000, `the game clock is the server's (${clock.now() - Date.now()} ms off)`);
  const farm = await Farm.open({ engine, store, clock, data: await store.load() });
  const syncer = new Syncer({ farm, api: probe, clock });
  for (let i = 0; i < 10; i++) { await sleep(60); farm.act({ type: 'shear', count: 1 }); }
  assert.equal((await syncer.sync()).lastOutcome, 'accepted');
  // The device's clock is stepped one more hour forward; the monotonic clock is not.
  skew += HOUR;
  for (let i = 0; i < 5; i++) { await sleep(60); farm.act({ type: 'shear', count: 1 }); }
  assert.ok(farm.state.lastUpdateMs <= Date.now() + 1000, 'actions are stamped at the server\'s time, not the device\'s');
  const s = await syncer.sync();
  assert.equal(s.lastOutcome, 'accepted', s.message);
  assert.equal(farm.queue.length, 0);
  // A farm begun with a fast clock and no server: it cannot be registered until the server's
  // clock reaches its beginning, and nothing the server would refuse is sent.
  const fast = await device({ skewMs: 3 * HOUR, serverUrl: null });
  assert.ok(fast.farm.genesis.t0 > Date.now() + 2 * HOUR);
  await fast.play(3);
  const online = await device({ store: fast.store, skewMs: fast.skew });
  const waiting = await online.sync();
  assert.equal(waiting.state, 'waiting');
  assert.match(waiting.message, /began [0-9]+ s after the server's now/);
  assert.equal(online.farm.registered, false);
  assert.equal(online.farm.queue.length, 3);
});

test('damaged storage: a save that fails its hash is rebuilt from the synced farm and the queue; an unreadable synced farm comes from the server', async () => {
  const dev = await device();
  await dev.play(4);
  await dev.sync();
  await dev.play(3);
  const expected = dev.farm.state.hash;
  await dev.farm.flush();
  const edited = JSON.parse(dev.store.farm.get('current'));
  edited.wool.basic = '123456789';
  dev.store.farm.set('current', JSON.stringify(edited));
  const repaired = await dev.reload();
  assert.match(repaired.farm.repairs[0], /the stored farm could not be read \(state_hash_mismatch: /);
  assert.match(repaired.farm.repairs.at(-1), /restored from the last synced farm and 3 queued actions/);
  assert.equal(repaired.farm.state.hash, expected);
  assert.equal((await repaired.sync()).lastOutcome, 'accepted');

  await repaired.play(2);
  await repaired.farm.flush();
  repaired.store.farm.set('base', '{"not": "a save"}');
  repaired.store.farm.set('current', 'garbage');
  const lost = await repaired.reload();
  assert.equal(lost.farm.needsServerFarm, true);
  const s = await lost.sync();
  assert.equal(lost.syncer.lastNotice.kind, 'adopted');
  assert.equal(s.state, 'synced', s.message);
  const farm = await serverFarm(lost);
  assert.equal(lost.farm.state.hash, farm.stateHash);

  // Never synced and nothing readable: a new farm (said so), which registers and syncs.
  const offline = await device({ serverUrl: null });
  await offline.play(2);
  await offline.farm.flush();
  offline.store.farm.set('current', 'garbage');
  offline.store.farm.set('base', 'garbage');
  offline.store.farm.delete('genesis');
  const fresh = await device({ store: offline.store });
  assert.equal(fresh.farm.repairs.at(-1), 'a new farm was begun');
  assert.notEqual(fresh.farm.playerId, offline.farm.playerId);
  await fresh.play(2);
  assert.deepEqual([(await fresh.sync()).state, fresh.outcomes], ['synced', ['accepted']]);
  assert.equal((await serverFarm(fresh)).stateHash, fresh.farm.state.hash);
});

test('a registration whose answer was lost (409 player_exists): the farm begins again under a new id, its queue replayed, and syncs', async () => {
  const dev = await device({ serverUrl: null });
  await dev.play(7);
  const first = dev.farm.playerId;
  const r = await api(server.url, 'POST', '/v1/players', { body: { pwaSave: dev.store.farm.get('genesis').pwaSave } });
  assert.equal(r.status, 201, 'registered, but the page never got the token');
  const online = await device({ store: dev.store, skewMs: dev.skew });
  const s = await online.sync();
  assert.equal(s.lastOutcome, 'accepted', s.message);
  assert.notEqual(online.farm.playerId, first);
  assert.equal(online.farm.queue.length, 0);
  const farm = await serverFarm(online);
  assert.equal(farm.stateHash, online.farm.state.hash);
  assert.equal(farm.save.totalClicks, 7);
});

test('a server playing another ruleset: the page says so and does not sync', async () => {
  const other = await startGameServer({ client: null, args: ['--ruleset', join(sourceDir, 'examples', 'rulesets', 'live-ops-events.json')] });
  try {
    const dev = await device({ serverUrl: other.url });
    await dev.play(2);
    const s = await dev.sync();
    assert.equal(s.state, 'halted');
    assert.match(s.message, /the server plays the ruleset "llama-wool-farm\/1\+live-ops-demo" and this page "llama-wool-farm\/1"/);
    assert.equal(dev.farm.registered, false);
    assert.equal((await dev.sync()).state, 'halted', 'and stays so');
  } finally {
    await other.stop();
  }
});
