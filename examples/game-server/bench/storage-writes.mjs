#!/usr/bin/env node
// The storage's share of a sync request, without HTTP or the engine: what the server asks the
// SQLite storage for one sync (head, findIdempotent, writePlayer with its idempotency record), in
// groups committed together as the group commit does (synchronous=FULL unless told). Prints per
// write the time the event loop is held (the calls and the group's COMMIT, not the wait for the
// fdatasync, which runs in libuv's thread pool), the process's CPU time, and the time until durable. A micro-measure to run by hand beside the load
// script (README.md, "Performance"), not a test.
//
//   node bench/storage-writes.mjs [--players 200] [--writes 60000] [--group 30] [--checkpoint-pages 10000] [--synchronous full|normal]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStorage } from '../src/storage/sqlite.js';

const { values: a } = parseArgs({ options: {
  players: { type: 'string', default: '200' }, writes: { type: 'string', default: '60000' }, group: { type: 'string', default: '30' },
  'checkpoint-pages': { type: 'string', default: '10000' }, synchronous: { type: 'string', default: 'full' } } });
const PLAYERS = Number(a.players);
const GROUP = Number(a.group);
const ROUNDS = 6;  // the first warms up; the mean of the others is printed (checkpoints included)
const perRound = Math.ceil(Number(a.writes) / ROUNDS / GROUP) * GROUP;

const dataDir = mkdtempSync(join(tmpdir(), 'lw-storage-bench-'));
let commitSeconds = 0;
const storage = new SqliteStorage({ dataDir, synchronous: a.synchronous, walCheckpointPages: Number(a['checkpoint-pages']),
  onCommit: (c) => { commitSeconds += c.commitSeconds; } });
await storage.open();

// Rows of the sizes a new farm gives: an 880-byte save, scores that move every write (so the
// leaderboard indexes do), an answer of 20 results.
const save = (k) => `{"save":"${'x'.repeat(860)}","k":${k}}`;
const scores = (k) => ({ lifetimeValue: String(k * 1.37), prestigeLevel: 0, valuePerSecond: String(k * 0.11) });
const results = Array.from({ length: 20 }, (_, i) => `{"index":${i},"status":"ok"}`).join(',');
const body = (k) => `{"outcome":"accepted","stateHash":"0123456789abcdef","applied":20,"results":[${results}],"version":${k}}`;

const version = new Array(PLAYERS).fill(1);
for (let p = 0; p < PLAYERS; ++p) {
  await storage.createPlayer({ playerId: `p-${p}`, tokenHash: `t-${p}`, save: save(0), stateHash: '0123456789abcdef', scores: scores(p),
    nowMs: 1, importReport: null, snapshot: { doc: save(0), signed: false } });
}
await storage.durable();

let k = 0;
const rounds = [];
for (let round = 0; round < ROUNDS; ++round) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  commitSeconds = 0;
  let callsMs = 0;
  for (let w = 0; w < perRound; w += GROUP) {
    const calls0 = performance.now();
    for (let g = 0; g < GROUP; ++g, ++k) {
      const p = (k * 7919) % PLAYERS;  // a prime stride: every group touches players all over the table
      const playerId = `p-${p}`;
      await storage.head(playerId);
      await storage.findIdempotent(playerId, `batch:${k}`);
      const written = await storage.writePlayer({ playerId, expectedVersion: version[p], save: save(k), stateHash: '0123456789abcdef',
        scores: scores(k), nowMs: 2, idempotency: { key: `batch:${k}`, requestDigest: 'd'.repeat(64), status: 200, body: body(k) } });
      version[p] = written.version;
    }
    callsMs += performance.now() - calls0;
    await storage.durable();
  }
  const cpu = process.cpuUsage(cpu0);
  rounds.push({ loop: ((callsMs + commitSeconds * 1000) * 1000) / perRound, cpu: (cpu.user + cpu.system) / perRound,
    wall: ((performance.now() - t0) * 1000) / perRound });
}
await storage.close();
rmSync(dataDir, { recursive: true, force: true });

const mean = (f) => Number((rounds.slice(1).map(f).reduce((x, y) => x + y, 0) / (ROUNDS - 1)).toFixed(1));
const result = { checkpointPages: Number(a['checkpoint-pages']), synchronous: a.synchronous, group: GROUP, writes: perRound * (ROUNDS - 1),
  loopUsPerWrite: mean((r) => r.loop), cpuUsPerWrite: mean((r) => r.cpu), wallUsPerWrite: mean((r) => r.wall) };
console.log(`storage, synchronous ${a.synchronous}, wal_autocheckpoint ${result.checkpointPages}, groups of ${GROUP}: ${result.loopUsPerWrite} µs of the event loop ` +
  `and ${result.cpuUsPerWrite} µs of CPU a write, durable after ${result.wallUsPerWrite} µs a write (mean of ${ROUNDS - 1} rounds of ${perRound})`);
console.log(JSON.stringify(result));
