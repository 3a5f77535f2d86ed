// The game service: what each route does, on the engine (the llamawool npm package) and the
// storage interface. The server's clock is the only clock: `now` comes from here, never from a
// client, and it is the only wall-clock time that reaches the engine.
import { createHmac, createSecretKey, hash, randomBytes, randomUUID } from 'node:crypto';
import { HttpError } from './errors.js';
import { BOARDS } from './storage/storage.js';

export const TOKEN_PREFIX = 'lw1_';

// Tokens carry 256 random bits; the store keeps only their SHA-256 (README.md, "Security").
export function newToken() {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}
export function tokenHash(token) {
  return hash('sha256', token, 'hex');
}

// A sync request in one spelling, the same text for the same request whatever the client's key
// order or spacing: the keys in this order at every depth, numbers as JSON.stringify writes them.
// It is the text the idempotency digest is taken of, and the one the engine reads. The schema let
// no other keys through; written by hand, because JSON.stringify with a replacer array (the same
// text: test/canonical.test.mjs) was 6 % of the server's busy time.
export const REQUEST_KEYS = ['baseHash', 'actions', 'claimedHash', 't', 'type', 'count', 'building', 'quantity', 'expectedCost',
  'upgrade', 'expectedSoulShears'];
const ACTION_FIELDS = REQUEST_KEYS.slice(REQUEST_KEYS.indexOf('count')).map((key) => [key, `,"${key}":`]);
// JSON.stringify's text of a value of a request, with less work for the common values: a string
// of printable ASCII without a quote or a backslash needs only its quotes, and a number (always
// finite in JSON) is written by String exactly as by JSON.stringify.
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const jsonText = (value) => {
  if (typeof value === 'number') return `${value}`;
  if (typeof value === 'string' && PLAIN_STRING.test(value)) return `"${value}"`;
  return JSON.stringify(value);
};
export function canonical(request) {
  let text = `{"baseHash":${jsonText(request.baseHash)},"actions":[`;
  const { actions } = request;
  for (let i = 0; i < actions.length; ++i) {
    const action = actions[i];
    text += `${i === 0 ? '' : ','}{"t":${jsonText(action.t)},"type":${jsonText(action.type)}`;
    for (const [key, prefix] of ACTION_FIELDS) {
      const value = action[key];
      if (value !== undefined) text += prefix + jsonText(value);
    }
    text += '}';
  }
  return `${text}],"claimedHash":${jsonText(request.claimedHash)}}`;
}
const sha256 = (text) => hash('sha256', text, 'hex');

// The engine's sync response text (docs/sync.md: a field per line, outcome and stateHash first),
// read no further than its outcome and hash, and passed on with the server's version and time
// added as its last fields: parsing it and writing it out again was a tenth of a sync's CPU.
const RESPONSE_HEAD = /^\{\n {2}"outcome": "([a-z]+)",\n {2}"stateHash": "([0-9a-f]{16})",\n/;
function syncResponse(text) {
  const head = RESPONSE_HEAD.exec(text);
  if (!head || !text.endsWith('\n}\n')) throw new Error(`the engine's sync response has an unexpected layout: ${text.slice(0, 80)}`);
  return {
    outcome: head[1],
    stateHash: head[2],
    withFields: (version, serverTimeMs) => `${text.slice(0, -3)},\n  "version": ${version},\n  "serverTimeMs": ${serverTimeMs}\n}\n`,
  };
}

// A sync replayed on a player that changed under it (another process wrote first, or the cached
// state was stale) tries again, five times at most.
const MAX_ATTEMPTS = 5;
function giveUpAfter(attempt) {
  if (attempt >= MAX_ATTEMPTS) throw new HttpError(503, 'storage_error', 'the player changed under five attempts in a row; retry');
}
const noPlayer = (playerId) => new HttpError(404, 'not_found', `playerId: no player "${playerId}"`, 'playerId');

// The engine's message names the field first ("actions[1].count: ..."): that is the field.
export function fieldOf(message) {
  const m = /^([A-Za-z_][\w.[\]]*): /.exec(message ?? '');
  return m ? m[1] : undefined;
}

// A least-recently-used cache of live engine states by player, each with the version and hash it
// was cached at. A cached state may be stale only if another process wrote the player since (with
// --workers, or two servers on one store): every write is a compare-and-swap on the version, so a
// write made from a stale state fails, and the request is replayed on the stored state.
class StateCache {
  #map = new Map();
  constructor(capacity, metrics) { this.capacity = capacity; this.metrics = metrics; }
  // The entry {state, version, stateHash, snapshotMs} of a player, taken out of the cache (the
  // caller puts it back, or disposes of it). With `version`, only an entry at exactly that version.
  take(playerId, version) {
    const entry = this.#map.get(playerId);
    if (!entry) { this.metrics.cacheMisses.inc(); return null; }
    this.#map.delete(playerId);
    if (version !== undefined && entry.version !== version) { entry.state.dispose(); this.metrics.cacheMisses.inc(); return null; }
    this.metrics.cacheHits.inc();
    return entry;
  }
  put(playerId, entry) {
    const old = this.#map.get(playerId);
    if (old && old.state !== entry.state) old.state.dispose();
    this.#map.delete(playerId);
    this.#map.set(playerId, entry);
    while (this.#map.size > this.capacity) {
      const [id, oldest] = this.#map.entries().next().value;
      this.#map.delete(id);
      oldest.state.dispose();
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

  // The live state of a player {state, version, stateHash, snapshotMs}: from the cache, or parsed
  // from the stored save. `verified`: the cached state is used only if it is at the stored version
  // (one read more); otherwise a cached state is trusted, and the compare-and-swap of the write
  // catches a stale one (sync).
  async #state(playerId, { verified = true } = {}) {
    if (!verified) {
      const cached = this.cache.take(playerId);
      if (cached) return cached;
    } else {
      const row = await this.#storage('read', () => this.storage.head(playerId));
      if (!row) throw noPlayer(playerId);
      const cached = this.cache.take(playerId, row.version);
      if (cached) return cached;
    }
    const full = await this.#storage('read', () => this.storage.loadPlayer(playerId));
    if (!full) throw noPlayer(playerId);
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
        // The engine calls the document itself "GameSave" ("GameSave[0][0]...: ..."): here it is pwaSave.
        const named = field === undefined ? 'pwaSave' : field.startsWith('GameSave[') ? `pwaSave${field.slice('GameSave'.length)}` : `pwaSave.${field}`;
        throw new HttpError(422, error.code, error.message, named);
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
      this.cache.put(playerId, { state, version: 1, stateHash, snapshotMs: now });
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
    if (!row) throw noPlayer(playerId);
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
      for (let attempt = 1; ; ++attempt) {
        const now = this.clock();
        const live = await this.#state(playerId, { verified: false });
        const { state, snapshotMs, version, stateHash } = live;
        // A retry: a request stored before changed the farm, so its baseHash is no longer the
        // farm's (the hash covers the farm's time and its lifetime counters, which only grow).
        // Only such a request, or one with an Idempotency-Key (a key reused for another request
        // is refused), is looked up among the player's stored answers: most requests are new.
        if (idempotencyKey !== undefined || request.baseHash !== stateHash) {
          let prior;
          try {
            prior = await this.#storage('read', () => this.storage.findIdempotent(playerId, key));
          } catch (error) {
            this.cache.put(playerId, live);
            throw error;
          }
          if (prior) {
            this.cache.put(playerId, live);
            if (prior.requestDigest !== requestDigest) {
              throw new HttpError(409, 'idempotency_key_reused', `Idempotency-Key: ${JSON.stringify(idempotencyKey)} was used for ` +
                'another request of this player', 'Idempotency-Key');
            }
            return { body: prior.body, replayed: true };
          }
        }
        let response;
        try {
          response = syncResponse(state.syncJson(requestText, now));
        } catch (error) {
          // The request passed the schema; the engine may still refuse it as a whole
          // (invalid_request). sync changes nothing when it throws.
          this.cache.put(playerId, live);
          if (error.name !== 'LlamawoolError') throw error;
          throw new HttpError(400, error.code, error.message, fieldOf(error.message));
        }
        if (response.stateHash === stateHash) {
          // Nothing applied (a stale batch sent again, a refused first action): nothing to store.
          // Nothing was written either, so no compare-and-swap checked the cached state: the
          // stored version is read to be sure the answer comes from the stored farm.
          const head = await this.#storage('read', () => this.storage.head(playerId)).catch((error) => { state.dispose(); throw error; });
          if (head?.version !== version) {
            state.dispose();
            giveUpAfter(attempt);
            continue;
          }
          this.metrics.syncOutcomes.inc({ outcome: response.outcome });
          this.cache.put(playerId, live);
          return { body: response.withFields(version, now), replayed: false };
        }
        const save = state.save();
        const scores = state.scores();
        const body = response.withFields(version + 1, now);
        const snapshot = this.#snapshotDue(snapshotMs, now) ? this.snapshotOf(save) : undefined;
        const written = await this.#storage('write', () => this.storage.writePlayer({
          playerId, expectedVersion: version, save, stateHash: response.stateHash, scores, nowMs: now,
          snapshot, idempotency: { key, requestDigest, status: 200, body },
        }).catch((error) => { state.dispose(); throw error; }));
        if (written.conflict) {
          // Another process wrote the player first (or the cached state was stale): replay on the
          // stored state (the engine rebases, or the retry finds its stored answer).
          state.dispose();
          this.metrics.casConflicts.inc();
          giveUpAfter(attempt);
          continue;
        }
        this.metrics.syncOutcomes.inc({ outcome: response.outcome });
        this.cache.put(playerId, { state, version: written.version, stateHash: response.stateHash, snapshotMs: snapshot ? now : snapshotMs });
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
      const live = await this.#state(playerId);
      const { state, snapshotMs, version, stateHash } = live;
      let report;
      try {
        report = preview ? state.previewResume(now) : state.resume(now, { now });
      } catch (error) {
        this.cache.put(playerId, live);
        if (error.name !== 'LlamawoolError') throw error;
        throw new HttpError(409, error.code, error.message, fieldOf(error.message));
      }
      if (preview) {
        this.cache.put(playerId, live);
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
      this.cache.put(playerId, { state, version: newVersion, stateHash: newHash, snapshotMs: newSnapshotMs });
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
    if (!r) throw noPlayer(playerId);
    await this.#durable();
    return { board, ...r, serverTimeMs: this.clock() };
  }

  // At `now` (one clock reading shared with the caller's answer), or at the clock's time.
  liveOps(now = this.clock()) {
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
