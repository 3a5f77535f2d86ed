// Honest bots: the engine playing seeded strategies (a clicker, a builder, an idler; new farms and
// imported mid-game PWA farms that first collect their offline report) sync thousands of batches,
// over HTTP and over the WebSocket. An honest client's batch must be accepted every time: any
// other answer is a false reject, and there must be none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { HonestBot, STRATEGIES } from '../bench/bot.mjs';
import { call, lw, register, repoRoot, startServer } from './support.mjs';

const BOTS = 24;
const BATCHES = 150;  // per bot: 3600 batches of 20 actions

test(`${BOTS} honest bots sync ${BOTS * BATCHES} batches of 20 actions: zero false rejects`, async () => {
  const engine = await lw.createEngine();
  const s = await startServer();
  const midGame = JSON.parse(readFileSync(join(repoRoot, 'tests/data/pwa/mid-game.json'), 'utf8'));
  const strategies = Object.keys(STRATEGIES);
  const outcomes = {};
  let actions = 0;
  const sent = {};
  try {
    const bots = [];
    for (let i = 0; i < BOTS; ++i) {
      let p;
      if (i % 3 === 2) {
        p = await register(s.url, { ...midGame, playerId: `pwa-bot-${i}` });
        // A returning PWA player: the offline report first, then play on from the server's now.
        const r = await call(s.url, 'POST', `/v1/players/${p.playerId}/resume`, { token: p.token });
        assert.equal(r.body.report.mode, 'offline');
        p = { ...p, save: r.body.save };
      } else {
        p = await register(s.url);
      }
      bots.push({ p, bot: new HonestBot(engine, { ...p, seed: 9000 + i, strategy: strategies[i % 3] }), ws: i % 4 === 3 });
    }
    await Promise.all(bots.map(async ({ p, bot, ws }) => {
      let socket;
      let inbox;
      if (ws) {
        socket = new WebSocket(`${s.url.replace('http', 'ws')}/v1/ws`, { headers: { authorization: `Bearer ${p.token}` } });
        inbox = [];
        let wake = () => {};
        socket.on('message', (m) => { inbox.push(JSON.parse(m)); wake(); });
        await new Promise((res, rej) => { socket.on('open', res); socket.on('error', rej); });
        inbox.next = async (id) => {
          for (;;) {
            const i = inbox.findIndex((m) => m.type === 'sync.result' && m.id === id);
            if (i >= 0) return inbox.splice(i, 1)[0];
            await new Promise((res) => { wake = res; });
          }
        };
      }
      for (let n = 0; n < BATCHES; ++n) {
        const request = bot.nextBatch(20, Date.now());
        let body;
        if (ws) {
          socket.send(JSON.stringify({ type: 'sync', id: n, request }));
          const m = await inbox.next(n);
          assert.equal(m.status, 200, JSON.stringify(m.body));
          body = m.body;
        } else {
          const r = await call(s.url, 'POST', `/v1/players/${p.playerId}/sync`, { token: p.token, body: request, check: n % 25 === 0 });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          body = r.body;
        }
        outcomes[body.outcome] = (outcomes[body.outcome] ?? 0) + 1;
        assert.equal(body.outcome, 'accepted', `false reject of ${p.playerId}'s batch ${n}: ${JSON.stringify(body).slice(0, 600)}`);
        actions += request.actions.length;
        for (const a of request.actions) sent[a.type] = (sent[a.type] ?? 0) + 1;
      }
      socket?.close();
      const farm = await call(s.url, 'GET', `/v1/players/${p.playerId}/farm`, { token: p.token });
      assert.equal(farm.body.stateHash, bot.state.hash);
      assert.equal(farm.body.version, (p.playerId.startsWith('pwa-bot-') ? 2 : 1) + BATCHES);  // registration (and resume), then one a batch
    }));
    console.log(`outcomes ${JSON.stringify(outcomes)}; ${actions} actions sent: ${JSON.stringify(sent)}`);
    assert.deepEqual(Object.keys(outcomes), ['accepted']);
    assert.equal(outcomes.accepted, BOTS * BATCHES);
    for (const type of ['tick', 'shear', 'buy_building', 'buy_upgrade', 'prestige']) assert.ok(sent[type] > 0, `no ${type} was played`);
    const metrics = (await call(s.url, 'GET', '/metrics')).body;
    assert.match(metrics, new RegExp(`^llamawool_sync_outcomes_total\\{outcome="accepted"\\} ${BOTS * BATCHES}$`, 'm'));
    for (const { bot } of bots) bot.dispose();
  } finally {
    await s.stop();
  }
});
