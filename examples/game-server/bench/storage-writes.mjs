#!/usr/bin/env node
// The storage's share of a sync request, without HTTP or the engine: what the server asks the
// SQLite storage for one sync (head, findIdempotent, writePlayer with its idempotency record), in
// groups committed together as the group commit does (synchronous=FULL unless told). Prints per
// write the time the event loop is held (the reads, and the group's statements and COMMIT, not the
// wait for the fdatasync, which runs in libuv's thread pool, nor the checkpoints, which run in the
// checkpointer thread), the process's CPU time (all threads), and the time until durable. A
// micro-measure to run by hand beside the load script (README.md, "Performance"), not a test.
//
//   node bench/storage-writes.mjs [--players 200] [--writes 60000] [--group 30] [--synchronous full|normal]
//                                 [--rate-every 1]   the production rate changes every this many writes
//                                 [--checkpoint-interval-ms 1000]   0: SQLite's checkpoints inside COMMIT,
//                                 [--checkpoint-pages 10000]           every this many pages
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStorage } from '../src/storage/sqlite.js';

const { values: a } = parseArgs({ options: {
  players: { type: 'string', default: '200' }, writes: { type: 'string', default: '60000' }, group: { type: 'string', default: '30' },
  'checkpoint-pages': { type: 'string', default: '10000' }, 'checkpoint-interval-ms': { type: 'string', default: '1000' },
  synchronous: { type: 'string', default: 'full' }, 'rate-every': { type: 'string', default: '1' } } });
const RATE_EVERY = Number(a['rate-every']);
const PLAYERS = Number(a.players);
const GROUP = Number(a.group);
const ROUNDS = 6;  // the first warms up; the mean of the others is printed (checkpoints included)
const perRound = Math.ceil(Number(a.writes) / ROUNDS / GROUP) * GROUP;

const dataDir = mkdtempSync(join(tmpdir(), 'lw-storage-bench-'));
let commitSeconds = 0;
const storage = new SqliteStorage({ dataDir, synchronous: a.synchronous, walCheckpointPages: Number(a['checkpoint-pages']),
  checkpointIntervalMs: Number(a['checkpoint-interval-ms']),
  onCommit: (c) => { commitSeconds += c.commitSeconds; } });
await storage.open();

// Rows of the sizes a new farm gives: an 880-byte save, a lifetime value that moves every write,
// a production rate that moves every RATE_EVERY writes (a purchase), a prestige level that stays
// (so their leaderboard indexes are rewritten that often: sqlite.js, updateStatement), an answer of 20 results.
const save = (k) => `{"save":"${'x'.repeat(860)}","k":${k}}`;
const scores = (k) => ({ lifetimeValue: String(k * 1.37), prestigeLevel: 0, valuePerSecond: String(Math.floor(k / RATE_EVERY) * 0.11) });
const results = Array.from({ length: 20 }, (_, i) => `{"index":${i},"status":"ok"}`).join(',');
const body = (k) => `{"outcome":"accepted","stateHash":"0123456789abcdef","applied":20,"results":[${results}],"version":${k}}`;

const version = new Array(PLAYERS).fill(1);
for (let p = 0; p < PLAYERS; ++p) {
  await storage.createPlayer({ playerId: `p-${p}`, tokenHash: `t-${p}`, save: save(0), stateHash: '0123456789abcdef', scores: scores(p),
    nowMs: 1, importReport: null, snapshot: { doc: save(0), signed: false } });
}
await storage.durable();

// Bytes this process passed to write(2) (the WAL's frames, mostly): /proc/self/io's wchar.
const bytesWritten = () => Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))[1]);

let k = 0;
const rounds = [];
for (let round = 0; round < ROUNDS; ++round) {
  const written0 = bytesWritten();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  commitSeconds = 0;
  let callsMs = 0;
  for (let w = 0; w < perRound; w += GROUP) {
    // A group: the reads of each request, then their writes, queued in one turn and committed
    // together (the statements run in the group's flush, counted by onCommit).
    const calls0 = performance.now();
    const writes = [];
    for (let g = 0; g < GROUP; ++g, ++k) {
      const p = (k * 7919) % PLAYERS;  // a prime stride: every group touches players all over the table
      const playerId = `p-${p}`;
      await storage.head(playerId);
      await storage.findIdempotent(playerId, `batch:${k}`);
      writes.push(storage.writePlayer({ playerId, expectedVersion: version[p], save: save(k), stateHash: '0123456789abcdef',
        scores: scores(k), nowMs: 2, idempotency: { key: `batch:${k}`, requestDigest: 'd'.repeat(64), status: 200, body: body(k) } })
        .then((written) => { version[p] = written.version; }));
    }
    callsMs += performance.now() - calls0;
    await Promise.all(writes);
    await storage.durable();
  }
  const cpu = process.cpuUsage(cpu0);
  rounds.push({ bytes: (bytesWritten() - written0) / perRound, loop: ((callsMs + commitSeconds * 1000) * 1000) / perRound, cpu: (cpu.user + cpu.system) / perRound,
    wall: ((performance.now() - t0) * 1000) / perRound });
}
await storage.close();
rmSync(dataDir, { recursive: true, force: true });

const mean = (f) => Number((rounds.slice(1).map(f).reduce((x, y) => x + y, 0) / (ROUNDS - 1)).toFixed(1));
const result = { players: PLAYERS, rateEvery: RATE_EVERY, checkpointIntervalMs: Number(a['checkpoint-interval-ms']), checkpointPages: Number(a['checkpoint-pages']), synchronous: a.synchronous, group: GROUP, writes: perRound * (ROUNDS - 1),
  loopUsPerWrite: mean((r) => r.loop), bytesPerWrite: Math.round(mean((r) => r.bytes)), cpuUsPerWrite: mean((r) => r.cpu), wallUsPerWrite: mean((r) => r.wall) };
const checkpoints = result.checkpointIntervalMs > 0 ? `checkpoints every ${result.checkpointIntervalMs} ms in a thread`
  : `checkpoints in COMMIT every ${result.checkpointPages} pages`;
console.log(`storage, ${PLAYERS} players, synchronous ${a.synchronous}, ${checkpoints}, groups of ${GROUP}: ${result.loopUsPerWrite} µs of the event loop ` +
  `and ${result.cpuUsPerWrite} µs of CPU a write, ${result.bytesPerWrite} bytes written, durable after ${result.wallUsPerWrite} µs a write (mean of ${ROUNDS - 1} rounds of ${perRound})`);
console.log(JSON.stringify(result));
