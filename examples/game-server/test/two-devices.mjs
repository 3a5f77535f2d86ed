// Two devices of one player syncing at the same time, through one server or spread over several
// (concurrency.test.mjs on SQLite, scaleout.test.mjs on PostgreSQL): the check that no accepted
// action is lost and none applied twice. The stored state must be exactly the replay of the
// actions the servers answered as applied, in the order of the versions they gave them.
import assert from 'node:assert/strict';
import { HonestBot } from '../bench/bot.mjs';
import { call, register } from './support.mjs';

export const syncPath = (p) => `/v1/players/${p.playerId}/sync`;

// What one answer applied: every action for accepted/desync, the ones reported ok otherwise.
function appliedActions(request, body) {
  if (body.outcome === 'accepted' || body.outcome === 'desync') return request.actions;
  return body.results.filter((r) => r.status === 'ok').map((r) => request.actions[r.index]);
}

// Two devices of one player, `rounds` times at once; sometimes a device sends its batch twice (a
// lost answer). Returns the answers that changed the state, by version.
export async function twoDevices(engine, urls, rounds) {
  const p = await register(urls[0]);
  const devices = [0, 1].map((i) => ({ i, url: urls[i % urls.length], bot: new HonestBot(engine, { ...p, seed: 100 + i, strategy: i ? 'clicker' : 'builder' }) }));
  // version -> the answers that carried it: the write that made it, its replays (the same answer),
  // and answers that changed nothing (a batch whose actions left the farm as it was, such as
  // ticks at the farm's own time: the server stores nothing and answers with the current version).
  const answers = new Map();
  const outcomes = {};
  const record = (request, body) => {
    outcomes[body.outcome] = (outcomes[body.outcome] ?? 0) + 1;
    if (body.applied === 0) return;
    const w = { stateHash: body.stateHash, applied: appliedActions(request, body) };
    const known = answers.get(body.version);
    if (!known) answers.set(body.version, [w]);
    else {
      assert.equal(known[0].stateHash, w.stateHash, `version ${body.version} answered with two states`);
      if (!known.some((k) => JSON.stringify(k.applied) === JSON.stringify(w.applied))) known.push(w);
    }
  };
  for (let round = 0; round < rounds; ++round) {
    await Promise.all(devices.map(async (d) => {
      const request = d.bot.nextBatch(1 + ((round * 7 + d.i) % 20), Date.now());
      const copies = round % 10 === d.i ? 2 : 1;
      for (let c = 0; c < copies; ++c) {
        const r = await call(d.url, 'POST', syncPath(p), { token: p.token, body: request, check: false });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        record(request, r.body);
        if (r.body.outcome !== 'accepted') d.bot.adopt(r.body.state);
      }
    }));
  }
  const farm = await call(urls[0], 'GET', `/v1/players/${p.playerId}/farm`, { token: p.token, check: false });
  // Replay exactly the answered actions, version after version, from the registered farm: for each
  // version, the actions of one of its answers must lead from the version before to its state.
  // (Those of an answer that changed nothing do only if they are no-ops there too.)
  const versions = [...answers.keys()].sort((a, b) => a - b);
  assert.deepEqual(versions, Array.from({ length: versions.length }, (_, k) => k + 2), 'every write has its own version, none skipped');
  assert.equal(farm.body.version, versions.at(-1) ?? 1);
  let replay = engine.loadState(JSON.stringify(p.save));
  let actions = 0;
  for (const v of versions) {
    let next = null;
    for (const candidate of answers.get(v)) {
      const trial = engine.loadState(replay.save());
      for (const a of candidate.applied) trial.apply(a);
      if (trial.hash === candidate.stateHash) {
        next = trial;
        actions += candidate.applied.length;
        break;
      }
      trial.dispose();
    }
    assert.ok(next, `after version ${v}: no answer's actions lead to its state ${answers.get(v)[0].stateHash}`);
    replay.dispose();
    replay = next;
  }
  assert.equal(replay.hash, farm.body.stateHash);
  replay.dispose();
  for (const d of devices) d.bot.dispose();
  return { outcomes, writes: versions.length, actions };
}

