// The storage interface (storage.js) on embedded SQLite (better-sqlite3), in WAL mode, with group
// commit: the writes of all the requests handled in one turn of the event loop go into one
// transaction, committed (and, with synchronous=FULL, fsynced once) before any of their answers
// is sent. README.md ("Durability") says why FULL is the default and what NORMAL would give.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BOARDS } from './storage.js';
import { COMMITTED, DURABLE, FAILED, STOP } from './wal-syncer.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS players (
  player_id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  state_hash TEXT NOT NULL,
  save TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  lifetime_value REAL NOT NULL,
  lifetime_value_text TEXT NOT NULL,
  prestige_level INTEGER NOT NULL,
  production_rate REAL NOT NULL,
  production_rate_text TEXT NOT NULL,
  import_report TEXT
);
CREATE INDEX IF NOT EXISTS players_lifetime_value ON players (lifetime_value DESC, player_id);
CREATE INDEX IF NOT EXISTS players_prestige_level ON players (prestige_level DESC, player_id);
CREATE INDEX IF NOT EXISTS players_production_rate ON players (production_rate DESC, player_id);
CREATE TABLE IF NOT EXISTS snapshots (
  player_id TEXT NOT NULL,
  slot INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  state_hash TEXT NOT NULL,
  signed INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (player_id, slot)
) WITHOUT ROWID;
-- The answers of a player's last writes, for retries: a ring of idempotencyKept (64) slots, the
-- record of version v in slot v % 64, so a write replaces the record 64 versions older in place
-- (one page changed) and nothing needs pruning. A retry is looked up by key among the player's
-- 64 rows. (A table keyed by (player, key) put each record at a random place among the player's
-- and needed an index by version for pruning: it was half the bytes a sync wrote to the WAL,
-- which the fdatasync of synchronous FULL then waited for.)
CREATE TABLE IF NOT EXISTS idempotency_ring (
  player_id TEXT NOT NULL,
  slot INTEGER NOT NULL,
  key TEXT NOT NULL,
  version INTEGER NOT NULL,
  request_digest TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (player_id, slot)
) WITHOUT ROWID;
`;

// Databases made before the ring kept their records in `idempotency` (player, key, seq, ...): the
// records are moved into the ring (the newest of each slot wins, as if written in order), and the
// old table dropped, in one transaction at open.
const MIGRATE_IDEMPOTENCY = (kept) => `
INSERT OR REPLACE INTO idempotency_ring (player_id, slot, key, version, request_digest, status, body)
  SELECT player_id, seq % ${kept}, key, seq, request_digest, status, body FROM idempotency ORDER BY player_id, seq;
DROP TABLE idempotency;
`;

// fdatasync(2) of the WAL, in a thread that runs the fsync loop itself (wal-syncer.js says why).
// committed(n): group n is COMMITted (groups are numbered 1, 2, ... in commit order); the thread
// then calls onDurable({upTo, ok, message, seconds}) once an fdatasync that started after that
// COMMIT returned, for every group up to `upTo`. polled(): the newest group known durable without
// waiting for that message, or null once an fdatasync failed. gate: the tests' hold on each
// fdatasync.
function startWalSyncer(path, onDurable, gate) {
  const shared = new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT);
  const slots = new BigInt64Array(shared);
  const worker = new Worker(new URL('./wal-syncer.js', import.meta.url), { workerData: { path, shared, gate } });
  let failure = null;
  let newest = 0n;
  let durable = 0n;
  let stopping = false;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  // The thread keeps the process alive only while a group waits for it.
  worker.on('message', (message) => {
    if (message.type === 'gate') return;
    durable = message.upTo;
    // (Not once stopping: a message read after the answers went out by polled() must not let the
    // process exit before the thread has.)
    if (durable === newest && !stopping) worker.unref();
    onDurable(message);
  });
  worker.on('error', (error) => {
    failure = new Error(`the WAL syncer thread failed: ${error.message}`);
    onDurable({ upTo: newest, ok: false, message: failure.message });
  });
  worker.unref();
  return {
    committed(n) {
      if (failure) {
        queueMicrotask(() => onDurable({ upTo: n, ok: false, message: failure.message }));
        return;
      }
      if (durable === newest) worker.ref();
      newest = n;
      Atomics.store(slots, COMMITTED, n);
      Atomics.notify(slots, COMMITTED);
    },
    polled() {
      // DURABLE first, then FAILED: the thread sets FAILED before any later fdatasync can store
      // a DURABLE, so a DURABLE read before FAILED is seen clear covers no failed group.
      const upTo = Atomics.load(slots, DURABLE);
      return Atomics.load(slots, FAILED) === 0n ? upTo : null;
    },
    async stop() {
      stopping = true;
      worker.ref();
      Atomics.store(slots, COMMITTED, STOP);
      Atomics.notify(slots, COMMITTED);
      await exited;
    },
  };
}

// The most players whose stored scores are remembered (#rememberScores); past it, all are forgotten.
const MAX_STORED_SCORES = 200_000;

// The most writes a group commits together (storage/sqlite.js, "Group commit").
const MAX_GROUP_WRITES = 32;

// Board -> its columns: `value` to rank by (ties are broken by player id, so a rank is always
// well defined) and `text` to show; `set`, the UPDATE's assignments of its columns; `score`, the
// key of scoreColumns whose value is stored exactly (text, or an integer).
const BOARD_COLUMNS = {
  lifetimeValue: { value: 'lifetime_value', text: 'lifetime_value_text', score: 'lifetimeValueText',
    set: 'lifetime_value = @lifetimeValue, lifetime_value_text = @lifetimeValueText' },
  prestigeLevel: { value: 'prestige_level', text: 'CAST(prestige_level AS TEXT)', score: 'prestigeLevel',
    set: 'prestige_level = @prestigeLevel' },
  productionRate: { value: 'production_rate', text: 'production_rate_text', score: 'productionRateText',
    set: 'production_rate = @productionRate, production_rate_text = @productionRateText' },
};

// The UPDATE of a write sets only the leaderboard columns whose score changed: SQLite rewrites the
// entries of every index whose columns are in the SET list, changed or not, so setting all three
// boards on every sync dirtied index pages for nothing (the prestige level seldom changes, the
// production rate at a purchase). `bench/storage-writes.mjs --players 20000 --group 5
// --rate-every 5`: 6-13 % fewer bytes written and 7-10 % less event-loop time a write. One
// statement per subset of the boards (bit i: BOARDS[i] changed); all three when the previous
// scores are not known.
const ALL_BOARDS = (1 << BOARDS.length) - 1;
function updateStatement(db, mask) {
  const set = BOARDS.filter((board, i) => mask & (1 << i)).map((board) => `, ${BOARD_COLUMNS[board].set}`).join('');
  return db.prepare(`UPDATE players SET version = version + 1, state_hash = @stateHash, save = @save, updated_ms = @nowMs${set}
    WHERE player_id = @playerId AND version = @expectedVersion`);
}
// The boards (a mask as above) whose score differs between two scoreColumns.
function changedBoards(stored, columns) {
  return BOARDS.reduce((mask, board, i) => {
    const { score } = BOARD_COLUMNS[board];
    return stored[score] !== columns[score] ? mask | (1 << i) : mask;
  }, 0);
}

function scoreColumns(scores) {
  return {
    lifetimeValue: Number(scores.lifetimeValue),  // the engine's shortest round-trip text: Number() gives its exact double back
    lifetimeValueText: scores.lifetimeValue,
    prestigeLevel: scores.prestigeLevel,
    productionRate: Number(scores.valuePerSecond),
    productionRateText: scores.valuePerSecond,
  };
}

export class SqliteStorage {
  #db;
  #s;  // prepared statements
  #group = null;
  #rollbackListeners = [];
  #storedScores = new Map();  // playerId -> {version, columns}: scoreColumns as stored (#rememberScores)
  #snapshotsKept;
  #idempotencyKept;

  #unsynced = [];  // committed groups, in commit order, waiting for an fdatasync of the WAL
  #groupsCommitted = 0n;  // the number of the newest committed group (startWalSyncer)
  #checkpointer = null;  // the thread that checkpoints the WAL (checkpointer.js)
  #checkpointerExit = null;
  #walSyncer = null;  // the thread that fdatasyncs the WAL (wal-syncer.js), with synchronous FULL
  #latest = null;  // the promise of the newest group not yet durable: what durable() waits for

  // checkpointIntervalMs: how often the checkpointer thread checkpoints the WAL (checkpointer.js),
  // and walRestartPages: the WAL's size at which it also starts the WAL over (RESTART);
  // 0: no thread, SQLite's automatic checkpoints inside COMMIT every walCheckpointPages pages (the
  // arrangement before the thread, kept for bench/storage-writes.mjs to compare).
  // syncGate: the tests' hold on each fdatasync (wal-syncer.js).
  // onCommit({writes, commitSeconds}) after each group's COMMIT; onSync({seconds}) after each
  // fdatasync of the WAL (synchronous FULL).
  // onCheckpoint({log, checkpointed, busy, seconds}) / onCheckpointError(message): the thread's reports.
  constructor({ dataDir, synchronous = 'FULL', snapshotsKept = 5, idempotencyKept = 64, busyTimeoutMs = 5000,
    checkpointIntervalMs = 250, walRestartPages = 65536, walCheckpointPages = 10_000, syncGate, onCommit, onSync, onCheckpoint, onCheckpointError }) {
    this.dataDir = dataDir;
    this.path = join(dataDir, 'game.sqlite');
    this.synchronous = synchronous.toUpperCase();
    if (!['FULL', 'NORMAL'].includes(this.synchronous)) throw new Error(`synchronous: must be full or normal, got ${synchronous}`);
    this.#snapshotsKept = snapshotsKept;
    this.#idempotencyKept = idempotencyKept;
    this.busyTimeoutMs = busyTimeoutMs;
    this.checkpointIntervalMs = checkpointIntervalMs;
    this.walRestartPages = walRestartPages;
    this.walCheckpointPages = walCheckpointPages;
    this.onCheckpoint = onCheckpoint ?? (() => {});
    this.onCheckpointError = onCheckpointError ?? (() => {});
    this.syncGate = syncGate;
    this.onCommit = onCommit ?? (() => {});
    this.onSync = onSync ?? (() => {});
  }

  async open() {
    mkdirSync(this.dataDir, { recursive: true });
    const db = new Database(this.path, { timeout: this.busyTimeoutMs });
    this.walPath = `${this.path}-wal`;
    db.pragma('journal_mode = WAL');
    // FULL: every answered write survives a power cut. SQLite would fsync the WAL inside COMMIT,
    // holding the event loop for the fsync (about 1 ms a commit on this VM, 7 ms when its disk is
    // busy); instead SQLite runs NORMAL (COMMIT writes the WAL, fsyncs only around checkpoints)
    // and the group's answers wait for an fdatasync of the WAL that starts after its COMMIT, in
    // libuv's thread pool (#syncAfterCommit): the same guarantee, with the loop free meanwhile.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Checkpoints (copying the WAL's pages into the database) run in a thread of their own
    // (checkpointer.js says why), so this connection never runs one: automatic checkpoints off.
    // Durability is the WAL's, not the checkpoint's: nothing else changes. Without the thread,
    // SQLite checkpoints inside COMMIT every walCheckpointPages pages.
    db.pragma(`wal_autocheckpoint = ${this.checkpointIntervalMs > 0 ? 0 : Number(this.walCheckpointPages)}`);
    db.exec(SCHEMA);
    const kept = Number(this.#idempotencyKept);
    db.transaction(() => {
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'idempotency'").get()) db.exec(MIGRATE_IDEMPOTENCY(kept));
      // A ring made with more slots keeps only the newest `kept` versions' records.
      db.prepare(`DELETE FROM idempotency_ring WHERE version <= (SELECT version FROM players WHERE players.player_id = idempotency_ring.player_id) - ?`)
        .run(kept);
    }).immediate();
    this.#db = db;
    const boardStatements = {};
    for (const board of BOARDS) {
      const { value, text } = BOARD_COLUMNS[board];
      boardStatements[board] = {
        top: db.prepare(`SELECT player_id AS playerId, ${text} AS score FROM players ORDER BY ${value} DESC, player_id LIMIT ? OFFSET ?`),
        mine: db.prepare(`SELECT ${value} AS value, ${text} AS score FROM players WHERE player_id = ?`),
        above: db.prepare(`SELECT (SELECT COUNT(*) FROM players WHERE ${value} > @value) +
                                  (SELECT COUNT(*) FROM players WHERE ${value} = @value AND player_id < @playerId) AS n`),
      };
    }
    this.#s = {
      boards: boardStatements,
      count: db.prepare('SELECT COUNT(*) AS n FROM players'),
      insertPlayer: db.prepare(`INSERT INTO players (player_id, token_hash, version, state_hash, save, created_ms, updated_ms,
          lifetime_value, lifetime_value_text, prestige_level, production_rate, production_rate_text, import_report)
        VALUES (@playerId, @tokenHash, 1, @stateHash, @save, @nowMs, @nowMs, @lifetimeValue, @lifetimeValueText,
          @prestigeLevel, @productionRate, @productionRateText, @importReport) ON CONFLICT DO NOTHING`),
      byToken: db.prepare('SELECT player_id AS playerId FROM players WHERE token_hash = ?'),
      head: db.prepare('SELECT version, state_hash AS stateHash FROM players WHERE player_id = ?'),
      load: db.prepare('SELECT player_id AS playerId, version, state_hash AS stateHash, save FROM players WHERE player_id = ?'),
      update: Array.from({ length: ALL_BOARDS + 1 }, (_, mask) => updateStatement(db, mask)),
      snapshot: db.prepare(`INSERT OR REPLACE INTO snapshots (player_id, slot, version, created_ms, state_hash, signed, doc)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      snapshots: db.prepare(`SELECT version, created_ms AS createdMs, state_hash AS stateHash, signed FROM snapshots
        WHERE player_id = ? ORDER BY version DESC`),
      snapshotDoc: db.prepare('SELECT doc FROM snapshots WHERE player_id = ? AND version = ?'),
      // The slot after the newest snapshot's (0 for the first).
      nextSlot: db.prepare(`SELECT COALESCE((SELECT slot + 1 FROM snapshots WHERE player_id = ? ORDER BY version DESC LIMIT 1), 0) AS n`),
      findIdem: db.prepare(`SELECT request_digest AS requestDigest, status, body FROM idempotency_ring WHERE player_id = ? AND key = ?`),
      putIdem: db.prepare(`INSERT OR REPLACE INTO idempotency_ring (player_id, slot, key, version, request_digest, status, body)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      clearIdem: db.prepare('DELETE FROM idempotency_ring WHERE player_id = ? AND slot = ?'),
      ping: db.prepare('SELECT 1 AS ok'),
    };
    if (this.checkpointIntervalMs > 0) this.#startCheckpointer();
    if (this.synchronous === 'FULL') this.#walSyncer = startWalSyncer(this.walPath, (report) => this.#durableUpTo(report), this.syncGate);
  }

  #startCheckpointer() {
    const worker = new Worker(new URL('./checkpointer.js', import.meta.url),
      { workerData: { path: this.path, intervalMs: this.checkpointIntervalMs, restartFrames: this.walRestartPages, busyTimeoutMs: this.busyTimeoutMs } });
    worker.on('message', (message) => {
      if (message.type === 'checkpoint') this.onCheckpoint(message);
      else if (message.type === 'error') this.onCheckpointError(message.message);
    });
    // The thread failing (it should not) stops the checkpoints, not the server: SQLite's automatic
    // checkpoints take over, in COMMIT as before, so the WAL never grows without bound.
    worker.on('error', (error) => {
      this.onCheckpointError(`the checkpointer thread failed: ${error.message}`);
      this.#db?.pragma(`wal_autocheckpoint = ${Number(this.walCheckpointPages)}`);
    });
    worker.unref();
    this.#checkpointer = worker;
    this.#checkpointerExit = new Promise((resolve) => worker.once('exit', resolve));
  }

  async close() {
    if (!this.#db) return;
    if (this.#group) this.#flush();
    if (this.#walSyncer) {
      await this.durable().catch(() => {});  // the answers of committed groups wait for their fdatasync
      await this.#walSyncer.stop();
      this.#walSyncer = null;
    }
    if (this.#checkpointer) {
      this.#checkpointer.ref();  // this process waits for the thread to close its connection
      this.#checkpointer.postMessage('stop');
      await this.#checkpointerExit;
      this.#checkpointer = null;
    }
    this.#db.close();
    this.#db = null;
  }

  async ping() {
    return this.#s.ping.get().ok === 1;
  }

  // --- Group commit -------------------------------------------------------------------------------
  // The writes asked for in one turn of the event loop are queued, and run together in setImmediate,
  // after every request whose I/O arrived in this turn has been handled: BEGIN IMMEDIATE, their
  // statements, COMMIT, in one stretch of synchronous code. The write lock of the file is held for
  // those statements only (a few milliseconds), never across the engine work of a turn, so several
  // server processes can share the file (--workers): one waits for another's lock only while that
  // one runs its statements. A write's promise settles at its group's COMMIT with what it found
  // (its new version, or a conflict); its answer then waits for durability (durable()).
  #write(playerId, fn) {
    this.#pollDurable();
    if (!this.#group) {
      let resolve;
      let reject;
      const promise = new Promise((a, b) => { resolve = a; reject = b; });
      promise.catch(() => {});  // a failed group is reported through durable()
      this.#group = { promise, resolve, reject, players: new Set(), writes: [] };
      this.#latest = promise;
      const settled = () => { if (this.#latest === promise) this.#latest = null; };
      promise.then(settled, settled);
      setImmediate(() => this.#flush());
    }
    const group = this.#group;
    group.players.add(playerId);
    const written = new Promise((resolve, reject) => { group.writes.push({ fn, resolve, reject }); });
    // A turn that took in a burst of requests commits every MAX_GROUP_WRITES of them at once, so
    // the first ones' fsync need not wait for the whole burst to be handled.
    if (group.writes.length >= MAX_GROUP_WRITES) this.#flush();
    return written;
  }

  #flush() {
    const group = this.#group;
    if (!group) return;
    this.#group = null;
    const started = process.hrtime.bigint();
    const results = [];
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      for (const write of group.writes) results.push(write.fn());
      this.#db.exec('COMMIT');
      this.onCommit({ writes: group.writes.length, commitSeconds: Number(process.hrtime.bigint() - started) / 1e9 });
    } catch (error) {
      // A failed statement (or BEGIN, or COMMIT): the whole group is rolled back, and no write of
      // it is answered as if it were stored.
      try { if (this.#db.inTransaction) this.#db.exec('ROLLBACK'); } catch { /* the connection reports it below */ }
      for (const write of group.writes) write.reject(error);
      this.#fail(group, error);
      return;
    }
    group.writes.forEach((write, i) => write.resolve(results[i]));
    if (this.synchronous === 'FULL') this.#syncAfterCommit(group);
    else group.resolve();
  }

  #fail(group, error) {
    for (const playerId of group.players) this.#storedScores.delete(playerId);
    for (const listener of this.#rollbackListeners) listener([...group.players]);
    group.reject(error);
  }

  // The WAL syncer thread makes the group durable with an fdatasync that starts after this COMMIT,
  // one at a time, each covering every group committed while the one before ran (wal-syncer.js).
  // A failed fdatasync answers 503 to its groups: their transactions are committed, but not known
  // to be durable, so nothing of them is answered as stored (a sync's retry then finds its
  // idempotency record: README "Durability").
  #syncAfterCommit(group) {
    group.number = ++this.#groupsCommitted;
    this.#unsynced.push(group);
    this.#walSyncer.committed(group.number);
  }

  // The thread's answer to an fdatasync (its message): the groups up to `upTo` are durable, or failed.
  #durableUpTo({ upTo, ok, message, seconds }) {
    const groups = this.#takeUnsynced(upTo);
    if (!ok) {
      const error = new Error(`fdatasync of ${this.walPath}: ${message}`);
      for (const g of groups) this.#fail(g, error);
      return;
    }
    this.onSync({ seconds });
    for (const g of groups) g.resolve();
  }

  // The thread's message waits for a turn of the event loop, and a busy loop (a burst of requests
  // read in one turn, each handled before the loop looks at its messages) held the answers of a
  // durable group for the rest of that turn. The thread also stores the newest durable group in
  // shared memory: every write and durable() look at it first, so a group's answers go out
  // between two requests once its fdatasync returned. The message still comes (it reports the
  // fdatasync's time, wakes an idle loop, and is the only news after a failure).
  #pollDurable() {
    if (this.#unsynced.length === 0 || !this.#walSyncer) return;
    const upTo = this.#walSyncer.polled();
    if (upTo === null || upTo < this.#unsynced[0].number) return;
    for (const g of this.#takeUnsynced(upTo)) g.resolve();
  }

  #takeUnsynced(upTo) {
    let n = 0;
    while (n < this.#unsynced.length && this.#unsynced[n].number <= upTo) ++n;
    return this.#unsynced.splice(0, n);
  }

  // Settles when every write made so far is durable (rejects if the group of the newest failed).
  durable() {
    this.#pollDurable();
    return this.#latest ?? Promise.resolve();
  }

  onRollback(listener) {
    this.#rollbackListeners.push(listener);
  }

  // --- Players ----------------------------------------------------------------------------------
  async createPlayer({ playerId, tokenHash, save, stateHash, scores, nowMs, importReport, snapshot }) {
    return this.#write(playerId, () => {
      const columns = scoreColumns(scores);
      const r = this.#s.insertPlayer.run({ playerId, tokenHash, save, stateHash, nowMs, importReport: importReport ?? null, ...columns });
      if (r.changes === 0) return { exists: true };
      this.#rememberScores(playerId, 1, columns);
      this.#putSnapshot(playerId, 1, nowMs, stateHash, snapshot);
      return { version: 1 };
    });
  }

  async playerIdByTokenHash(tokenHash) {
    return this.#s.byToken.get(tokenHash)?.playerId ?? null;
  }

  async head(playerId) {
    return this.#s.head.get(playerId) ?? null;
  }

  async loadPlayer(playerId) {
    return this.#s.load.get(playerId) ?? null;
  }

  async findIdempotent(playerId, key) {
    const row = this.#s.findIdem.get(playerId, key);
    return row ? { requestDigest: row.requestDigest, status: row.status, body: row.body } : null;
  }

  async writePlayer({ playerId, expectedVersion, save, stateHash, scores, nowMs, snapshot, idempotency }) {
    return this.#write(playerId, () => {
      const columns = scoreColumns(scores);
      const stored = this.#storedScores.get(playerId);
      const boards = stored?.version === expectedVersion ? changedBoards(stored.columns, columns) : ALL_BOARDS;
      const r = this.#s.update[boards].run({ playerId, expectedVersion, save, stateHash, nowMs, ...columns });
      if (r.changes === 0) return { conflict: true };
      const version = expectedVersion + 1;
      this.#rememberScores(playerId, version, columns);
      if (snapshot) this.#putSnapshot(playerId, version, nowMs, stateHash, snapshot);
      // The slot of this version gets its record, or loses the one 64 versions older (a write
      // without a record, a resume): no record is ever older than the last 64 versions.
      const slot = version % this.#idempotencyKept;
      if (idempotency) {
        this.#s.putIdem.run(playerId, slot, idempotency.key, version, idempotency.requestDigest, idempotency.status, idempotency.body);
      } else {
        this.#s.clearIdem.run(playerId, slot);
      }
      return { version };
    });
  }

  // The scores this process stored for a player, with the version that stored them: a write that
  // replaces exactly that version (the compare-and-swap checks it) knows what the row holds. Any
  // other version (another process wrote the player, or this process never did) sets all three
  // boards. A group that fails forgets its players' (#fail): its statements were rolled back.
  #rememberScores(playerId, version, columns) {
    if (this.#storedScores.size >= MAX_STORED_SCORES && !this.#storedScores.has(playerId)) this.#storedScores.clear();
    this.#storedScores.set(playerId, { version, columns });
  }

  // The snapshots of a player form a ring of N slots; the oldest is replaced.
  #putSnapshot(playerId, version, nowMs, stateHash, snapshot) {
    const slot = this.#s.nextSlot.get(playerId).n % this.#snapshotsKept;
    this.#s.snapshot.run(playerId, slot, version, nowMs, stateHash, snapshot.signed ? 1 : 0, snapshot.doc);
  }

  async listSnapshots(playerId) {
    return this.#s.snapshots.all(playerId).map((r) => ({ ...r, signed: r.signed === 1 }));
  }

  async snapshot(playerId, version) {
    return this.#s.snapshotDoc.get(playerId, version)?.doc ?? null;
  }

  // --- Leaderboards -----------------------------------------------------------------------------
  async leaderboardTop(board, limit, offset = 0) {
    return this.#s.boards[board].top.all(limit, offset).map((r, i) => ({ rank: offset + i + 1, playerId: r.playerId, score: r.score }));
  }

  async leaderboardRank(board, playerId, around) {
    const s = this.#s.boards[board];
    const mine = s.mine.get(playerId);
    if (!mine) return null;
    const rank = s.above.get({ value: mine.value, playerId }).n + 1;
    const total = this.#s.count.get().n;
    const from = Math.max(1, rank - around);
    const neighbours = await this.leaderboardTop(board, rank + around - from + 1, from - 1);
    return { rank, total, score: mine.score, around: neighbours };
  }
}
