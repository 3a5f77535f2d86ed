#!/usr/bin/env node
// The engine's share of a sync request, measured without HTTP or SQLite: what the server's
// request path calls on the npm package for one batch of 20 honest actions on a new farm
// (state.sync, state.save, state.scores), in microseconds a call. A micro-measure to run by hand
// beside the load script (README.md, "Performance"), not a test.
//
//   node bench/engine-calls.mjs [--batches 400] [--batch 20] [--rounds 8]
import { parseArgs } from 'node:util';
import { HonestBot } from './bot.mjs';
import { importLlamawool } from '../src/package.js';

const { values: a } = parseArgs({ options: {
  batches: { type: 'string', default: '400' }, batch: { type: 'string', default: '20' }, rounds: { type: 'string', default: '8' } } });
const BATCHES = Number(a.batches);

Error.stackTraceLimit = 0;  // the bot's refused tries throw; no stack is needed
const { createEngine } = await importLlamawool();
const engine = await createEngine();
const T0 = 1_700_000_000_000;

// The batches an honest client sends, 100 ms apart, computed once; each round replays them on a
// fresh copy of the new farm, so every round does the same work.
const start = engine.newState('p-bench', T0);
const bot = new HonestBot(engine, { playerId: 'p-bench', token: '', save: start.save(), seed: 7, strategy: 'builder' });
const requests = Array.from({ length: BATCHES }, (_, k) => bot.nextBatch(Number(a.batch), T0 + (k + 1) * 100));
bot.dispose();

const perCall = { sync: [], save: [], scores: [] };
let saveBytes = 0;
for (let round = 0; round < Number(a.rounds); ++round) {
  const state = start.copy();
  const spent = { sync: 0, save: 0, scores: 0 };
  for (let k = 0; k < BATCHES; ++k) {
    const now = T0 + (k + 1) * 100;
    let t = performance.now();
    const response = state.sync(requests[k], now);
    spent.sync += performance.now() - t;
    if (response.outcome !== 'accepted') throw new Error(`batch ${k}: ${response.outcome}`);
    t = performance.now();
    const save = state.save();
    spent.save += performance.now() - t;
    t = performance.now();
    state.scores();
    spent.scores += performance.now() - t;
    saveBytes = save.length;
  }
  state.dispose();
  if (round > 0) for (const k of Object.keys(spent)) perCall[k].push((spent[k] * 1000) / BATCHES);  // round 0 warms up
}
// The fastest round: on a machine shared with other work, the least disturbed estimate.
const us = Object.fromEntries(Object.entries(perCall).map(([k, xs]) => [k, Number(Math.min(...xs).toFixed(1))]));
console.log(`per call (µs, fastest of ${Number(a.rounds) - 1} rounds of ${BATCHES} batches of ${a.batch}): ` +
  `sync ${us.sync}, save ${us.save} (a ${saveBytes}-byte save), scores ${us.scores}`);
console.log(JSON.stringify({ ...us, saveBytes }));
start.dispose();
engine.dispose();
