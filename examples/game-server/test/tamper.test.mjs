// The tamper suite over HTTP: what a cheater (or a broken client) sends, each answered with the
// right status and code, and nothing of it stored: the player's row, snapshots and idempotency
// records are compared in the database before and after every attempt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { call, lw, register, repoRoot, startServer } from './support.mjs';

let server;
let engine;
let db;
const pwa = (name) => readFileSync(join(repoRoot, 'tests/data/pwa', name), 'utf8');

before(async () => {
  server = await startServer();
  engine = await lw.createEngine();
  db = new Database(join(server.dataDir, 'game.sqlite'), { readonly: true });
});
after(async () => { db?.close(); await server?.stop(); });

// Everything stored about a player (or about all players, for registrations).
function stored(playerId) {
  return JSON.stringify({
    player: db.prepare('SELECT version, state_hash, save, lifetime_value FROM players WHERE player_id = ?').get(playerId),
    snapshots: db.prepare('SELECT version, doc FROM snapshots WHERE player_id = ? ORDER BY version').all(playerId),
    idempotency: db.prepare('SELECT key, body FROM idempotency_ring WHERE player_id = ? ORDER BY version').all(playerId),
  });
}
const allPlayers = () => db.prepare('SELECT player_id FROM players ORDER BY player_id').all().map((r) => r.player_id).join(',');

async function farmOf(p) {
  return (await call(server.url, 'GET', `/v1/players/${p.playerId}/farm`, { token: p.token })).body;
}
const sync = (p, body, extra = {}) => call(server.url, 'POST', `/v1/players/${p.playerId}/sync`, { token: p.token, body, ...extra });

// Sends a request and asserts nothing about the player changed in the database.
async function nothingStored(playerId, send) {
  const before = stored(playerId);
  const r = await send();
  assert.equal(stored(playerId), before, 'the attempt changed what is stored');
  return r;
}

test('a forged claimedHash: desync; the server keeps its own replay, never the claim', async () => {
  const p = await register(server.url);
  const honest = engine.loadState(JSON.stringify(p.save));
  const t = p.save.lastUpdateMs + 1000;
  const actions = [{ t, type: 'shear', count: 10 }];
  honest.apply(actions[0]);
  const r = await sync(p, { baseHash: p.stateHash, actions, claimedHash: 'ffffffffffffffff' });
  assert.equal(r.status, 200);
  assert.equal(r.body.outcome, 'desync');
  assert.equal(r.body.stateHash, honest.hash);
  assert.equal(r.body.state.stateHash, honest.hash);
  const farm = await farmOf(p);
  assert.equal(farm.stateHash, honest.hash);
  assert.notEqual(farm.stateHash, 'ffffffffffffffff');
  // A claim of more wool with no actions behind it: nothing to apply, nothing stored.
  const claim = await nothingStored(p.playerId, () => sync(p, { baseHash: farm.stateHash, actions: [], claimedHash: '0123456789abcdef' }));
  assert.equal(claim.body.outcome, 'desync');
  assert.equal(claim.body.applied, 0);
  assert.equal(claim.body.state.wool.basic, farm.save.wool.basic);
  honest.dispose();
});

test('an edited save upload: refused (422, the engine\'s code or checksum_mismatch), no player made', async () => {
  const players = allPlayers();
  // The merged PWA save with totalWoolProduced raised after the SyncEngine's checksum.
  let r = await call(server.url, 'POST', '/v1/players', { body: { pwaSave: pwa('upstream-sync-merged-edited.json') } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'checksum_mismatch');
  // A llamawool save with its wool raised and its stateHash left: not a PWA save, and not taken.
  const own = await register(server.url);
  const edited = { ...own.save, wool: { ...own.save.wool, basic: '1e15' } };
  r = await call(server.url, 'POST', '/v1/players', { body: { pwaSave: edited } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'invalid_pwa_save');
  assert.match(r.body.error.message, /this is a llamawool save already/);
  // A PWA save whose numbers are not numbers.
  const nan = JSON.parse(pwa('mid-game.json'));
  nan.playerId = 'tamper-nan';
  nan.woolCounts.golden = 'Infinity';
  r = await call(server.url, 'POST', '/v1/players', { body: { pwaSave: nan } });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'pwaSave.woolCounts.golden');
  // Text nested 100 000 deep: refused while parsed (it overflowed the engine's stack: a 500, and
  // engine memory leaked at each), the field named, and the server still answers.
  for (let k = 0; k < 3; ++k) {
    r = await call(server.url, 'POST', '/v1/players', { body: { pwaSave: '['.repeat(100_000) + ']'.repeat(100_000) } });
    assert.equal(r.status, 422, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.error.code, 'invalid_pwa_save');
    assert.match(r.body.error.message, /nested more than 64 deep are refused$/);
    assert.match(r.body.error.field, /^pwaSave\[0\]\[0\]\[0\]/);
  }
  assert.equal(allPlayers(), [...players.split(',').filter(Boolean), own.playerId].sort().join(','));
});

test('actions faster than the click limit: rate_limited, the refused action is never applied', async () => {
  const p = await register(server.url);
  const t = p.save.lastUpdateMs + 1000;
  // 21 clicks at once: one more than the burst. Refused at index 0: nothing applied, nothing stored.
  const r = await nothingStored(p.playerId, () => sync(p, { baseHash: p.stateHash, actions: [{ t, type: 'shear', count: 21 }], claimedHash: p.stateHash }));
  assert.equal(r.status, 200);
  assert.equal(r.body.outcome, 'rejected');
  assert.equal(r.body.rejected.status, 'rate_limited');
  assert.equal(r.body.rejected.index, 0);
  assert.equal(r.body.applied, 0);
  // 20 honest clicks, then 20 more a millisecond later: the first are kept (the engine commits
  // up to the last good action), the second never.
  const honest = engine.loadState(JSON.stringify(p.save));
  honest.apply({ t, type: 'shear', count: 20 });
  const r2 = await sync(p, { baseHash: p.stateHash, actions: [{ t, type: 'shear', count: 20 }, { t: t + 1, type: 'shear', count: 20 }], claimedHash: '0000000000000000' });
  assert.equal(r2.body.outcome, 'rejected');
  assert.deepEqual(r2.body.rejected, r2.body.results[1]);
  assert.equal(r2.body.rejected.status, 'rate_limited');
  assert.equal(r2.body.applied, 1);
  assert.equal((await farmOf(p)).stateHash, honest.hash);
  assert.equal((await farmOf(p)).save.totalClicks, 20);
  honest.dispose();
});

test('time travel: an action in the future (time_in_future) or in the past (time_regression) is refused, nothing stored', async () => {
  const p = await register(server.url);
  const hour = 3_600_000;
  // Claiming that 8 hours have passed, to collect offline production now.
  let r = await nothingStored(p.playerId, () => sync(p, { baseHash: p.stateHash, actions: [{ t: Date.now() + 8 * hour, type: 'tick' }], claimedHash: p.stateHash }));
  assert.equal(r.body.outcome, 'rejected');
  assert.equal(r.body.rejected.status, 'time_in_future');
  assert.match(r.body.rejected.message, /^actions\[0\]\.t: /);
  // Just past the 5 s the engine allows for clock skew.
  r = await nothingStored(p.playerId, () => sync(p, { baseHash: p.stateHash, actions: [{ t: Date.now() + 60_000, type: 'shear', count: 1 }], claimedHash: p.stateHash }));
  assert.equal(r.body.rejected.status, 'time_in_future');
  // Before the farm existed.
  r = await nothingStored(p.playerId, () => sync(p, { baseHash: p.stateHash, actions: [{ t: p.save.lastUpdateMs - 1, type: 'tick' }], claimedHash: p.stateHash }));
  assert.equal(r.body.rejected.status, 'time_regression');
  // A t that is no time at all never reaches the engine.
  r = await nothingStored(p.playerId, () => sync(p, { baseHash: p.stateHash, actions: [{ t: 2 ** 60, type: 'tick' }], claimedHash: p.stateHash }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'malformed');
  assert.equal(r.body.error.field, 'actions[0].t');
});

test('another player\'s token, no token, a token of nobody: 403 / 401, nothing stored', async () => {
  const victim = await register(server.url);
  const thief = await register(server.url);
  const batch = { baseHash: victim.stateHash, actions: [{ t: victim.save.lastUpdateMs, type: 'tick' }], claimedHash: victim.stateHash };
  let r = await nothingStored(victim.playerId, () => call(server.url, 'POST', `/v1/players/${victim.playerId}/sync`, { token: thief.token, body: batch }));
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'forbidden');
  r = await nothingStored(victim.playerId, () => call(server.url, 'POST', `/v1/players/${victim.playerId}/resume`, { token: thief.token }));
  assert.equal(r.status, 403);
  r = await nothingStored(victim.playerId, () => call(server.url, 'POST', `/v1/players/${victim.playerId}/sync`, { body: batch }));
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'unauthorized');
  r = await nothingStored(victim.playerId, () => call(server.url, 'POST', `/v1/players/${victim.playerId}/sync`, { token: thief.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), body: batch }));
  assert.equal(r.status, 401);
  r = await nothingStored(victim.playerId, () => call(server.url, 'GET', `/v1/players/${victim.playerId}/farm`, { token: thief.token }));
  assert.equal(r.status, 403);
  assert.equal(JSON.stringify(r.body).includes(victim.save.stateHash), false);  // nothing of the victim's farm leaks
});

test('oversized and malformed bodies: 413 / 400 / 415 with the field, nothing stored', async () => {
  const p = await register(server.url);
  const path = `/v1/players/${p.playerId}/sync`;
  const t = p.save.lastUpdateMs;
  const attempts = [
    [{ raw: JSON.stringify({ baseHash: p.stateHash, actions: Array.from({ length: 1000 }, () => ({ t, type: 'tick', pad: 'x'.repeat(300) })), claimedHash: p.stateHash }), headers: { 'content-type': 'application/json' } }, 413, 'body_too_large'],
    [{ raw: '{"baseHash": "', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
    [{ raw: '', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
    [{ raw: '[]', headers: { 'content-type': 'application/json' } }, 400, 'invalid_request'],
    [{ raw: 'baseHash=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    [{ body: { baseHash: p.stateHash, actions: [{ t, type: 'shear', count: 1e400 }], claimedHash: p.stateHash } }, 400, 'malformed'],
    [{ body: { baseHash: p.stateHash, actions: [{ t, type: 'buy_building', building: 'barn', quantity: 'all' }], claimedHash: p.stateHash } }, 400, 'malformed'],
    [{ body: { baseHash: p.stateHash, actions: [{ t, type: 'buy_building', building: 'barn', quantity: 1, expectedCost: -5 }], claimedHash: p.stateHash } }, 400, 'malformed'],
    [{ body: { baseHash: p.stateHash, actions: [{ t, type: 'tick' }], claimedHash: p.stateHash, wool: { basic: '1e30' } } }, 400, 'invalid_request'],
    [{ body: { baseHash: p.stateHash, actions: [{ t, type: 'prestige', expectedSoulShears: 'lots' }], claimedHash: p.stateHash } }, 400, 'malformed'],
  ];
  for (const [request, status, code] of attempts) {
    const r = await nothingStored(p.playerId, () => call(server.url, 'POST', path, { token: p.token, ...request }));
    assert.equal(r.status, status, `${JSON.stringify(request).slice(0, 120)}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code);
  }
  // A batch of actions whose earlier ones are fine and a later one malformed: refused as a whole.
  const r = await nothingStored(p.playerId, () => sync(p, { baseHash: p.stateHash, actions: [{ t, type: 'shear', count: 5 }, { t, type: 'shear', count: '5' }], claimedHash: p.stateHash }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'actions[1].count');
});
