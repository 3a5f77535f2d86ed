// Assembles the server: the engine (the llamawool npm package, with the ruleset given at start),
// the storage, the game service and the HTTP/WebSocket app.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clientDirectory, serveClient } from './client-dir.js';
import { localPeers, workerPeers } from './cluster.js';
import { Game } from './game.js';
import { buildApp } from './http.js';
import { createMetrics } from './metrics.js';
import { importLlamawool } from './package.js';
import Redis from 'ioredis';
import { redisPeers } from './redis-peers.js';
import { PostgresStorage } from './storage/postgres.js';
import { withRedisLeaderboards } from './storage/redis-leaderboards.js';
import { SqliteStorage } from './storage/sqlite.js';

// A key as `llamawool keygen` writes it: 64 hex digits and an optional newline.
function readKey(file) {
  const text = readFileSync(file, 'utf8');
  if (!/^[0-9a-fA-F]{64}\n?$/.test(text)) throw new Error(`${file}: a signing key must be exactly 64 hex digits (32 bytes)`);
  return Buffer.from(text.trim(), 'hex');
}

function signingKey(file, dataDir) {
  if (file === 'none') return null;
  if (file) return readKey(file);
  const path = join(dataDir, 'snapshot.key');
  if (!existsSync(path)) {
    // First start: a new key, written to a new file only the server's user can read ('wx': never
    // replaces a key, which would make every snapshot signed with it unverifiable).
    try {
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
  return readKey(path);
}

const DEFAULTS = {
  host: '127.0.0.1', port: 8080, dataDir: 'data', synchronous: 'full', snapshotsKept: 5, snapshotIntervalMs: 600_000, cacheSize: 10000,
  rateLimitPerMinute: 1200, registerLimitPerMinute: 30, minFreeMiB: 64, logLevel: 'info', leaderboardPushMs: 500, peers: 'local',
  databaseUrl: undefined, redisUrl: undefined, storeRetryMs: 5000, pgPoolSize: 10,
};

// The store of the saves: PostgreSQL when a database URL is given (DATABASE_URL: several
// instances share it, docs/scaling.md), otherwise the SQLite file in the data directory.
function createStorage(o, dataDir, hooks = {}) {
  if (o.databaseUrl) {
    return new PostgresStorage({ url: o.databaseUrl, snapshotsKept: o.snapshotsKept, retryBudgetMs: o.storeRetryMs, poolSize: o.pgPoolSize,
      onCommit: hooks.onCommit, onRetry: hooks.onRetry, onPoolError: hooks.onPoolError });
  }
  return new SqliteStorage({ dataDir, synchronous: o.synchronous, snapshotsKept: o.snapshotsKept, ...hooks });
}

// Makes the data directory ready (the directory, the signing key, the database's tables) without
// serving: what the primary of --workers does once before its workers open it.
export async function prepareDataDir(options) {
  const o = { ...DEFAULTS, ...options };
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const storage = createStorage(o, dataDir);
  await storage.open();
  await storage.close();
  signingKey(o.signingKeyFile, dataDir);
}

export async function startServer(options) {
  const o = { ...DEFAULTS, ...options };
  const dataDir = resolve(o.dataDir);
  const clientDir = o.clientDir ? clientDirectory(o.clientDir) : null;  // --client-dir: the page, checked first
  const { createEngine } = await importLlamawool();
  const engine = await createEngine(o.rulesetFile ? { rulesetJson: readFileSync(o.rulesetFile, 'utf8') } : undefined)
    .catch((error) => { throw new Error(`${o.rulesetFile ?? 'the embedded ruleset'}: ${error.message}`); });
  const metrics = createMetrics();
  let checkpointLog = null;
  let peers = o.peers === 'cluster' ? workerPeers(metrics.registry) : localPeers(metrics.registry);
  mkdirSync(dataDir, { recursive: true });
  let storage = createStorage(o, dataDir, {
    onCommit: ({ writes, commitSeconds }) => { metrics.commitWrites.observe(writes); metrics.commitSeconds.observe(commitSeconds); },
    onSync: ({ seconds }) => metrics.fsyncSeconds.observe(seconds),
    onCheckpoint: ({ mode, log, checkpointed, seconds }) => {
      metrics.checkpointSeconds.observe({ mode }, seconds);
      metrics.checkpointPages.set({ kind: 'wal' }, log);
      metrics.checkpointPages.set({ kind: 'copied' }, checkpointed);
    },
    onCheckpointError: (message) => { metrics.storageErrors.inc({ op: 'checkpoint' }); checkpointLog?.error(`WAL checkpoint: ${message}`); },
    onRetry: ({ op }) => metrics.storeRetries.inc({ store: 'postgres', op }),
    onPoolError: (error) => checkpointLog?.warn(`PostgreSQL: an idle connection failed (${error.message}); the pool opens another`),
  });
  let redis = null;
  if (o.redisUrl) {
    // REDIS_URL: leaderboards in sorted sets, pushes across instances (docs/scaling.md).
    if (!o.databaseUrl) throw new Error('REDIS_URL needs DATABASE_URL: the Redis leaderboards are rebuilt from PostgreSQL');
    const redisError = (op, error) => {
      metrics.storageErrors.inc({ op: `redis_${op}` });
      checkpointLog?.warn(`Redis (${op}): ${error.message}`);
    };
    // No offline queue and a command timeout: while Redis is away its commands fail at once and
    // the leaderboards come from PostgreSQL; reconnection attempts every 50 ms to 1 s, forever.
    const options = { enableOfflineQueue: false, commandTimeout: 1000, maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(50 * times, 1000), connectionName: 'llamawool-game-server' };
    redis = new Redis(o.redisUrl, options);
    redis.on('error', () => {});  // reported through the commands that fail (redisError) and readiness
    const subscriber = new Redis(o.redisUrl, { ...options, enableOfflineQueue: true, commandTimeout: undefined });
    subscriber.on('error', () => {});
    storage = withRedisLeaderboards(storage, redis, {
      onRebuilt: ({ players, seconds }) => {
        metrics.leaderboardRebuilds.inc();
        checkpointLog?.info(`Redis leaderboards rebuilt from PostgreSQL: ${players} players in ${seconds.toFixed(3)} s`);
      },
      onError: redisError,
    });
    peers = redisPeers({ publisher: redis, subscriber, local: peers, onError: redisError });
  }
  await storage.open();
  const game = new Game({ engine, storage, metrics, signingKey: signingKey(o.signingKeyFile, dataDir), cacheSize: o.cacheSize,
    snapshotIntervalMs: o.snapshotIntervalMs });
  const { app } = await buildApp({ game, metrics, peers, options: o, logger: { level: o.logLevel } });
  checkpointLog = app.log;
  if (clientDir) serveClient(app, clientDir);
  const address = await app.listen({ host: o.host, port: o.port });
  return {
    url: address,
    port: app.server.address().port,
    rulesetId: engine.rulesetId,
    dataPath: storage.path,
    log: app.log,
    app,
    game,
    peers,
    async close() {
      await app.close();
      game.close();
      peers.close?.();
      await storage.close();
      engine.dispose();
    },
  };
}
