// The storage interface (storage.js) on PostgreSQL (npm pg), for several server instances sharing
// one database (DATABASE_URL; docs/scaling.md). Every write is ONE statement (data-modifying CTEs):
// the player's row, its snapshot and the idempotency record of the request commit together or not
// at all, in one round trip, and the compare-and-swap on the version is the UPDATE's WHERE clause.
// A COMMIT is durable when it returns (synchronous_commit on, PostgreSQL's default), so durable()
// has nothing to wait for and nothing is ever rolled back after a write was answered.
//
// Transient failures (PostgreSQL restarting, a connection cut, a failover) are retried with
// exponential backoff for up to `retryBudgetMs`, then reported (the server answers 503). A write
// whose outcome is unknown (the connection broke after the statement was sent) is safe to retry:
// if it did commit, its retry finds the version moved on and answers {conflict}, and the server
// then finds the request's idempotency record (sync) or the player with this very token (register).
import pg from 'pg';
import { BOARDS } from './storage.js';
import { MIGRATIONS } from './postgres-migrations.js';

// PostgreSQL error classes worth a retry: connection exceptions (08), the server shutting down or
// starting (57P01-57P03), serialization failures and deadlocks (40001, 40P01). Node's socket
// errors have no SQLSTATE.
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '40001', '40P01', '53300']);
const TRANSIENT_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN', 'EAI_AGAIN']);
export function isTransient(error) {
  if (!error) return false;
  if (typeof error.code === 'string' && (error.code.startsWith('08') || TRANSIENT_SQLSTATES.has(error.code) || TRANSIENT_SOCKET.has(error.code))) return true;
  // pg's own messages for a connection that ended under a query, or a pool that could not connect in time.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i
    .test(error.message ?? '');
}

// Board -> its columns. Ties are broken by player id in byte order (COLLATE "C", as SQLite and
// Redis compare), so a rank is always well defined and the same in every store.
const BOARD_COLUMNS = {
  lifetimeValue: { value: 'lifetime_value', text: 'lifetime_value_text' },
  prestigeLevel: { value: 'prestige_level', text: 'prestige_level::text' },
  productionRate: { value: 'production_rate', text: 'production_rate_text' },
};

// The player's score columns from the engine's scores: the shortest round-trip text, and the
// exact double Number() gives back from it, for ordering.
export function scoreColumns(scores) {
  return [Number(scores.lifetimeValue), scores.lifetimeValue, scores.prestigeLevel, Number(scores.valuePerSecond), scores.valuePerSecond];
}

// int8 columns (milliseconds) come back as numbers: every value stored is a safe integer.
const types = {
  getTypeParser(oid, format) {
    if (oid === 20) return (text) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
};

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// The write of a sync or a resume, as one statement. $1 player, $2 expected version, $3 hash,
// $4 save, $5 now, $6-$10 scores; with a snapshot $11 signed, $12 doc; the idempotency record's
// key, digest, status and body follow. The snapshot goes to the slot after the newest one's, and
// the record to slot version % ring size (replacing the record `ring` versions older); a write
// without a record clears that slot, so no record is older than the last `ring` versions.
function writeSql({ withSnapshot, withIdempotency, snapshotsKept, ring }) {
  let n = 10;
  const p = () => `$${++n}`;
  const parts = [`u AS (UPDATE players SET version = version + 1, state_hash = $3, save = $4, updated_ms = $5,
      lifetime_value = $6, lifetime_value_text = $7, prestige_level = $8, production_rate = $9, production_rate_text = $10
    WHERE player_id = $1 AND version = $2 RETURNING version)`];
  if (withSnapshot) {
    const [signed, doc] = [p(), p()];
    parts.push(`s AS (INSERT INTO snapshots (player_id, slot, version, created_ms, state_hash, signed, doc)
      SELECT $1, COALESCE((SELECT slot + 1 FROM snapshots WHERE player_id = $1 ORDER BY version DESC LIMIT 1), 0) % ${snapshotsKept},
        u.version, $5, $3, ${signed}, ${doc} FROM u
      ON CONFLICT (player_id, slot) DO UPDATE SET version = EXCLUDED.version, created_ms = EXCLUDED.created_ms,
        state_hash = EXCLUDED.state_hash, signed = EXCLUDED.signed, doc = EXCLUDED.doc)`);
  }
  if (withIdempotency) {
    const [key, digest, status, body] = [p(), p(), p(), p()];
    parts.push(`i AS (INSERT INTO idempotency_ring (player_id, slot, key, version, request_digest, status, body)
      SELECT $1, u.version % ${ring}, ${key}, u.version, ${digest}, ${status}, ${body} FROM u
      ON CONFLICT (player_id, slot) DO UPDATE SET key = EXCLUDED.key, version = EXCLUDED.version,
        request_digest = EXCLUDED.request_digest, status = EXCLUDED.status, body = EXCLUDED.body)`);
  } else {
    parts.push(`i AS (DELETE FROM idempotency_ring USING u WHERE player_id = $1 AND slot = u.version % ${ring})`);
  }
  return `WITH ${parts.join(',\n')} SELECT version FROM u`;
}

export class PostgresStorage {
  #pool;
  #snapshotsKept;
  #ring;

  // url: a PostgreSQL connection URL (DATABASE_URL). poolSize: connections per instance.
  // retryBudgetMs: how long a transient failure is retried before the operation fails.
  // onCommit({writes, commitSeconds}) after each write (one per transaction here), onRetry({op, error}).
  constructor({ url, snapshotsKept = 5, idempotencyKept = 64, poolSize = 10, retryBudgetMs = 5000, connectTimeoutMs = 2000,
    statementTimeoutMs = 10_000, onCommit, onRetry, onPoolError }) {
    if (!url) throw new Error('DATABASE_URL: empty');
    this.url = url;
    this.path = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');  // for the listening line: no password
    this.#snapshotsKept = snapshotsKept;
    this.#ring = idempotencyKept;
    this.poolSize = poolSize;
    this.retryBudgetMs = retryBudgetMs;
    this.connectTimeoutMs = connectTimeoutMs;
    this.statementTimeoutMs = statementTimeoutMs;
    this.onCommit = onCommit ?? (() => {});
    this.onRetry = onRetry ?? (() => {});
    this.onPoolError = onPoolError ?? (() => {});
    this.sql = {};
    for (const withSnapshot of [false, true]) {
      for (const withIdempotency of [false, true]) {
        this.sql[`${withSnapshot}/${withIdempotency}`] = writeSql({ withSnapshot, withIdempotency, snapshotsKept, ring: idempotencyKept });
      }
    }
  }

  async open() {
    this.#pool = new pg.Pool({
      connectionString: this.url, max: this.poolSize, types,
      connectionTimeoutMillis: this.connectTimeoutMs, statement_timeout: this.statementTimeoutMs,
      idleTimeoutMillis: 30_000, application_name: 'llamawool-game-server',
    });
    // An idle connection the server closed (a restart): the pool drops it and opens another when
    // needed. Without a listener the error would end the process.
    this.#pool.on('error', (error) => this.onPoolError(error));
    await this.#retry('migrate', () => this.#migrate());
  }

  // Migrations, in order, each once, under an advisory lock so that instances starting together
  // do not race: the first applies them, the others find them applied.
  async #migrate() {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(7355608)');
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_ms bigint NOT NULL)');
      const done = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const [i, sql] of MIGRATIONS.entries()) {
        if (done.has(i + 1)) continue;
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)', [i + 1, Date.now()]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async close() {
    if (!this.#pool) return;
    const pool = this.#pool;
    this.#pool = null;
    await pool.end();
  }

  // No retry: readiness reports the store as it is now.
  async ping() {
    const { rows } = await this.#pool.query({ text: 'SELECT 1 AS ok', query_timeout: this.connectTimeoutMs });
    return rows[0].ok === 1;
  }

  async #retry(op, fn) {
    const started = Date.now();
    for (let attempt = 0; ; ++attempt) {
      try {
        return await fn();
      } catch (error) {
        // The whole budget is used: the last wait is cut to what is left, and one more try follows it.
        const left = this.retryBudgetMs - (Date.now() - started);
        if (!isTransient(error) || left <= 0) throw error;
        this.onRetry({ op, error });
        await sleep(Math.min(Math.min(25 * 2 ** attempt, 500) * (0.5 + Math.random() / 2), left));
      }
    }
  }

  #query(op, name, text, values) {
    if (!this.#pool) return Promise.reject(new Error('the PostgreSQL storage is closed'));
    return this.#retry(op, () => this.#pool.query({ name, text, values }));
  }

  durable() { return Promise.resolve(); }
  // Nothing is rolled back after its write settled (see the top of this file).
  onRollback() {}

  // --- Players ----------------------------------------------------------------------------------
  async createPlayer({ playerId, tokenHash, save, stateHash, scores, nowMs, importReport, snapshot }) {
    const started = process.hrtime.bigint();
    const { rows } = await this.#query('write', 'create', `
      WITH ins AS (INSERT INTO players (player_id, token_hash, version, state_hash, save, created_ms, updated_ms,
          lifetime_value, lifetime_value_text, prestige_level, production_rate, production_rate_text, import_report)
        VALUES ($1, $2, 1, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING player_id),
      s AS (INSERT INTO snapshots (player_id, slot, version, created_ms, state_hash, signed, doc)
        SELECT player_id, 0, 1, $5, $3, $12, $13 FROM ins)
      SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT token_hash FROM players WHERE player_id = $1) AS existing`,
    [playerId, tokenHash, stateHash, save, nowMs, ...scoreColumns(scores), importReport ?? null, snapshot.signed, snapshot.doc]);
    this.onCommit({ writes: 1, commitSeconds: Number(process.hrtime.bigint() - started) / 1e9 });
    // Not inserted, but the row holds this very token: the insert of an earlier try committed and
    // its answer was lost (the connection broke): it is this registration.
    if (rows[0].inserted === 0 && rows[0].existing !== tokenHash) return { exists: true };
    return { version: 1 };
  }

  async playerIdByTokenHash(tokenHash) {
    const { rows } = await this.#query('read', 'byToken', 'SELECT player_id FROM players WHERE token_hash = $1', [tokenHash]);
    return rows[0]?.player_id ?? null;
  }

  async head(playerId) {
    const { rows } = await this.#query('read', 'head', 'SELECT version, state_hash AS "stateHash" FROM players WHERE player_id = $1', [playerId]);
    return rows[0] ?? null;
  }

  async loadPlayer(playerId) {
    const { rows } = await this.#query('read', 'load',
      'SELECT player_id AS "playerId", version, state_hash AS "stateHash", save FROM players WHERE player_id = $1', [playerId]);
    return rows[0] ?? null;
  }

  async findIdempotent(playerId, key) {
    const { rows } = await this.#query('read', 'findIdem',
      'SELECT request_digest AS "requestDigest", status, body FROM idempotency_ring WHERE player_id = $1 AND key = $2', [playerId, key]);
    return rows[0] ?? null;
  }

  async writePlayer({ playerId, expectedVersion, save, stateHash, scores, nowMs, snapshot, idempotency }) {
    const started = process.hrtime.bigint();
    const name = `write/${Boolean(snapshot)}/${Boolean(idempotency)}`;
    const values = [playerId, expectedVersion, stateHash, save, nowMs, ...scoreColumns(scores)];
    if (snapshot) values.push(snapshot.signed, snapshot.doc);
    if (idempotency) values.push(idempotency.key, idempotency.requestDigest, idempotency.status, idempotency.body);
    const { rows } = await this.#query('write', name, this.sql[`${Boolean(snapshot)}/${Boolean(idempotency)}`], values);
    this.onCommit({ writes: 1, commitSeconds: Number(process.hrtime.bigint() - started) / 1e9 });
    return rows.length === 0 ? { conflict: true } : { version: rows[0].version };
  }

  async listSnapshots(playerId) {
    const { rows } = await this.#query('read', 'snapshots', `SELECT version, created_ms AS "createdMs", state_hash AS "stateHash", signed
      FROM snapshots WHERE player_id = $1 ORDER BY version DESC`, [playerId]);
    return rows;
  }

  async snapshot(playerId, version) {
    const { rows } = await this.#query('read', 'snapshotDoc', 'SELECT doc FROM snapshots WHERE player_id = $1 AND version = $2', [playerId, version]);
    return rows[0]?.doc ?? null;
  }

  // --- Leaderboards (the source of truth; Redis, when configured, serves them: redis-leaderboards.js)
  async leaderboardTop(board, limit, offset = 0) {
    const { value, text } = BOARD_COLUMNS[board];
    const { rows } = await this.#query('read', `top/${board}`,
      `SELECT player_id, ${text} AS score FROM players ORDER BY ${value} DESC, player_id LIMIT $1 OFFSET $2`, [limit, offset]);
    return rows.map((r, i) => ({ rank: offset + i + 1, playerId: r.player_id, score: r.score }));
  }

  async leaderboardRank(board, playerId, around) {
    const { value, text } = BOARD_COLUMNS[board];
    const { rows } = await this.#query('read', `rank/${board}`, `
      SELECT ${text} AS score,
        (SELECT count(*) FROM players o WHERE o.${value} > p.${value} OR (o.${value} = p.${value} AND o.player_id < p.player_id))::int + 1 AS rank,
        (SELECT count(*) FROM players)::int AS total
      FROM players p WHERE player_id = $1`, [playerId]);
    if (rows.length === 0) return null;
    const { rank, total, score } = rows[0];
    const from = Math.max(1, rank - around);
    return { rank, total, score, around: await this.leaderboardTop(board, rank + around - from + 1, from - 1) };
  }

  // Every player's scores with its version, in pages by player id: what the Redis leaderboards
  // are rebuilt from (redis-leaderboards.js).
  async *allScores(pageSize = 1000) {
    let after = '';
    for (;;) {
      const { rows } = await this.#query('read', 'allScores', `SELECT player_id, version, lifetime_value_text, prestige_level, production_rate_text
        FROM players WHERE player_id > $1 ORDER BY player_id LIMIT $2`, [after, pageSize]);
      for (const r of rows) {
        yield { playerId: r.player_id, version: r.version,
          scores: { lifetimeValue: r.lifetime_value_text, prestigeLevel: r.prestige_level, valuePerSecond: r.production_rate_text } };
      }
      if (rows.length < pageSize) return;
      after = rows.at(-1).player_id;
    }
  }
}

export { BOARDS };
