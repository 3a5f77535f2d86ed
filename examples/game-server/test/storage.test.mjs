// The SQLite storage on its own (no server): the idempotency records a player keeps. README.md
// ("Sync, versions and idempotency") promises that the answers of the last 64 writes can be
// replayed; they are a ring of 64 slots, so none older is kept either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteStorage } from '../src/storage/sqlite.js';
import { BOARDS } from '../src/storage/storage.js';
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

// synchronous=FULL: SQLite runs NORMAL and the storage itself makes the WAL durable, in a thread
// of its own that runs the fsync loop (README "Durability", src/storage/wal-syncer.js). The test
// holds each of the thread's fdatasyncs at a gate and lets them go one by one, to see when the
// answers are released.
function syncGate() {
  const buffer = new SharedArrayBuffer(12);
  const cells = new Int32Array(buffer);  // [fdatasyncs started, fdatasyncs allowed, fail them]
  return {
    buffer,
    started: () => Atomics.load(cells, 0),
    allow({ fail = false } = {}) {
      Atomics.store(cells, 2, fail ? 1 : 0);
      Atomics.add(cells, 1, 1);
      Atomics.notify(cells, 1);
    },
  };
}
// A storage (not opened yet) whose syncer thread holds each fdatasync at a new gate.
function gatedStorage(synchronous) {
  const gate = syncGate();
  return { gate, storage: new SqliteStorage({ dataDir: tempDir(), synchronous, syncGate: gate.buffer }) };
}
const turn = () => new Promise((r) => setImmediate(r));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, condition) {
  for (const started = Date.now(); !condition(); await pause(2)) {
    if (Date.now() - started > 5000) throw new Error(`timed out waiting for ${what}`);
  }
}
const settledYet = (promise) => {
  const state = { settled: false };
  promise.then(() => { state.settled = 'resolved'; }, () => { state.settled = 'rejected'; });
  return state;
};
const newPlayer = (id) => ({ playerId: id, tokenHash: `h-${id}`, save: '{}', stateHash: '0000000000000000', scores, nowMs: 1,
  importReport: null, snapshot: { doc: '{}', signed: false } });

test('synchronous full: answers wait for an fdatasync of the WAL that starts after their COMMIT; one at a time', async () => {
  const { gate, storage } = gatedStorage('full');
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  const first = settledYet(storage.durable());
  await until('the first fdatasync', () => gate.started() === 1);  // the group committed, and its fdatasync began
  await storage.createPlayer(newPlayer('p-2'));  // committed while the first fdatasync runs
  const second = settledYet(storage.durable());
  await pause(50);
  assert.equal(gate.started(), 1, 'one fdatasync at a time');
  assert.equal(first.settled, false, 'not answered before its fdatasync');
  gate.allow();
  await until('the first answer', () => first.settled);
  assert.equal(first.settled, 'resolved');
  await until('the second fdatasync', () => gate.started() === 2);
  await pause(20);
  assert.equal(second.settled, false, 'committed after the first fdatasync started: waits for the next');
  gate.allow();
  await until('the second answer', () => second.settled);
  assert.equal(second.settled, 'resolved');
  await storage.close();
});

test('synchronous full: groups committed during an fdatasync all wait for the next one, which answers them together', async () => {
  const { gate, storage } = gatedStorage('full');
  await storage.open();
  await storage.createPlayer(newPlayer('p-0'));
  await until('the first fdatasync', () => gate.started() === 1);
  const later = [];
  for (let i = 1; i <= 3; ++i) {  // three groups, one a turn
    await storage.createPlayer(newPlayer(`p-${i}`));
    later.push(settledYet(storage.durable()));
    await turn();
  }
  gate.allow();
  await until('the second fdatasync', () => gate.started() === 2);
  assert.deepEqual(later.map((s) => s.settled), [false, false, false]);
  gate.allow();
  await until('the three answers', () => later.every((s) => s.settled));
  assert.deepEqual(later.map((s) => s.settled), ['resolved', 'resolved', 'resolved']);
  assert.equal(gate.started(), 2, 'one fdatasync for the three groups');
  await storage.close();
});

test('synchronous full: a failed fdatasync fails its group (503 upstream) and drops its players from caches; the next group is fine', async () => {
  const { gate, storage } = gatedStorage('full');
  const dropped = [];
  storage.onRollback((players) => dropped.push(...players));
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  const failed = storage.durable();
  await until('the first fdatasync', () => gate.started() === 1);
  gate.allow({ fail: true });
  await assert.rejects(failed, /EIO/);
  assert.deepEqual(dropped, ['p-1']);
  await storage.createPlayer(newPlayer('p-2'));
  const next = storage.durable();
  await until('the second fdatasync', () => gate.started() === 2);
  gate.allow();
  await next;
  assert.deepEqual(dropped, ['p-1']);
  await storage.close();
});

// The thread also stores the newest durable group in shared memory, and the storage looks at it at
// each call (sqlite.js, #pollDurable): these two run without a turn of the event loop after the
// fdatasync is let go (microtasks only), so the thread's message cannot have been read.
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
async function callsWithoutATurn(storage, done) {
  for (const started = Date.now(); !done() && Date.now() - started < 3000;) {
    sleepSync(5);
    storage.durable();
    for (let i = 0; i < 10; ++i) await null;
  }
}

test('synchronous full: a group is answered at the storage\'s next call once its fdatasync returned, before the thread\'s message is read', async () => {
  const { gate, storage } = gatedStorage('full');
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  const first = settledYet(storage.durable());
  await until('the first fdatasync', () => gate.started() === 1);
  gate.allow();
  await callsWithoutATurn(storage, () => first.settled);
  assert.equal(first.settled, 'resolved', 'answered without waiting for the message');
  await storage.close();
});

test('synchronous full: after a failed fdatasync, a later one that succeeds answers nothing of the failed group', async () => {
  const { gate, storage } = gatedStorage('full');
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  const failed = settledYet(storage.durable());
  await until('the first fdatasync', () => gate.started() === 1);
  await storage.createPlayer(newPlayer('p-2'));  // committed while the first runs: the second fdatasync's
  const second = settledYet(storage.durable());
  gate.allow({ fail: true });
  await callsWithoutATurn(storage, () => gate.started() === 2);
  gate.allow();
  sleepSync(200);  // the second fdatasync returns meanwhile (its message is not read: still no turn)
  await callsWithoutATurn(storage, () => failed.settled);
  assert.equal(failed.settled, false, 'the failed group is not answered from the later fdatasync');
  await until('the messages', () => failed.settled && second.settled);
  assert.equal(failed.settled, 'rejected');
  assert.equal(second.settled, 'resolved');
  await storage.close();
});

test('synchronous normal: no fdatasync; the answers go at COMMIT', async () => {
  const { gate, storage } = gatedStorage('normal');
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  await storage.durable();
  assert.equal(gate.started(), 0);
  await storage.close();
});

test('a group with a failing statement is rolled back whole: its writes fail, their players are dropped from caches, the next group is fine', async () => {
  const storage = new SqliteStorage({ dataDir: tempDir(), synchronous: 'full' });
  const dropped = [];
  storage.onRollback((players) => dropped.push(...players));
  await storage.open();
  await storage.createPlayer(newPlayer('p-1'));
  await storage.createPlayer(newPlayer('p-2'));
  await storage.durable();
  const good = storage.writePlayer({ playerId: 'p-1', expectedVersion: 1, save: '{"v":2}', stateHash: '1111111111111111', scores, nowMs: 2 });
  const bad = storage.writePlayer({ playerId: 'p-2', expectedVersion: 1, save: null, stateHash: '2222222222222222', scores, nowMs: 2 });
  const durable = storage.durable();
  await assert.rejects(good, /NOT NULL constraint failed: players\.save/);
  await assert.rejects(bad, /NOT NULL constraint failed: players\.save/);
  await assert.rejects(durable, /NOT NULL/);
  assert.deepEqual(dropped.sort(), ['p-1', 'p-2']);
  assert.deepEqual(await storage.head('p-1'), { version: 1, stateHash: '0000000000000000' }, 'the good write of the group is not stored');
  const next = await storage.writePlayer({ playerId: 'p-1', expectedVersion: 1, save: '{"v":2}', stateHash: '1111111111111111', scores, nowMs: 3 });
  await storage.durable();
  assert.deepEqual(next, { version: 2 });
  assert.deepEqual(await storage.head('p-1'), { version: 2, stateHash: '1111111111111111' });
  await storage.close();
});

// A write's UPDATE sets only the leaderboard columns whose score changed since the version it
// replaces (src/storage/sqlite.js, updateStatement), from the scores this process remembers storing.
// Whatever changed, and whoever wrote the version before, the row must hold the write's scores.
test('the leaderboard columns always hold the last write\'s scores: whichever changed, after another process\'s write, after a failed group', async () => {
  const dataDir = tempDir();
  const a = new SqliteStorage({ dataDir, synchronous: 'normal' });
  const b = new SqliteStorage({ dataDir, synchronous: 'normal' });  // another process on the same file (--workers)
  await a.open();
  await b.open();
  const s = (lifetimeValue, prestigeLevel, valuePerSecond) => ({ lifetimeValue, prestigeLevel, valuePerSecond });
  await a.createPlayer({ ...newPlayer('p-1'), scores: s('10', 0, '1') });
  await a.createPlayer({ ...newPlayer('p-2'), scores: s('5', 0, '1') });
  await a.durable();
  let version = 1;
  const stored = async () => Object.fromEntries(await Promise.all(BOARDS.map(async (board) => [board, (await a.leaderboardRank(board, 'p-1', 0)).score])));
  const write = async (storage, scores, extra = {}) => {
    const written = await storage.writePlayer({ playerId: 'p-1', expectedVersion: version, save: `{"v":${version + 1}}`,
      stateHash: '1111111111111111', scores, nowMs: version + 1, ...extra });
    await storage.durable();
    assert.deepEqual(written, { version: version + 1 });
    version = written.version;
    assert.deepEqual(await stored(), { lifetimeValue: scores.lifetimeValue, prestigeLevel: String(scores.prestigeLevel), productionRate: scores.valuePerSecond },
      `version ${version}`);
  };
  await write(a, s('11', 0, '1'));  // the lifetime value only
  await write(a, s('11', 1, '1'));  // the prestige level only
  await write(a, s('11', 1, '2.5'));  // the production rate only
  await write(a, s('12.25', 1, '3'));  // two
  await write(a, s('12.25', 1, '3'));  // none
  await write(a, s('1e+21', 2, '0.5'));  // all three
  // Another process writes the next version: this one's remembered scores are of an older one.
  await write(b, s('1e+21', 7, '0.5'));
  await write(a, s('1e+21', 2, '0.5'));  // the same as this process last stored, not as the row holds
  // A group that fails is rolled back, and its scores are not remembered as stored.
  const good = a.writePlayer({ playerId: 'p-1', expectedVersion: version, save: '{}', stateHash: '2222222222222222', scores: s('2e+21', 3, '0.5'), nowMs: 99 });
  const bad = a.writePlayer({ playerId: 'p-2', expectedVersion: 1, save: null, stateHash: '2222222222222222', scores, nowMs: 99 });
  await assert.rejects(good, /NOT NULL/);
  await assert.rejects(bad, /NOT NULL/);
  await write(b, s('2e+21', 5, '0.5'));
  await write(a, s('2e+21', 3, '0.5'));  // the rolled-back write's scores, over the other process's
  await a.close();
  await b.close();
});
