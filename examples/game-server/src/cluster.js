// Several server processes on one port and one SQLite file (--workers N), with node:cluster: the
// primary process forks the workers and relays between them; each worker is a whole server (HTTP,
// WebSocket, engine, storage). One Node process runs on one core: on a machine with more, this is
// what lets the server use them (README.md, "Workers").
//
// What the workers share, and how:
// - the port: node:cluster hands each new connection to a worker in turn (a keep-alive connection
//   stays with its worker);
// - the data: the SQLite file, whose compare-and-swap on the player's version keeps the writes of
//   two workers to one player apart (the second is replayed on the first, `rebased`), and whose
//   write lock each worker holds only while it runs its group's statements (storage/sqlite.js);
// - the leaderboard pushes: a worker whose writes changed scores tells the primary, which tells the
//   other workers, so a WebSocket client sees changes made through any worker;
// - the metrics: /metrics on any worker answers the sum over all workers (prom-client's
//   AggregatorRegistry, in the primary).
// What each worker keeps for itself: its engine states cache (checked against the stored version),
// its token cache, its rate-limit counters (so --rate-limit is per worker), its WebSocket clients.
import cluster from 'node:cluster';
import promClient from 'prom-client';

const MESSAGE = { listening: 'lw:listening', scores: 'lw:scores', metrics: 'lw:metrics' };
const RESPAWN_DELAY_MS = 1000;
const STOP_TIMEOUT_MS = 12_000;

// The primary: forks `workers` processes running this program with the same arguments, prints the
// listening line once all of them listen, relays their messages, replaces a worker that dies, and
// stops them all on SIGTERM/SIGINT.
export function runPrimary({ workers, log, onListening }) {
  const aggregator = new promClient.AggregatorRegistry();
  const listening = new Set();
  let announced = false;
  let stopping = false;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message) => {
      switch (message?.type) {
        case MESSAGE.listening:
          listening.add(worker.id);
          if (!announced && listening.size === workers) {
            announced = true;
            onListening(message);
          }
          break;
        case MESSAGE.scores:
          for (const other of Object.values(cluster.workers)) if (other !== worker) other.send({ type: MESSAGE.scores });
          break;
        case MESSAGE.metrics:
          aggregator.clusterMetrics().then(
            (text) => worker.send({ type: MESSAGE.metrics, id: message.id, text, contentType: aggregator.contentType }),
            (error) => worker.send({ type: MESSAGE.metrics, id: message.id, error: error.message }));
          break;
        default:
          break;
      }
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers).length === 0) process.exit(0);
      return;
    }
    // A worker that died (a crash, the OOM killer, kill -9): its requests in flight failed, and
    // nothing they wrote was answered as stored unless it was durable. A new worker takes its place.
    log(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}): starting another in ${RESPAWN_DELAY_MS} ms`);
    setTimeout(() => { if (!stopping) fork(); }, RESPAWN_DELAY_MS);
  });

  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing ${Object.keys(cluster.workers).length} workers`);
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    setTimeout(() => { log(`closing took more than ${STOP_TIMEOUT_MS / 1000} s: exiting`); process.exit(1); }, STOP_TIMEOUT_MS).unref();
    if (Object.keys(cluster.workers).length === 0) process.exit(0);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  for (let i = 0; i < workers; ++i) fork();
}

// What a server needs from its peers: nothing when it runs alone (localPeers), the primary's relay
// in a cluster worker (workerPeers).
export function localPeers(registry) {
  return {
    announceListening() {},
    publishScores() {},
    onScores() {},
    async metrics() { return { text: await registry.metrics(), contentType: registry.contentType }; },
  };
}

export function workerPeers(registry) {
  // Answers the primary's requests for this worker's metrics (prom-client's cluster protocol).
  promClient.AggregatorRegistry.setRegistries(registry);
  void new promClient.AggregatorRegistry();
  const scoreListeners = [];
  const pending = new Map();
  let nextId = 0;
  process.on('message', (message) => {
    if (message?.type === MESSAGE.scores) for (const listener of scoreListeners) listener();
    if (message?.type === MESSAGE.metrics) {
      const request = pending.get(message.id);
      if (!request) return;
      pending.delete(message.id);
      if (message.error) request.reject(new Error(`metrics of the workers: ${message.error}`));
      else request.resolve({ text: message.text, contentType: message.contentType });
    }
  });
  return {
    announceListening(details) { process.send({ type: MESSAGE.listening, ...details }); },
    publishScores() { process.send({ type: MESSAGE.scores }); },
    onScores(listener) { scoreListeners.push(listener); },
    metrics() {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        process.send({ type: MESSAGE.metrics, id });
      });
    },
  };
}
