// Assembles the server: the engine (the llamawool npm package, with the ruleset given at start),
// the storage, the game service and the HTTP/WebSocket app.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clientDirectory, serveClient } from './client-dir.js';
import { localPeers, workerPeers } from './cluster.js';
import { Game } from './game.js';
import { buildApp } from './http.js';
import { createMetrics } from './metrics.js';
import { importLlamawool } from './package.js';
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
};

// Makes the data directory ready (the directory, the signing key, the database's tables) without
// serving: what the primary of --workers does once before its workers open it.
export async function prepareDataDir(options) {
  const o = { ...DEFAULTS, ...options };
  const dataDir = resolve(o.dataDir);
  const storage = new SqliteStorage({ dataDir, synchronous: o.synchronous, snapshotsKept: o.snapshotsKept });
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
  const peers = o.peers === 'cluster' ? workerPeers(metrics.registry) : localPeers(metrics.registry);
  const storage = new SqliteStorage({
    dataDir, synchronous: o.synchronous, snapshotsKept: o.snapshotsKept,
    onCommit: ({ writes, commitSeconds }) => { metrics.commitWrites.observe(writes); metrics.commitSeconds.observe(commitSeconds); },
    onSync: ({ seconds }) => metrics.fsyncSeconds.observe(seconds),
    onCheckpoint: ({ mode, log, checkpointed, seconds }) => {
      metrics.checkpointSeconds.observe({ mode }, seconds);
      metrics.checkpointPages.set({ kind: 'wal' }, log);
      metrics.checkpointPages.set({ kind: 'copied' }, checkpointed);
    },
    onCheckpointError: (message) => { metrics.storageErrors.inc({ op: 'checkpoint' }); checkpointLog?.error(`WAL checkpoint: ${message}`); },
  });
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
      await storage.close();
      engine.dispose();
    },
  };
}
