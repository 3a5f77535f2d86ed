// --workers N (src/cluster.js, README.md "Workers"): N server processes on one port and one data
// directory. Each request here goes over a new connection, and node:cluster hands connections to
// the workers in turn, so consecutive requests reach different workers. Checked: the players of
// every worker sync and every accepted answer is stored once; a WebSocket client sees a
// leaderboard change made through any worker (the primary relays it); /metrics on any worker
// counts the syncs of all of them; a worker killed with SIGKILL is replaced; SIGTERM stops all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import WebSocket from 'ws';
import { HonestBot } from '../bench/bot.mjs';
import { lw, startServer } from './support.mjs';

const WORKERS = 2;
const engine = await lw.createEngine();

// One request over a connection of its own (no keep-alive): the next one may reach another worker.
function request(base, method, path, { token, body } = {}) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method, agent: false,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text, body: res.headers['content-type']?.startsWith('application/json') ? JSON.parse(text) : text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const acceptedCount = (metricsText) => Number(/^llamawool_sync_outcomes_total\{outcome="accepted"\} (\d+)$/m.exec(metricsText)?.[1]);

function openSocket(base, token) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/ws`, { headers: { authorization: `Bearer ${token}` } });
    const inbox = [];
    ws.on('message', (m) => inbox.push(JSON.parse(m)));
    ws.on('error', reject);
    ws.on('open', () => resolve({ ws, inbox }));
  });
}
async function waitFor(what, predicate, ms = 8000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test(`--workers ${WORKERS}: syncs through every worker, leaderboard pushes and metrics across workers, a killed worker replaced`, async () => {
  const s = await startServer({ args: ['--workers', String(WORKERS)] });
  try {
    // Four sockets over four connections: with the connections handed out in turn, two per worker.
    const watcher = await request(s.url, 'POST', '/v1/players', { body: {} });
    assert.equal(watcher.status, 201);
    const sockets = [];
    for (let i = 0; i < 2 * WORKERS; ++i) sockets.push(await openSocket(s.url, watcher.body.token));
    await waitFor('every socket welcomed', () => sockets.every((c) => c.inbox.some((m) => m.type === 'welcome')));

    // Players registered and synced over new connections: every worker serves some of them.
    const players = [];
    for (let i = 0; i < 4; ++i) {
      const r = await request(s.url, 'POST', '/v1/players', { body: {} });
      assert.equal(r.status, 201);
      players.push({ p: r.body, bot: new HonestBot(engine, { ...r.body, seed: 100 + i, strategy: 'clicker' }) });
    }
    const before = acceptedCount((await request(s.url, 'GET', '/metrics')).text);
    assert.equal(before, 0);
    let accepted = 0;
    for (let round = 0; round < 6; ++round) {
      for (const { p, bot } of players) {
        const batch = bot.nextBatch(20, Date.now());
        const r = await request(s.url, 'POST', `/v1/players/${p.playerId}/sync`, { token: p.token, body: batch });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.outcome, 'accepted', r.text);
        assert.equal(r.body.stateHash, batch.claimedHash);
        accepted += 1;
      }
    }
    // Whichever worker answers /metrics, it counts the syncs of all of them.
    for (let i = 0; i < 2 * WORKERS; ++i) assert.equal(acceptedCount((await request(s.url, 'GET', '/metrics')).text), accepted);
    // The stored farm of each player is its client's, whichever worker stored each version.
    for (const { p, bot } of players) {
      const farm = await request(s.url, 'GET', `/v1/players/${p.playerId}/farm`, { token: p.token });
      assert.equal(farm.body.stateHash, bot.state.hash);
      assert.equal(farm.body.version, 1 + 6);
    }

    // One more sync, through one worker: every socket, on every worker, sees the new top 10. First
    // the pushes of the syncs above die down (no push for three push intervals), so that no
    // worker still has changes of its own to push: a socket of the other worker then sees this
    // one only through the primary's relay.
    let quietSince = Date.now();
    let pushes = 0;
    await waitFor('the pushes to die down', () => {
      const now = sockets.reduce((n, c) => n + c.inbox.filter((m) => m.type === 'leaderboard').length, 0);
      if (now !== pushes) { pushes = now; quietSince = Date.now(); }
      return Date.now() - quietSince > 1500;
    }, 20000);
    for (const c of sockets) c.inbox.length = 0;
    const { p, bot } = players[0];
    const batch = bot.nextBatch(20, Date.now());
    assert.equal((await request(s.url, 'POST', `/v1/players/${p.playerId}/sync`, { token: p.token, body: batch })).body.outcome, 'accepted');
    const lifetimeValue = (await request(s.url, 'GET', `/v1/players/${p.playerId}/leaderboards/lifetimeValue?around=0`, { token: p.token })).body.score;
    const sawIt = (c) => c.inbox.some((m) => m.type === 'leaderboard' && m.board === 'lifetimeValue' &&
      m.entries.some((e) => e.playerId === p.playerId && e.score === lifetimeValue));
    await waitFor('the leaderboard push on every socket', () => sockets.every(sawIt));

    // A worker killed with SIGKILL: the primary starts another; the server keeps answering.
    const workerPids = await childPids(s.proc.pid);
    assert.equal(workerPids.length, WORKERS, `worker processes: ${workerPids}`);
    process.kill(workerPids[0], 'SIGKILL');
    let replaced = [];
    const until = Date.now() + 10000;
    while (Date.now() < until) {
      replaced = await childPids(s.proc.pid);
      if (replaced.length === WORKERS && !replaced.includes(workerPids[0])) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(replaced.length, WORKERS);
    assert.ok(!replaced.includes(workerPids[0]), 'the killed worker was replaced');
    for (const { p: player, bot: b } of players) {
      const next = b.nextBatch(20, Date.now());
      const r = await request(s.url, 'POST', `/v1/players/${player.playerId}/sync`, { token: player.token, body: next });
      assert.equal(r.body.outcome, 'accepted', r.text);
    }
    for (const c of sockets) c.ws.terminate();
    for (const { bot: b } of players) b.dispose();
  } finally {
    const stopped = await s.stop();
    assert.equal(stopped.code, 0, `the primary exits 0 on SIGTERM; stderr: ${s.stderr}`);
    assert.deepEqual(await childPids(s.proc.pid), [], 'no worker left behind');
  }
});

// The processes whose parent is `pid` (the workers of a primary), from /proc.
async function childPids(pid) {
  const { readdir, readFile } = await import('node:fs/promises');
  const children = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch { /* gone meanwhile */ }
  }
  return children.sort((a, b) => a - b);
}
