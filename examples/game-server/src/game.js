// The game service: what each route does, on the engine (the llamawool npm package) and the
// storage interface. The server's clock is the only clock: `now` comes from here, never from a
// client, and it is the only wall-clock time that reaches the engine.
import { createHash, createHmac, createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { HttpError } from './errors.js';
import { BOARDS } from './storage/storage.js';

export const TOKEN_PREFIX = 'lw1_';

// Tokens carry 256 random bits; the store keeps only their SHA-256 (README.md, "Security").
export function newToken() {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}
export function tokenHash(token) {
  return createHash('sha256').update(token).digest('hex');
}

// A sync request in one spelling: the schema allows no other keys than these, and an array
// replacer writes them in this order at every depth (natively, unlike a sort in JS).
const REQUEST_KEYS = ['baseHash', 'actions', 'claimedHash', 't', 'type', 'count', 'building', 'quantity', 'expectedCost',
  'upgrade', 'expectedSoulShears'];
const canonical = (request) => JSON.stringify(request, REQUEST_KEYS);
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// The engine's message names the field first ("actions[1].count: ..."): that is the field.
export function fieldOf(message) {
  const m = /^([A-Za-z_][\w.[\]]*): /.exec(message ?? '');
  return m ? m[1] : undefined;
}

// A least-recently-used cache of live engine states, keyed by player and checked against the
// stored version: a state is used only if nobody has written the player since it was cached
// (another process included), so the save need not be parsed again for every request.
class StateCache {
  #map = new Map();
  constructor(capacity, metrics) { this.capacity = capacity; this.metrics = metrics; }
  // The entry {state, snapshotMs} cached at exactly this version, taken out of the cache.
  take(playerId, version) {
    const entry = this.#map.get(playerId);
    if (!entry) { this.metrics.cacheMisses.inc(); return null; }
    this.#map.delete(playerId);
    if (entry.version !== version) { entry.state.dispose(); this.metrics.cacheMisses.inc(); return null; }
    this.metrics.cacheHits.inc();
    return entry;
  }
  put(playerId, version, state, snapshotMs) {
    const old = this.#map.get(playerId);
    if (old && old.state !== state) old.state.dispose();
    this.#map.delete(playerId);
    this.#map.set(playerId, { version, state, snapshotMs });
    while (this.#map.size > this.capacity) {
      const [id, entry] = this.#map.entries().next().value;
      this.#map.delete(id);
      entry.state.dispose();
    }
  }
  drop(playerId) {
    const entry = this.#map.get(playerId);
    if (entry) { this.#map.delete(playerId); entry.state.dispose(); }
  }
  clear() { for (const id of [...this.#map.keys()]) this.drop(id); }
}

export class Game {
  #locks = new Map();

  constructor({ engine, storage, metrics, signingKey, clock = Date.now, cacheSize = 10000, snapshotIntervalMs = 600_000, onScores = () => {} }) {
    this.engine = engine;
    this.storage = storage;
    this.metrics = metrics;
    this.signingKey = signingKey ? createSecretKey(signingKey) : null;  // 32 bytes, or none
    this.snapshotIntervalMs = snapshotIntervalMs;
    this.clock = clock;
    this.cache = new StateCache(cacheSize, metrics);
    this.onScores = onScores;
    this.rulesetId = engine.rulesetId;
    this.events = engine.events;
    storage.onRollback((players) => { for (const id of players) this.cache.drop(id); });
  }

  // Requests of one player run one after the other in this process (between processes, the
  // storage's compare-and-swap decides). The lock covers read - engine - write; the answer then
  // waits for durability outside it, so the next request of the player can join the same commit.
  async #locked(playerId, fn) {
    const before = this.#locks.get(playerId) ?? Promise.resolve();
    let release;
    const mine = new Promise((r) => { release = r; });
    const tail = before.then(() => mine);
    this.#locks.set(playerId, tail);
    await before;
    try {
      return await fn();
    } finally {
      release();
      if (this.#locks.get(playerId) === tail) this.#locks.delete(playerId);
    }
  }

  // The snapshot kept as a backup: the llamawool signed-snapshot document (docs/signing.md), the
  // HMAC-SHA256 of the save's exact bytes under the server's key, so `llamawool verify` checks it.
  // One at registration, then at most one per snapshot interval (the last snapshot's time is known
  // for cached players; after a cache miss the next write takes one).
  snapshotOf(save) {
    if (!this.signingKey) return { doc: save, signed: false };
    const mac = createHmac('sha256', this.signingKey).update(save).digest('hex');
    return { doc: `{"format":"llamawool-signed-save","version":1,"hmacSha256":"${mac}","save":${save}}\n`, signed: true };
  }

  async #durable() {
    try {
      await this.storage.durable();
    } catch (error) {
      this.metrics.storageErrors.inc({ op: 'commit' });
      throw new HttpError(503, 'storage_error', `the write could not be made durable: ${error.message}`);
    }
  }

  async #storage(op, fn) {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      this.metrics.storageErrors.inc({ op });
      throw new HttpError(503, 'storage_error', `storage (${op}): ${error.message}`);
    }
  }

  // The live state of a player at the stored version: from the cache, or parsed from the save.
  async #state(playerId) {
    const row = await this.#storage('read', () => this.storage.head(playerId));
    if (!row) throw new HttpError(404, 'not_found', `playerId: no player "${playerId}"`, 'playerId');
    const cached = this.cache.take(playerId, row.version);
    if (cached) return { state: cached.state, snapshotMs: cached.snapshotMs, version: row.version, stateHash: row.stateHash };
    const full = await this.#storage('read', () => this.storage.loadPlayer(playerId));
    return { state: this.engine.loadState(full.save), snapshotMs: -Infinity, version: full.version, stateHash: full.stateHash };
  }

  #snapshotDue(snapshotMs, now) { return now - snapshotMs >= this.snapshotIntervalMs; }

  // --- Routes -------------------------------------------------------------------------------------
  async register({ pwaSave }) {
    const now = this.clock();
    let state;
    let importReport;
    if (pwaSave === undefined) {
      state = this.engine.newState(randomUUID(), now);
    } else {
      let imported;
      try {
        imported = this.engine.importPwa(pwaSave, { now });
      } catch (error) {
        if (error.name !== 'LlamawoolError') throw error;
        const field = fieldOf(error.message);
        throw new HttpError(422, error.code, error.message, field === undefined ? 'pwaSave' : `pwaSave.${field}`);
      }
      state = imported.state;
      if (imported.checksum?.status === 'mismatch') {
        state.dispose();
        throw new HttpError(422, 'checksum_mismatch', `pwaSave.checksum: ${JSON.stringify(imported.checksum.given)} is not the ` +
          `SyncEngine checksum of this save (${JSON.stringify(imported.checksum.computed)}): it was changed after the PWA wrote it`,
        'pwaSave.checksum');
      }
      importReport = { format: imported.format, ...(imported.checksum ? { checksum: imported.checksum } : {}),
        unmapped: imported.unmapped, carried: imported.carried };
    }
    try {
      const playerId = state.playerId;
      const token = newToken();
      const save = state.save();
      const stateHash = state.hash;
      const scores = state.scores();
      const created = await this.#storage('write', () => this.storage.createPlayer({
        playerId, tokenHash: tokenHash(token), save, stateHash, scores, nowMs: now,
        importReport: importReport ? JSON.stringify(importReport) : null, snapshot: this.snapshotOf(save),
      }));
      if (created.exists) {
        throw new HttpError(409, 'player_exists', `playerId: a player "${playerId}" exists already (its PWA save was imported before)`,
          importReport ? 'pwaSave.playerId' : 'playerId');
      }
      this.cache.put(playerId, 1, state, now);
      state = null;
      await this.#durable();
      this.onScores(playerId, scores);
      return { playerId, token, version: 1, stateHash, save: JSON.parse(save), serverTimeMs: now,
        ...(importReport ? { import: importReport } : {}) };
    } finally {
      state?.dispose();
    }
  }

  async playerIdForToken(token) {
    return this.#storage('read', () => this.storage.playerIdByTokenHash(tokenHash(token)));
  }

  async farm(playerId) {
    const now = this.clock();
    const row = await this.#storage('read', () => this.storage.loadPlayer(playerId));
    if (!row) throw new HttpError(404, 'not_found', `playerId: no player "${playerId}"`, 'playerId');
    await this.#durable();  // never show a state that is not durable yet
    return { playerId, version: row.version, stateHash: row.stateHash, save: JSON.parse(row.save), serverTimeMs: now };
  }

  // sync: the engine's answer, stored (CAS on the version) with its idempotency record.
  async sync(playerId, request, idempotencyKey) {
    const started = process.hrtime.bigint();
    // The canonical text is also what the engine gets: the schema allowed no other keys, so it is
    // the same request, and the package need not write it out a second time.
    const requestText = canonical(request);
    const requestDigest = sha256(requestText);
    const key = idempotencyKey === undefined ? `batch:${requestDigest}` : `key:${idempotencyKey}`;
    const answer = await this.#locked(playerId, async () => {
      const prior = await this.#storage('read', () => this.storage.findIdempotent(playerId, key));
      if (prior) {
        if (prior.requestDigest !== requestDigest) {
          throw new HttpError(409, 'idempotency_key_reused', `Idempotency-Key: ${JSON.stringify(idempotencyKey)} was used for ` +
            'another request of this player', 'Idempotency-Key');
        }
        return { body: prior.body, replayed: true };
      }
      for (let attempt = 1; ; ++attempt) {
        const now = this.clock();
        const { state, snapshotMs, version, stateHash } = await this.#state(playerId);
        let response;
        try {
          response = state.sync(requestText, now);
        } catch (error) {
          // The request passed the schema; the engine may still refuse it as a whole
          // (invalid_request). sync changes nothing when it throws.
          this.cache.put(playerId, version, state, snapshotMs);
          if (error.name !== 'LlamawoolError') throw error;
          throw new HttpError(400, error.code, error.message, fieldOf(error.message));
        }
        this.metrics.syncOutcomes.inc({ outcome: response.outcome });
        if (response.stateHash === stateHash) {
          // Nothing applied (a stale batch sent again, a refused first action): nothing to store.
          this.cache.put(playerId, version, state, snapshotMs);
          return { body: JSON.stringify({ ...response, version, serverTimeMs: now }), replayed: false };
        }
        const save = state.save();
        const scores = state.scores();
        const body = JSON.stringify({ ...response, version: version + 1, serverTimeMs: now });
        const snapshot = this.#snapshotDue(snapshotMs, now) ? this.snapshotOf(save) : undefined;
        const written = await this.#storage('write', () => this.storage.writePlayer({
          playerId, expectedVersion: version, save, stateHash: response.stateHash, scores, nowMs: now,
          snapshot, idempotency: { key, requestDigest, status: 200, body },
        }).catch((error) => { state.dispose(); throw error; }));
        if (written.conflict) {
          // Another process wrote the player first: replay on its state (the engine rebases).
          state.dispose();
          this.metrics.casConflicts.inc();
          if (attempt >= 5) throw new HttpError(503, 'storage_error', 'the player changed under five attempts in a row; retry');
          continue;
        }
        this.cache.put(playerId, written.version, state, snapshot ? now : snapshotMs);
        this.onScores(playerId, scores);
        return { body, replayed: false };
      }
    });
    await this.#durable();
    this.metrics.syncSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return answer;
  }

  async resume(playerId, { preview }) {
    return this.#locked(playerId, async () => {
      const now = this.clock();
      const { state, snapshotMs, version, stateHash } = await this.#state(playerId);
      let report;
      try {
        report = preview ? state.previewResume(now) : state.resume(now, { now });
      } catch (error) {
        this.cache.put(playerId, version, state, snapshotMs);
        if (error.name !== 'LlamawoolError') throw error;
        throw new HttpError(409, error.code, error.message, fieldOf(error.message));
      }
      if (preview) {
        this.cache.put(playerId, version, state, snapshotMs);
        await this.#durable();
        return { report, serverTimeMs: now };
      }
      const newHash = state.hash;
      const save = state.save();
      let newVersion = version;
      let newSnapshotMs = snapshotMs;
      if (newHash !== stateHash) {
        const scores = state.scores();
        const snapshot = this.#snapshotDue(snapshotMs, now) ? this.snapshotOf(save) : undefined;
        if (snapshot) newSnapshotMs = now;
        const written = await this.#storage('write', () => this.storage.writePlayer({
          playerId, expectedVersion: version, save, stateHash: newHash, scores, nowMs: now, snapshot,
        }).catch((error) => { state.dispose(); throw error; }));
        if (written.conflict) {
          state.dispose();
          this.metrics.casConflicts.inc();
          throw new HttpError(409, 'conflict', 'the farm changed while resuming; retry');
        }
        newVersion = written.version;
        this.onScores(playerId, scores);
      }
      this.cache.put(playerId, newVersion, state, newSnapshotMs);
      await this.#durable();
      return { report, version: newVersion, stateHash: newHash, save: JSON.parse(save), serverTimeMs: now };
    });
  }

  async backups(playerId) {
    const backups = await this.#storage('read', () => this.storage.listSnapshots(playerId));
    await this.#durable();
    return { backups };
  }

  async top(board, limit) {
    const entries = await this.#storage('read', () => this.storage.leaderboardTop(board, limit));
    await this.#durable();
    return { board, entries, serverTimeMs: this.clock() };
  }

  async rank(board, playerId, around) {
    const r = await this.#storage('read', () => this.storage.leaderboardRank(board, playerId, around));
    if (!r) throw new HttpError(404, 'not_found', `playerId: no player "${playerId}"`, 'playerId');
    await this.#durable();
    return { board, ...r, serverTimeMs: this.clock() };
  }

  liveOps() {
    const now = this.clock();
    return {
      rulesetId: this.rulesetId,
      active: this.events.filter((e) => e.startMs <= now && now < e.endMs),
      upcoming: this.events.filter((e) => now < e.startMs),
      serverTimeMs: now,
    };
  }

  close() {
    this.cache.clear();
  }
}

export { BOARDS };
