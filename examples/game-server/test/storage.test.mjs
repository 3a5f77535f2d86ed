// The SQLite storage on its own (no server): the idempotency records a player keeps. README.md
// ("Sync, versions and idempotency") promises that the answers of the last 64 writes can be
// replayed; the records are pruned only every PRUNE_EVERY-th version, so a bound holds above too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRUNE_EVERY, SqliteStorage } from '../src/storage/sqlite.js';
import { tempDir } from './support.mjs';

const KEPT = 64;
const scores = { lifetimeValue: '0', prestigeLevel: 0, valuePerSecond: '0' };

test(`idempotency records: the last ${KEPT} writes are always kept, none older than the last ${KEPT} + PRUNE_EVERY - 1`, async () => {
  const storage = new SqliteStorage({ dataDir: tempDir(), synchronous: 'normal', idempotencyKept: KEPT });
  await storage.open();
  const player = { playerId: 'p-1', save: '{}', stateHash: '0000000000000000', scores, nowMs: 1 };
  await storage.createPlayer({ ...player, tokenHash: 'h', importReport: null, snapshot: { doc: '{}', signed: false } });
  let version = 1;
  const key = (v) => `batch:${v}`;
  for (let i = 0; i < 5 * PRUNE_EVERY + KEPT; ++i) {
    // Every fifth write is one without a record (a resume): the pruning must not depend on it.
    const idempotency = i % 5 === 4 ? undefined : { key: key(version + 1), requestDigest: 'd', status: 200, body: '{}' };
    const written = await storage.writePlayer({ ...player, expectedVersion: version, idempotency });
    await storage.durable();
    version = written.version;
    for (let v = 2; v <= version; ++v) {
      const found = await storage.findIdempotent('p-1', key(v));
      if (v > version - KEPT && (v - 2) % 5 !== 4) assert.ok(found, `version ${version}: the record of version ${v} is kept`);
      if (v <= version - (KEPT + PRUNE_EVERY - 1)) assert.equal(found, null, `version ${version}: the record of version ${v} is pruned`);
    }
  }
  await storage.close();
});

// synchronous=FULL: SQLite runs NORMAL and the storage itself makes the WAL durable, off the event
// loop (README "Durability"). A stand-in for fdatasync that the test settles by hand shows when
// the answers are released.
function handSync() {
  const calls = [];
  const syncFile = (path) => new Promise((resolve, reject) => { calls.push({ path, resolve, reject }); });
  return { calls, syncFile };
}
const turn = () => new Promise((r) => setImmediate(r));
const settledYet = (promise) => {
  const state = { settled: false };
  promise.then(() => { state.settled = 'resolved'; }, () => { state.settled = 'rejected'; });
  return state;
};
const newPlayer = (id) => ({ playerId: id, tokenHash: `h-${id}`, save: '{}', stateHash: '0000000000000000', scores, nowMs: 1,
  importReport: null, snapshot: { doc: '{}', signed: false } });

test('synchronous full: answers wait for an fdatasync of the WAL that starts after their COMMIT; one at a time', async () => {
  const { calls, syncFile } = handSync();
  const storage = new SqliteStorage({ dataDir: tempDir(), synchronous: 'full', syncFile });
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  const first = settledYet(storage.durable());
  await turn();  // the group commits
  assert.equal(calls.length, 1);
  assert.equal(calls[0].path, `${storage.path}-wal`);
  await storage.createPlayer(newPlayer('p-2'));  // committed while the first fdatasync runs
  const second = settledYet(storage.durable());
  await turn();
  assert.equal(calls.length, 1, 'one fdatasync at a time');
  assert.equal(first.settled, false, 'not answered before its fdatasync');
  calls[0].resolve();
  await turn();
  assert.equal(first.settled, 'resolved');
  assert.equal(second.settled, false, 'committed after the first fdatasync started: waits for the next');
  assert.equal(calls.length, 2);
  calls[1].resolve();
  await turn();
  assert.equal(second.settled, 'resolved');
  await storage.close();
});

test('synchronous full: a failed fdatasync fails its group (503 upstream) and drops its players from caches; the next group is fine', async () => {
  const { calls, syncFile } = handSync();
  const storage = new SqliteStorage({ dataDir: tempDir(), synchronous: 'full', syncFile });
  const dropped = [];
  storage.onRollback((players) => dropped.push(...players));
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  const failed = storage.durable();
  await turn();
  calls[0].reject(new Error('EIO'));
  await assert.rejects(failed, /EIO/);
  assert.deepEqual(dropped, ['p-1']);
  await storage.createPlayer(newPlayer('p-2'));
  const next = storage.durable();
  await turn();
  calls[1].resolve();
  await next;
  await storage.close();
});

test('synchronous normal: no fdatasync; the answers go at COMMIT', async () => {
  const { calls, syncFile } = handSync();
  const storage = new SqliteStorage({ dataDir: tempDir(), synchronous: 'normal', syncFile });
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  await storage.durable();
  assert.equal(calls.length, 0);
  await storage.close();
});
