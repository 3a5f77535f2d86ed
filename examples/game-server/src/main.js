#!/usr/bin/env node
// The game server's command line: `npm start` (or `make server` from the repository root) runs it
// with no configuration on a SQLite file under ./data. `--help` lists the options.
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { runPrimary } from './cluster.js';
import { prepareDataDir, startServer } from './server.js';

const HELP = `usage: node src/main.js [options]
  --host ADDR                 address to listen on (default 127.0.0.1)
  --port N                    port (default 8080; 0 picks a free one, printed on the first line)
  --data-dir DIR              where the SQLite file and the snapshot key live (default ./data)
  --workers N                 server processes sharing the port and the data (default 1; README "Workers")
  --ruleset FILE              the ruleset (with its live-ops events) to load; default: the embedded one
  --signing-key FILE          key of the signed backups (64 hex digits, as \`llamawool keygen\` writes);
                              default DATA_DIR/snapshot.key, made on the first start; "none": unsigned
  --synchronous full|normal   SQLite durability (default full; README "Durability")
  --snapshots N               backups kept per player (default 5)
  --snapshot-interval-s N     at most one backup per player per N seconds of changes (default 600)
  --cache-size N              engine states kept in memory (default 10000)
  --rate-limit N              requests per minute per token (default 1200)
  --register-limit N          registrations per minute per address (default 30)
  --min-free-mb N             /readyz answers 503 below this much free disk in the data directory (default 64)
  --log-level LEVEL           fatal, error, warn, info, debug (default info)
  --client-dir DIR            also serve the built page (examples/phaser-client) from DIR at /
environment (docs/scaling.md):
  DATABASE_URL                PostgreSQL (postgres://user:password@host:port/db) instead of the SQLite file:
                              several instances share it
  REDIS_URL                   Redis (redis://host:port): leaderboards in sorted sets, WebSocket pushes
                              across instances (needs DATABASE_URL)
  LLAMAWOOL_STORE_RETRY_MS    how long a transient PostgreSQL failure is retried before a 503 (default 5000)
  LLAMAWOOL_PG_POOL_SIZE      PostgreSQL connections of this instance (default 10)`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      'data-dir': { type: 'string', default: 'data' },
      workers: { type: 'string', default: '1' },
      ruleset: { type: 'string' },
      'signing-key': { type: 'string' },
      synchronous: { type: 'string', default: 'full' },
      snapshots: { type: 'string', default: '5' },
      'snapshot-interval-s': { type: 'string', default: '600' },
      'cache-size': { type: 'string', default: '10000' },
      'rate-limit': { type: 'string', default: '1200' },
      'register-limit': { type: 'string', default: '30' },
      'min-free-mb': { type: 'string', default: '64' },
      'log-level': { type: 'string', default: 'info' },
      'client-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (error) {
  console.error(`llamawool-game-server: ${error.message}\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

function count(name, min) {
  const v = Number(args[name]);
  if (!Number.isSafeInteger(v) || v < min) {
    console.error(`llamawool-game-server: --${name}: must be an integer >= ${min}, got ${JSON.stringify(args[name])}`);
    process.exit(2);
  }
  return v;
}

function envCount(name, fallback, min = 0) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < min) {
    console.error(`llamawool-game-server: ${name}: must be an integer >= ${min}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return v;
}

const options = {
  host: args.host,
  port: count('port', 0),
  dataDir: args['data-dir'],
  rulesetFile: args.ruleset,
  signingKeyFile: args['signing-key'],
  synchronous: args.synchronous,
  snapshotsKept: count('snapshots', 1),
  snapshotIntervalMs: count('snapshot-interval-s', 0) * 1000,
  cacheSize: count('cache-size', 1),
  rateLimitPerMinute: count('rate-limit', 1),
  registerLimitPerMinute: count('register-limit', 1),
  minFreeMiB: count('min-free-mb', 0),
  logLevel: args['log-level'],
  clientDir: args['client-dir'],
  // URLs carry passwords: from the environment (a Kubernetes Secret), never the command line (ps).
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  storeRetryMs: envCount('LLAMAWOOL_STORE_RETRY_MS', 5000),
  pgPoolSize: envCount('LLAMAWOOL_PG_POOL_SIZE', 10, 1),
};
const workers = count('workers', 1);
const listeningLine = ({ url, rulesetId, dataPath }) =>
  `llamawool game server listening on ${url} (ruleset ${rulesetId}, data ${dataPath}${workers > 1 ? `, ${workers} workers` : ''})`;

if (workers > 1 && cluster.isPrimary) {
  // The data directory (its key, the database's tables) is made once, here, before the workers
  // open it, so they never race to create them.
  try {
    await prepareDataDir(options);
  } catch (error) {
    console.error(`llamawool-game-server: ${error.message}`);
    process.exit(1);
  }
  runPrimary({
    workers,
    log: (line) => console.error(`llamawool-game-server: ${line}`),
    onListening: (details) => console.log(listeningLine(details)),
  });
} else {
  try {
    const server = await startServer({ ...options, peers: cluster.isWorker ? 'cluster' : 'local' });
    if (cluster.isWorker) server.peers.announceListening({ url: server.url, rulesetId: server.rulesetId, dataPath: server.dataPath });
    else console.log(listeningLine(server));
    let stopping = false;
    const stop = async (why) => {
      if (stopping) return;
      stopping = true;
      server.log.info(`${why}: closing`);
      // In-flight requests finish (their writes are made durable); a close that hangs is cut short.
      setTimeout(() => { server.log.error('closing took more than 10 s: exiting'); process.exit(1); }, 10000).unref();
      await server.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // A worker whose primary is gone (killed, even with -9) stops too, instead of serving alone.
    if (cluster.isWorker) process.once('disconnect', () => stop('the primary process is gone'));
  } catch (error) {
    console.error(`llamawool-game-server: ${error.message}`);
    process.exit(1);
  }
}
