// The SQLite storage on its own (no server): the idempotency records a player keeps. README.md
// ("Sync, versions and idempotency") promises that the answers of the last 64 writes can be
// replayed; they are a ring of 64 slots, so none older is kept either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteStorage } from '../src/storage/sqlite.js';
import { tempDir } from './support.mjs';

const KEPT = 64;
const scores = { lifetimeValue: '0', prestigeLevel: 0, valuePerSecond: '0' };

test(`idempotency records: the last ${KEPT} writes' are always kept, none older`, async () => {
  const storage = new SqliteStorage({ dataDir: tempDir(), synchronous: 'normal', idempotencyKept: KEPT });
  await storage.open();
  const player = { playerId: 'p-1', save: '{}', stateHash: '0000000000000000', scores, nowMs: 1 };
  await storage.createPlayer({ ...player, tokenHash: 'h', importReport: null, snapshot: { doc: '{}', signed: false } });
  let version = 1;
  const key = (v) => `batch:${v}`;
  const withRecord = (v) => (v - 2) % 5 !== 4;
  for (let i = 0; i < 3 * KEPT + 7; ++i) {
    // Every fifth write is one without a record (a resume): it must clear its slot all the same.
    const idempotency = withRecord(version + 1) ? { key: key(version + 1), requestDigest: `d${version + 1}`, status: 200, body: `{"v":${version + 1}}` } : undefined;
    const written = await storage.writePlayer({ ...player, expectedVersion: version, idempotency });
    await storage.durable();
    version = written.version;
    for (let v = 2; v <= version; ++v) {
      const found = await storage.findIdempotent('p-1', key(v));
      if (v > version - KEPT && withRecord(v)) assert.deepEqual(found, { requestDigest: `d${v}`, status: 200, body: `{"v":${v}}` }, `version ${version}: the record of version ${v} is kept`);
      else assert.equal(found, null, `version ${version}: no record of version ${v}`);
    }
  }
  await storage.close();
});

test('a database from before the ring: its idempotency records are moved into the ring at open, the newest 64 of each player', async () => {
  const dataDir = tempDir();
  const first = new SqliteStorage({ dataDir, synchronous: 'normal' });
  await first.open();
  const player = { playerId: 'p-old', save: '{}', stateHash: '0000000000000000', scores, nowMs: 1 };
  await first.createPlayer({ ...player, tokenHash: 'h-old', importReport: null, snapshot: { doc: '{}', signed: false } });
  let version = 1;
  for (let i = 0; i < 99; ++i) version = (await first.writePlayer({ ...player, expectedVersion: version })).version;
  await first.durable();
  await first.close();
  // The old table, as the server before the ring wrote it: records of versions 2..100, pruned lazily.
  const db = new Database(join(dataDir, 'game.sqlite'));
  db.exec(`CREATE TABLE idempotency (player_id TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, request_digest TEXT NOT NULL,
    status INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (player_id, key)) WITHOUT ROWID;
    CREATE INDEX idempotency_seq ON idempotency (player_id, seq);`);
  const insert = db.prepare('INSERT INTO idempotency VALUES (?, ?, ?, ?, 200, ?)');
  for (let v = 100; v >= 2; --v) insert.run('p-old', `key:k${v}`, v, `d${v}`, `{"v":${v}}`);
  db.close();

  const storage = new SqliteStorage({ dataDir, synchronous: 'normal' });
  await storage.open();
  for (let v = 2; v <= 100; ++v) {
    const found = await storage.findIdempotent('p-old', `key:k${v}`);
    if (v > 100 - KEPT) assert.deepEqual(found, { requestDigest: `d${v}`, status: 200, body: `{"v":${v}}` }, `version ${v} kept`);
    else assert.equal(found, null, `version ${v} is older than the last ${KEPT}`);
  }
  await storage.close();
  const after = new Database(join(dataDir, 'game.sqlite'), { readonly: true });
  assert.equal(after.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('idempotency', 'idempotency_seq')").get().n, 0);
  after.close();
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
