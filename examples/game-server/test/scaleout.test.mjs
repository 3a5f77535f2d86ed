// Two server instances on one PostgreSQL + Redis (docs/scaling.md), the test's client spreading
// requests over both: two devices of one player syncing at once through different instances
// (PostgreSQL's compare-and-swap decides, nothing lost, nothing twice); a WebSocket client on
// instance A sees a leaderboard change made through instance B (Redis pub/sub); the Redis
// leaderboards agree with PostgreSQL; Redis found empty at start is rebuilt from PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { boardsAgree } from './boards-agree.mjs';
import { call, freshStores, lw, register, repoRoot, startServer } from './support.mjs';
import { twoDevices } from './two-devices.mjs';

const engine = await lw.createEngine();
const stores = await freshStores();
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });
const start = async () => { const s = await startServer({ stores }); servers.push(s); return s; };
const [a, b] = [await start(), await start()];

async function counter(url, name) {
  const m = await call(url, 'GET', '/metrics', { check: false });
  return [...m.body.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.]+)$`, 'gm'))].reduce((n, x) => n + Number(x[1]), 0);
}
async function waitFor(what, predicate, ms = 10000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

test('two devices of one player on two instances, 100 times at once: PostgreSQL\'s compare-and-swap decides, nothing lost, nothing twice', async () => {
  const r = await twoDevices(engine, [a.url, b.url], 100);
  const conflicts = (await counter(a.url, 'llamawool_storage_cas_conflicts_total')) + (await counter(b.url, 'llamawool_storage_cas_conflicts_total'));
  console.log('two instances:', JSON.stringify(r), 'CAS conflicts:', conflicts);
  assert.ok(r.outcomes.rebased > 0, 'the devices did get in each other\'s way');
  assert.ok(conflicts > 0, 'no write ever lost a compare-and-swap: the test did not exercise it');
  assert.ok(await boardsAgree(stores) > 0);
});

test('a WebSocket client on instance A sees a leaderboard change made through instance B', async () => {
  const watcher = await register(a.url);
  const ws = new WebSocket(`${a.url.replace('http', 'ws')}/v1/ws`, { headers: { authorization: `Bearer ${watcher.token}` } });
  const inbox = [];
  ws.on('message', (m) => inbox.push(JSON.parse(m)));
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  try {
    await waitFor('the welcome', () => inbox.some((m) => m.type === 'welcome'));
    // A's own pushes (its registration above) die down first: a push after this comes from B's change.
    let seen = -1;
    let quietSince = Date.now();
    await waitFor('the pushes to die down', () => {
      if (inbox.length !== seen) { seen = inbox.length; quietSince = Date.now(); }
      return Date.now() - quietSince > 1500;
    }, 20000);
    inbox.length = 0;
    const big = JSON.parse(readFileSync(join(repoRoot, 'tests/data/pwa/mid-game.json'), 'utf8'));
    big.playerId = 'scaleout-topper-through-b';
    big.totalWoolProduced = '1e31';
    await register(b.url, big);
    await waitFor('the push on A of the player registered through B', () =>
      inbox.some((m) => m.type === 'leaderboard' && m.board === 'lifetimeValue' && m.entries[0]?.playerId === big.playerId));
    // Both instances answer the same boards, from Redis, as PostgreSQL has them.
    const top = (s) => call(s.url, 'GET', '/v1/leaderboards/lifetimeValue?limit=50').then((r) => r.body.entries);
    assert.deepEqual(await top(a), await top(b));
    await boardsAgree(stores);
  } finally {
    ws.terminate();
  }
});

test('Redis found empty at start (a new Redis, or FLUSHALL) is rebuilt from PostgreSQL; until then the boards come from PostgreSQL', async () => {
  const before = await call(a.url, 'GET', '/v1/leaderboards/productionRate?limit=100');
  stores.redis.cli('flushall');
  // A new instance finds Redis empty and rebuilds it before it serves.
  const c = await start();
  await waitFor('the rebuild', async () => (await call(c.url, 'GET', '/readyz')).body.stores?.leaderboards === 'ok');
  assert.ok(await boardsAgree(stores) >= before.body.entries.length);
  assert.deepEqual((await call(c.url, 'GET', '/v1/leaderboards/productionRate?limit=100')).body.entries, before.body.entries);
  await c.stop();
  servers.pop();
});

test('Redis emptied under running instances (FLUSHALL, no reconnection) is found and rebuilt; a rebuild that fails (Redis paused) is tried again', async () => {
  const before = await call(a.url, 'GET', '/v1/leaderboards/lifetimeValue?limit=100');
  stores.redis.cli('flushall');
  await waitFor('a running instance to rebuild', async () => {
    try { await boardsAgree(stores); return true; } catch { return false; }
  });
  assert.deepEqual((await call(b.url, 'GET', '/v1/leaderboards/lifetimeValue?limit=100')).body.entries, before.body.entries);
  // Writes paused for 4.5 s: each instance checks Redis every 2 s, so one finds it empty within the
  // first 2 s of the pause, and its rebuild's writes time out (1 s a command) and fail. An instance
  // that checked between the FLUSHALL and the pause rebuilt it whole already: then Redis is
  // emptied and paused again (at most three times).
  const failures = async () => (await counter(a.url, 'llamawool_storage_errors_total\\{op="redis_rebuild"\\}')) +
    (await counter(b.url, 'llamawool_storage_errors_total\\{op="redis_rebuild"\\}'));
  const failed = await failures();
  let rebuildFailed = false;
  for (let attempt = 1; attempt <= 3 && !rebuildFailed; ++attempt) {
    stores.redis.cli('flushall');
    stores.redis.cli('client', 'pause', '4500', 'WRITE');
    try {
      await waitFor('a rebuild to fail', async () => (await failures()) > failed, 6000);
      rebuildFailed = true;
    } catch {
      // the next attempt
    }
  }
  assert.ok(rebuildFailed, 'no rebuild failed in three pauses of Redis\'s writes');
  await waitFor('the boards whole again', async () => {
    try { await boardsAgree(stores); return true; } catch { return false; }
  }, 15000);
  for (const s of [a, b]) {
    await waitFor('readiness to say so', async () => (await call(s.url, 'GET', '/readyz')).body.stores.leaderboards === 'ok');
  }
});

test('PostgreSQL alone (no REDIS_URL) ranks as Redis does: the same top, ranks, totals and neighbours on every board', async () => {
  const alone = await startServer({ stores: { databaseUrl: stores.databaseUrl } });
  try {
    assert.deepEqual((await call(alone.url, 'GET', '/readyz')).body.stores, { saves: 'ok' });
    // Players with equal scores (new farms: all zero) make the ties that the player id breaks.
    // (Registered through the instances with Redis: one without it writes nothing to Redis.)
    const players = [await register(a.url), await register(b.url), await register(a.url)];
    for (const board of ['lifetimeValue', 'prestigeLevel', 'productionRate']) {
      const top = (s) => call(s.url, 'GET', `/v1/leaderboards/${board}?limit=100`).then((r) => r.body.entries);
      assert.deepEqual(await top(alone), await top(a), board);
      for (const p of players) {
        const rank = (s) => call(s.url, 'GET', `/v1/players/${p.playerId}/leaderboards/${board}?around=3`, { token: p.token })
          .then((r) => { const { serverTimeMs, ...rest } = r.body; return rest; });
        assert.deepEqual(await rank(alone), await rank(a), `${board}, ${p.playerId}`);
      }
    }
  } finally {
    await alone.stop();
  }
});
