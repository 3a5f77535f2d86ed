// Prometheus metrics (prom-client): sync outcomes by kind, latency histograms, storage errors,
// commit groups, checkpoints, the state cache and WebSocket connections, plus the process's default metrics.
import client from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    syncOutcomes: new client.Counter({ name: 'llamawool_sync_outcomes_total', help: 'Sync answers by outcome (accepted, desync, rejected, rebased)', labelNames: ['outcome'], registers: [registry] }),
    syncSeconds: new client.Histogram({ name: 'llamawool_sync_seconds', help: 'Sync requests from lock to durable answer', buckets: LATENCY_BUCKETS, registers: [registry] }),
    httpSeconds: new client.Histogram({ name: 'llamawool_http_request_seconds', help: 'HTTP requests by route, method and status', labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers: [registry] }),
    storageErrors: new client.Counter({ name: 'llamawool_storage_errors_total', help: 'Storage operations that failed, by operation (read, write, commit, checkpoint; redis_update, redis_read, redis_rebuild, redis_publish, redis_subscribe)', labelNames: ['op'], registers: [registry] }),
    commitSeconds: new client.Histogram({ name: 'llamawool_storage_commit_seconds', help: 'Group commits (COMMIT and its fsync)', buckets: LATENCY_BUCKETS, registers: [registry] }),
    commitWrites: new client.Histogram({ name: 'llamawool_storage_commit_writes', help: 'Writes per group commit', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500], registers: [registry] }),
    fsyncSeconds: new client.Histogram({ name: 'llamawool_storage_fsync_seconds', help: 'fdatasyncs of the WAL (synchronous full), each making one or more groups durable', buckets: LATENCY_BUCKETS, registers: [registry] }),
    checkpointSeconds: new client.Histogram({ name: 'llamawool_storage_checkpoint_seconds', help: 'WAL checkpoints, in the checkpointer thread, by mode (passive; restart: the one that starts the WAL over, during which writes wait)', labelNames: ['mode'], buckets: LATENCY_BUCKETS, registers: [registry] }),
    checkpointPages: new client.Gauge({ name: 'llamawool_storage_wal_pages', help: 'Pages in the WAL at the last checkpoint, and how many of them it copied', labelNames: ['kind'], registers: [registry] }),
    storeRetries: new client.Counter({ name: 'llamawool_store_retries_total', help: 'Store operations retried after a transient failure (PostgreSQL restarting, a connection cut), by store and operation', labelNames: ['store', 'op'], registers: [registry] }),
    leaderboardRebuilds: new client.Counter({ name: 'llamawool_leaderboard_rebuilds_total', help: 'Rebuilds of the Redis leaderboards from PostgreSQL (Redis found empty, or an update to it failed)', registers: [registry] }),
    casConflicts: new client.Counter({ name: 'llamawool_storage_cas_conflicts_total', help: 'Writes refused by compare-and-swap (another writer was first)', registers: [registry] }),
    cacheHits: new client.Counter({ name: 'llamawool_state_cache_hits_total', help: 'Requests served from a cached engine state', registers: [registry] }),
    cacheMisses: new client.Counter({ name: 'llamawool_state_cache_misses_total', help: 'Requests that parsed the stored save', registers: [registry] }),
    wsConnections: new client.Gauge({ name: 'llamawool_websocket_connections', help: 'Open WebSocket connections', registers: [registry] }),
    wsPushes: new client.Counter({ name: 'llamawool_websocket_pushes_total', help: 'Messages pushed to WebSocket clients, by type', labelNames: ['type'], registers: [registry] }),
  };
  for (const outcome of ['accepted', 'desync', 'rejected', 'rebased']) m.syncOutcomes.inc({ outcome }, 0);
  for (const op of ['read', 'write', 'commit', 'checkpoint']) m.storageErrors.inc({ op }, 0);
  return m;
}
