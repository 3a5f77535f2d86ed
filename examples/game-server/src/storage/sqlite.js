// The storage interface (storage.js) on embedded SQLite (better-sqlite3), in WAL mode, with group
// commit: the writes of all the requests handled in one turn of the event loop go into one
// transaction, committed (and, with synchronous=FULL, fsynced once) before any of their answers
// is sent. README.md ("Durability") says why FULL is the default and what NORMAL would give.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BOARDS } from './storage.js';

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
CREATE TABLE IF NOT EXISTS idempotency (
  player_id TEXT NOT NULL,
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  request_digest TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (player_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_seq ON idempotency (player_id, seq);
`;

// The idempotency records of a player are pruned to the last `idempotencyKept` (64) every this
// many versions, so between 64 and 64 + PRUNE_EVERY - 1 are kept.
export const PRUNE_EVERY = 16;

// fdatasync(2) of a file, in libuv's thread pool.
async function datasync(path) {
  const file = await openFile(path, 'r');
  try {
    await file.datasync();
  } finally {
    await file.close();
  }
}

// Board -> its columns. Ties are broken by player id, so a rank is always well defined.
const BOARD_COLUMNS = {
  lifetimeValue: { value: 'lifetime_value', text: 'lifetime_value_text' },
  prestigeLevel: { value: 'prestige_level', text: 'CAST(prestige_level AS TEXT)' },
  productionRate: { value: 'production_rate', text: 'production_rate_text' },
};

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
  #snapshotsKept;
  #idempotencyKept;

  #unsynced = [];  // committed groups whose WAL frames the next fdatasync makes durable
  #syncing = null;  // the running loop of fdatasyncs, if any
  #latest = null;  // the promise of the newest group not yet durable: what durable() waits for

  // walCheckpointPages: pages of WAL between automatic checkpoints (open() says why not SQLite's
  // 1 000). syncFile(path): makes a file's written data durable (fdatasync); tests replace it.
  constructor({ dataDir, synchronous = 'FULL', snapshotsKept = 5, idempotencyKept = 64, busyTimeoutMs = 5000, walCheckpointPages = 10_000,
    syncFile = datasync, onCommit }) {
    this.dataDir = dataDir;
    this.path = join(dataDir, 'game.sqlite');
    this.synchronous = synchronous.toUpperCase();
    if (!['FULL', 'NORMAL'].includes(this.synchronous)) throw new Error(`synchronous: must be full or normal, got ${synchronous}`);
    this.#snapshotsKept = snapshotsKept;
    this.#idempotencyKept = idempotencyKept;
    this.busyTimeoutMs = busyTimeoutMs;
    this.walCheckpointPages = walCheckpointPages;
    this.syncFile = syncFile;
    this.onCommit = onCommit ?? (() => {});
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
    // Checkpoint the WAL into the database every 10 000 pages (about 40 MB of WAL) instead of
    // SQLite's 1 000: a sync dirties a few pages of the same few tables and indexes, and a
    // checkpoint copies each page once however often it changed, so ten times fewer checkpoints
    // cut the event loop's time of a write by a fifth (bench/storage-writes.mjs). Durability is the
    // WAL's, not the checkpoint's: nothing else changes.
    db.pragma(`wal_autocheckpoint = ${Number(this.walCheckpointPages)}`);
    db.exec(SCHEMA);
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
      update: db.prepare(`UPDATE players SET version = version + 1, state_hash = @stateHash, save = @save, updated_ms = @nowMs,
          lifetime_value = @lifetimeValue, lifetime_value_text = @lifetimeValueText, prestige_level = @prestigeLevel,
          production_rate = @productionRate, production_rate_text = @productionRateText
        WHERE player_id = @playerId AND version = @expectedVersion`),
      snapshot: db.prepare(`INSERT OR REPLACE INTO snapshots (player_id, slot, version, created_ms, state_hash, signed, doc)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      snapshots: db.prepare(`SELECT version, created_ms AS createdMs, state_hash AS stateHash, signed FROM snapshots
        WHERE player_id = ? ORDER BY version DESC`),
      snapshotDoc: db.prepare('SELECT doc FROM snapshots WHERE player_id = ? AND version = ?'),
      // The slot after the newest snapshot's (0 for the first).
      nextSlot: db.prepare(`SELECT COALESCE((SELECT slot + 1 FROM snapshots WHERE player_id = ? ORDER BY version DESC LIMIT 1), 0) AS n`),
      findIdem: db.prepare(`SELECT request_digest AS requestDigest, status, body FROM idempotency WHERE player_id = ? AND key = ?`),
      insertIdem: db.prepare(`INSERT OR REPLACE INTO idempotency (player_id, key, seq, request_digest, status, body) VALUES (?, ?, ?, ?, ?, ?)`),
      pruneIdem: db.prepare('DELETE FROM idempotency WHERE player_id = ? AND seq <= ?'),
      ping: db.prepare('SELECT 1 AS ok'),
    };
  }

  async close() {
    if (!this.#db) return;
    if (this.#group) this.#flush();
    await this.#syncing;  // the answers of committed groups wait for it
    this.#db.close();
    this.#db = null;
  }

  async ping() {
    return this.#s.ping.get().ok === 1;
  }

  // --- Group commit -------------------------------------------------------------------------------
  // The first write of a turn opens the transaction (BEGIN IMMEDIATE: the write lock, so another
  // process writing the same file waits for our commit); the commit runs in setImmediate, after
  // every request whose I/O arrived in this turn has been handled. Reads inside the open
  // transaction see its writes, so a second request of the same player in the same turn builds
  // on the first one; its answer waits for the same commit.
  #write(playerId, fn) {
    if (!this.#group) {
      this.#db.exec('BEGIN IMMEDIATE');
      let resolve;
      let reject;
      const promise = new Promise((a, b) => { resolve = a; reject = b; });
      promise.catch(() => {});  // a failed group is reported through durable()
      this.#group = { promise, resolve, reject, players: new Set(), writes: 0, startedNs: process.hrtime.bigint() };
      this.#latest = promise;
      const settled = () => { if (this.#latest === promise) this.#latest = null; };
      promise.then(settled, settled);
      setImmediate(() => this.#flush());
    }
    const group = this.#group;
    try {
      const result = fn();
      group.players.add(playerId);
      group.writes += 1;
      return result;
    } catch (error) {
      // A failed statement inside the transaction: the whole group is rolled back now, so no
      // answer of it is sent as if it were stored.
      this.#flush(error);
      throw error;
    }
  }

  #flush(failure) {
    const group = this.#group;
    if (!group) return;
    this.#group = null;
    const started = process.hrtime.bigint();
    try {
      if (failure) throw failure;
      this.#db.exec('COMMIT');
      this.onCommit({ writes: group.writes, commitSeconds: Number(process.hrtime.bigint() - started) / 1e9 });
    } catch (error) {
      try { if (this.#db.inTransaction) this.#db.exec('ROLLBACK'); } catch { /* the connection reports it below */ }
      this.#fail(group, error);
      return;
    }
    if (this.synchronous === 'FULL') this.#syncAfterCommit(group);
    else group.resolve();
  }

  #fail(group, error) {
    for (const listener of this.#rollbackListeners) listener([...group.players]);
    group.reject(error);
  }

  // One fdatasync of the WAL at a time; the groups committed while it runs wait for the next one,
  // which covers them all (a group commit of the fsyncs). A failed fdatasync answers 503 to its
  // groups: their transactions are committed, but not known to be durable, so nothing of them is
  // answered as stored (a sync's retry then finds its idempotency record: README "Durability").
  #syncAfterCommit(group) {
    this.#unsynced.push(group);
    this.#syncing ??= (async () => {
      while (this.#unsynced.length > 0) {
        const groups = this.#unsynced.splice(0);
        try {
          await this.syncFile(this.walPath);
        } catch (error) {
          for (const g of groups) this.#fail(g, error);
          continue;
        }
        for (const g of groups) g.resolve();
      }
      this.#syncing = null;
    })();
  }

  // Settles when every write made so far is durable (rejects if the group of the newest failed).
  durable() {
    return this.#latest ?? Promise.resolve();
  }

  onRollback(listener) {
    this.#rollbackListeners.push(listener);
  }

  // --- Players ----------------------------------------------------------------------------------
  async createPlayer({ playerId, tokenHash, save, stateHash, scores, nowMs, importReport, snapshot }) {
    return this.#write(playerId, () => {
      const r = this.#s.insertPlayer.run({ playerId, tokenHash, save, stateHash, nowMs, importReport: importReport ?? null, ...scoreColumns(scores) });
      if (r.changes === 0) return { exists: true };
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
      const r = this.#s.update.run({ playerId, expectedVersion, save, stateHash, nowMs, ...scoreColumns(scores) });
      if (r.changes === 0) return { conflict: true };
      const version = expectedVersion + 1;
      if (snapshot) this.#putSnapshot(playerId, version, nowMs, stateHash, snapshot);
      if (idempotency) {
        this.#s.insertIdem.run(playerId, idempotency.key, version, idempotency.requestDigest, idempotency.status, idempotency.body);
      }
      // Pruned at every PRUNE_EVERY-th version only (whichever write makes it): a DELETE per write
      // was a fifth of the statements of a sync, for at most PRUNE_EVERY - 1 records more per player.
      if (version % PRUNE_EVERY === 0) this.#s.pruneIdem.run(playerId, version - this.#idempotencyKept);
      return { version };
    });
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
