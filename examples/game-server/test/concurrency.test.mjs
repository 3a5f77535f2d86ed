// Concurrency and crashes: two devices of one player syncing at the same time, many times, against
// one server process and against two processes sharing the data directory (so the storage's
// compare-and-swap really decides); then kill -9 in the middle of a load and a restart on the same
// data. The check is always the same: the stored state is exactly the replay of the actions the
// server answered as applied, in the order of the versions it gave them, so no accepted action is
// lost and none is applied twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HonestBot } from '../bench/bot.mjs';
import { call, lw, register, startServer, tempDir } from './support.mjs';
import { syncPath, twoDevices } from './two-devices.mjs';

const engine = await lw.createEngine();

async function casConflicts(url) {
  const m = await call(url, 'GET', '/metrics', { check: false });
  return Number(/^llamawool_storage_cas_conflicts_total ([0-9]+)$/m.exec(m.body)[1]);
}

test('two devices of one player, 150 times at once, on one server process: nothing lost, nothing twice', async () => {
  const s = await startServer();
  try {
    const r = await twoDevices(engine, [s.url], 150);
    console.log('one process:', JSON.stringify(r));
    assert.ok(r.outcomes.rebased > 0, 'the devices did get in each other\'s way');
  } finally {
    await s.stop();
  }
});

test('two devices on two server processes sharing one data directory: the compare-and-swap decides', async () => {
  const dataDir = tempDir();
  const a = await startServer({ dataDir });
  const b = await startServer({ dataDir });
  try {
    const r = await twoDevices(engine, [a.url, b.url], 150);
    const conflicts = (await casConflicts(a.url)) + (await casConflicts(b.url));
    console.log('two processes:', JSON.stringify(r), 'CAS conflicts:', conflicts);
    assert.ok(r.outcomes.rebased > 0);
    assert.ok(conflicts > 0, 'no write ever lost a compare-and-swap: the test did not exercise it');
  } finally {
    await a.stop();
    await b.stop();
  }
});

for (const synchronous of ['full', 'normal']) {
  test(`kill -9 in the middle of a load (synchronous=${synchronous}), restart on the same data: every accepted action is stored`, async () => {
    const dataDir = tempDir();
    let s = await startServer({ dataDir, args: ['--synchronous', synchronous] });
    const bots = [];
    for (let i = 0; i < 16; ++i) {
      const p = await register(s.url);
      bots.push({ p, bot: new HonestBot(engine, { ...p, seed: 500 + i }), acked: [], inFlight: null, answered: 0 });
    }
    let killed = false;
    const loops = bots.map(async (b) => {
      while (!killed) {
        const request = b.bot.nextBatch(20, Date.now());
        b.inFlight = request;
        let r;
        try {
          r = await call(s.url, 'POST', syncPath(b.p), { token: b.p.token, body: request, check: false });
        } catch {
          return;  // the server is gone: this batch stays in flight
        }
        assert.equal(r.body.outcome, 'accepted');
        b.acked.push(request);
        b.inFlight = null;
        b.answered += 1;
      }
    });
    await new Promise((res) => setTimeout(res, 2500));
    killed = true;
    const exit = await s.kill9();
    assert.equal(exit.signal, 'SIGKILL');
    await Promise.all(loops);
    const answered = bots.reduce((n, b) => n + b.answered, 0);
    assert.ok(answered > 50, `only ${answered} answers before the kill`);

    s = await startServer({ dataDir, args: ['--synchronous', synchronous] });
    try {
      let committedUnanswered = 0;
      for (const b of bots) {
        const replay = engine.loadState(JSON.stringify(b.p.save));
        for (const request of b.acked) for (const a of request.actions) replay.apply(a);
        const ackedHash = replay.hash;
        const farm = (await call(s.url, 'GET', `/v1/players/${b.p.playerId}/farm`, { token: b.p.token })).body;
        if (farm.stateHash !== ackedHash) {
          // Only the batch in flight at the kill may be there besides: committed, its answer lost.
          assert.ok(b.inFlight, `${b.p.playerId}: the stored state is not the replay of the ${b.acked.length} accepted batches`);
          for (const a of b.inFlight.actions) replay.apply(a);
          assert.equal(farm.stateHash, replay.hash, `${b.p.playerId}: neither the accepted batches nor them plus the one in flight`);
          committedUnanswered += 1;
        }
        assert.equal(farm.version, 1 + b.acked.length + (farm.stateHash === ackedHash ? 0 : 1));
        // The client retries the batch whose answer it never got: applied once, whichever it was.
        if (b.inFlight) {
          const r = await call(s.url, 'POST', syncPath(b.p), { token: b.p.token, body: b.inFlight });
          assert.equal(r.body.outcome, 'accepted');
          assert.equal(r.body.stateHash, b.bot.state.hash);
          if (farm.stateHash !== ackedHash) assert.equal(r.headers.get('idempotent-replayed'), 'true');
        }
        const after = (await call(s.url, 'GET', `/v1/players/${b.p.playerId}/farm`, { token: b.p.token })).body;
        assert.equal(after.stateHash, b.bot.state.hash);
        replay.dispose();
        b.bot.dispose();
      }
      console.log(`synchronous=${synchronous}: ${answered} batches answered before kill -9; ${committedUnanswered} committed but unanswered, replayed on retry`);
    } finally {
      await s.stop();
    }
  });
}
