#!/usr/bin/env node
// The load script: N concurrent honest bot clients, each syncing batches of 20 actions, against a
// game server (one it starts itself on a free port and a temporary data directory, or --url).
// Prints requests/s, actions/s and the p50/p90/p99/max latency of the sync requests.
//
//   node bench/load.mjs [--clients 200] [--batch 20] [--duration 20] [--warmup 3]
//                       [--interval-ms 100]   each client's pace (0: back to back, a closed loop)
//                       [--url URL]           an already running server (else one is started)
//                       [--server-args "..."] options for the started server (e.g. "--synchronous normal")
//                       [--profile DIR]       the started server writes a V8 CPU profile there
//                       [--stores sqlite|postgres+redis]  postgres+redis: private PostgreSQL 15 and
//                                             Redis 7 servers are started (test/stores.mjs) and the
//                                             server runs on them (DATABASE_URL, REDIS_URL)
//                       [--instances N]       N servers on the same stores; client i talks to
//                                             server i % N (docs/scaling.md)
//
// The bots' batches are computed before the measured phase (the engine plays each bot's seeded
// game on the client's own copy, as a real client would), so the load client spends its time on
// HTTP, not on playing, and the machine's cores go to the server. Times in the batches follow each
// bot's own clock from its registration on: always in the server's past, never time_in_future.
import http from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Client } from 'undici';

const { values: a } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    batch: { type: 'string', default: '20' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    'interval-ms': { type: 'string', default: '100' },
    url: { type: 'string' },
    'server-args': { type: 'string', default: '' },
    profile: { type: 'string' },
    stores: { type: 'string', default: 'sqlite' },
    instances: { type: 'string', default: '1' },
  },
});
if (!['sqlite', 'postgres+redis'].includes(a.stores)) throw new Error(`--stores: sqlite or postgres+redis, got ${a.stores}`);
const INSTANCES = Number(a.instances);
if (!Number.isSafeInteger(INSTANCES) || INSTANCES < 1) throw new Error(`--instances: an integer >= 1, got ${a.instances}`);
const CLIENTS = Number(a.clients);
const BATCH = Number(a.batch);
const DURATION_S = Number(a.duration);
const WARMUP_S = Number(a.warmup);
const INTERVAL = Number(a['interval-ms']);
const serverDir = fileURLToPath(new URL('..', import.meta.url));

// The stores' processes, for their share of the cores (from /proc): the PostgreSQL cluster (its
// postmaster and the backends it forked) and the Redis server.
let stores = null;
if (a.stores === 'postgres+redis') {
  const { startPostgres, startRedis } = await import('../test/stores.mjs');
  const postgres = await startPostgres();
  const redis = await startRedis();
  stores = { postgres, redis, env: { DATABASE_URL: await postgres.database(), REDIS_URL: redis.url } };
}
function storesCpuSeconds() {
  if (!stores) return {};
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  const postmaster = Number(readFileSync(join(stores.postgres.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const redisPid = Number(readFileSync(join(stores.redis.dir, 'r.pid'), 'utf8'));
  const seconds = { postgres: 0, redis: 0 };
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat;
    try { stat = readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [ppid, cpu] = [Number(f[1]), (Number(f[11]) + Number(f[12])) / ticks];  // utime + stime
    if (Number(entry) === postmaster || ppid === postmaster) seconds.postgres += cpu;
    if (Number(entry) === redisPid) seconds.redis += cpu;
  }
  return seconds;
}

async function startServer(dataDir) {
  const nodeArgs = a.profile ? ['--cpu-prof', '--cpu-prof-dir', a.profile] : [];
  const args = [...nodeArgs, join(serverDir, 'src/main.js'), '--port', '0', '--data-dir', dataDir, '--log-level', 'warn',
    '--rate-limit', '1000000', '--register-limit', '1000000', '--cache-size', String(Math.max(CLIENTS * 2, 1000)),
    ...a['server-args'].split(' ').filter(Boolean)];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...stores?.env } });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(line);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return { url, stop: async () => { proc.kill('SIGTERM'); await new Promise((r) => proc.on('exit', r)); } };
}

// The servers: --url, or INSTANCES started here on one data directory (SQLite) or on the stores.
let servers;
let dataDir = null;
if (a.url) {
  servers = [{ url: a.url, stop: async () => {} }];
} else {
  dataDir = mkdtempSync(join(tmpdir(), 'lw-load-'));
  servers = [];
  for (let i = 0; i < INSTANCES; ++i) servers.push(await startServer(dataDir));
}
const target = new URL(servers[0].url);
// Each client has its own keep-alive connection, as a player's browser or device does (a pool
// shared by all clients would send one player's requests over any connection, and with
// --workers to any worker, which no real client does). The syncs go through undici, whose
// client costs this process about half the CPU of node:http's: on a 2-core machine the load
// client shares the cores with the server, and its own delays count in the latencies it measures.
const sharedAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

async function sync(client, c, body) {
  const { statusCode, body: stream } = await client.request({
    method: 'POST', path: `/v1/players/${c.p.playerId}/sync`, body,
    headers: { authorization: `Bearer ${c.p.token}`, 'content-type': 'application/json' },
  });
  return { status: statusCode, text: await stream.text() };
}

function request(method, path, { token, body, raw, agent = sharedAgent, host = target.hostname, port = target.port }) {
  return new Promise((resolve, reject) => {
    const payload = raw !== undefined ? Buffer.from(raw) : body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request({
      host, port, method, path, agent,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const totalBatches = Math.ceil(((DURATION_S + WARMUP_S) * 1000) / Math.max(INTERVAL, 1)) + 5;
const perClient = INTERVAL > 0 ? totalBatches : Math.max(400, totalBatches);

console.log(`load: ${CLIENTS} clients, batches of ${BATCH}, ${INTERVAL > 0 ? `one every ${INTERVAL} ms each` : 'back to back'}, ` +
  `${WARMUP_S} s warm-up + ${DURATION_S} s measured, against ${servers.map((x) => x.url).join(' and ')} (${a.url ? 'given' : a.stores})`);
let t = Date.now();
const clients = [];
for (let i = 0; i < CLIENTS; ++i) {
  const r = await request('POST', '/v1/players', { body: {} });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${r.text}`);
  clients.push({ p: JSON.parse(r.text), connection: new Client(new URL(servers[i % servers.length].url).origin, { pipelining: 1, connections: 1 }) });
}
console.log(`registered ${CLIENTS} players in ${Date.now() - t} ms; computing ${CLIENTS * perClient} batches ...`);
t = Date.now();
// One worker per core plays the bots (bench/batches-worker.mjs); the clock of a bot advances by the
// pace (at least 50 ms a batch).
const workers = cpus().length;
const shares = Array.from({ length: workers }, (_, w) => clients.map((c, index) => ({ index, p: c.p })).filter((x) => x.index % workers === w));
await Promise.all(shares.map((players) => new Promise((resolve, reject) => {
  const worker = new Worker(new URL('./batches-worker.mjs', import.meta.url),
    { workerData: { players, perClient, batch: BATCH, paceMs: Math.max(INTERVAL, 50) } });
  worker.on('message', (batches) => { players.forEach(({ index }, j) => { clients[index].batches = batches[j]; }); resolve(); });
  worker.on('error', reject);
})));
console.log(`computed in ${Date.now() - t} ms`);

const latencies = [];
let t0 = 0;  // the measured run's start (performance.now())
let slowest = { ms: 0, atS: 0 };  // the slowest request, and when in the run it started: to line a
                                  // stall up with the storage's and the event loop's figures below
const outcomes = {};
let errors = 0;
let measuring = false;
let stop = false;
const loops = clients.map(async (c, i) => {
  // Spread the clients' first requests over one interval.
  await new Promise((r) => setTimeout(r, INTERVAL > 0 ? (i * INTERVAL) / CLIENTS : 0));
  let next = performance.now();
  for (let k = 0; k < c.batches.length && !stop; ++k) {
    const started = performance.now();
    let r;
    try {
      r = await sync(c.connection, c, c.batches[k]);
    } catch {
      errors += 1;
      continue;
    }
    const ms = performance.now() - started;
    if (measuring) {
      latencies.push(ms);
      if (ms > slowest.ms) slowest = { ms, atS: (started - t0) / 1000 };
      const outcome = r.status === 200 ? /"outcome": ?"([a-z]+)"/.exec(r.text)?.[1] : `http_${r.status}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    if (INTERVAL > 0) {
      next += INTERVAL;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      else next = performance.now();  // late: no catch-up burst
    }
  }
});
// The Prometheus text of every server's /metrics, read once for all the figures taken from it.
async function metricsTexts() {
  const texts = [];
  for (const x of servers) {
    const u = new URL(x.url);
    texts.push((await request('GET', '/metrics', { host: u.hostname, port: u.port })).text);
  }
  return texts;
}
// The servers' own CPU time (prom-client's process metrics): CPU seconds per request do not depend
// on what else the machine runs, unlike the throughput and the latency.
// The value of an unlabelled metric in one server's Prometheus text (NaN when absent).
const metricValue = (text, name) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
function serverCpuSeconds(texts) {
  let total = 0;
  for (const text of texts) total += metricValue(text, 'process_cpu_user_seconds_total') + metricValue(text, 'process_cpu_system_seconds_total');
  return total;
}
// The SQLite storage's own times over the whole run, from the servers' metrics: its group commits,
// the fdatasyncs of the WAL, and the WAL checkpoints by mode (src/storage/checkpointer.js): how
// many, their mean duration, and the histogram bucket that holds the slowest ("slowestMs": at
// most that; none on PostgreSQL). Counted since each server started, warm-up included.
function storageTimes(texts) {
  const times = {};
  const pattern = /^llamawool_storage_(commit|fsync|checkpoint)_seconds_(count|sum|bucket)(\{[^}]*\})? ([0-9.e+-]+)$/gm;
  for (const text of texts) {
    for (const [, name, kind, labels, value] of text.matchAll(pattern)) {
      const mode = /mode="(\w+)"/.exec(labels ?? '')?.[1];
      const entry = (times[mode ? `${name}:${mode}` : name] ??= { count: 0, sum: 0, buckets: new Map() });
      if (kind !== 'bucket') entry[kind] += Number(value);
      else {
        const le = /le="([^"]+)"/.exec(labels)[1];
        entry.buckets.set(le, (entry.buckets.get(le) ?? 0) + Number(value));
      }
    }
  }
  const slowestMs = ({ count, buckets }) => {
    const le = [...buckets].find(([, n]) => n === count)[0];
    return le === '+Inf' ? 'over the last bucket' : Number(le) * 1000;
  };
  return Object.fromEntries(Object.entries(times).filter(([, { count }]) => count > 0)
    .map(([name, e]) => [name, { count: e.count, meanMs: Number(((e.sum / e.count) * 1000).toFixed(2)), slowestMs: slowestMs(e) }]));
}
// The longest the servers' event loops were held over the run (prom-client resets it at each
// reading of /metrics, and the first was at the run's start).
const eventLoopLagMaxMs = (texts) => Math.max(...texts.map((text) => metricValue(text, 'nodejs_eventloop_lag_max_seconds') * 1000));
await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
const load0 = loadavg()[0];
const cpu0 = serverCpuSeconds(await metricsTexts());
const stores0 = storesCpuSeconds();
const clientCpu0 = process.cpuUsage();
t0 = performance.now();
measuring = true;
await new Promise((r) => setTimeout(r, DURATION_S * 1000));
measuring = false;
const elapsed = (performance.now() - t0) / 1000;
const clientCpuDelta = process.cpuUsage(clientCpu0);
const metricsAfter = await metricsTexts();
const serverCpu = serverCpuSeconds(metricsAfter) - cpu0;
const stores1 = storesCpuSeconds();
const storesCpuShare = Object.fromEntries(Object.entries(stores1).map(([k, v]) => [k, Number(((v - stores0[k]) / elapsed).toFixed(2))]));
const storage = storageTimes(metricsAfter);
stop = true;
await Promise.all(loops);
await Promise.all(clients.map((c) => c.connection.close()));
for (const x of servers) await x.stop();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
if (stores) { await stores.postgres.close(); await stores.redis.close(); }

latencies.sort((x, y) => x - y);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(1);
const rps = latencies.length / elapsed;
const result = {
  clients: CLIENTS, batch: BATCH, intervalMs: INTERVAL, seconds: Number(elapsed.toFixed(1)),
  requests: latencies.length, requestsPerSecond: Math.round(rps), actionsPerSecond: Math.round(rps * BATCH),
  p50ms: Number(q(0.5)), p90ms: Number(q(0.9)), p99ms: Number(q(0.99)), maxMs: Number(latencies.at(-1)?.toFixed(1)),
  maxAtS: Number(slowest.atS.toFixed(1)), eventLoopLagMaxMs: Number(eventLoopLagMaxMs(metricsAfter).toFixed(1)),
  serverCpuMsPerRequest: Number(((serverCpu * 1000) / latencies.length).toFixed(3)), serverCpuShare: Number((serverCpu / elapsed).toFixed(2)),
  clientCpuShare: Number(((clientCpuDelta.user + clientCpuDelta.system) / 1e6 / elapsed).toFixed(2)),
  stores: a.url ? 'given' : a.stores, instances: servers.length, storesCpuShare,
  outcomes, errors, storage, cpus: cpus().length, loadAverageBefore: Number(load0.toFixed(2)), loadAverageAfter: Number(loadavg()[0].toFixed(2)),
};
console.log(`sync requests/s ${result.requestsPerSecond}, actions/s ${result.actionsPerSecond}, ` +
  `latency p50 ${result.p50ms} ms, p90 ${result.p90ms} ms, p99 ${result.p99ms} ms, max ${result.maxMs} ms (at ${result.maxAtS} s); ` +
  `event loop held up to ${result.eventLoopLagMaxMs} ms; ` +
  `server CPU ${result.serverCpuMsPerRequest} ms a request (${Math.round(result.serverCpuShare * 100)} % of a core), ` +
  `this client ${Math.round(result.clientCpuShare * 100)} % of a core` +
  `${Object.entries(storesCpuShare).map(([k, v]) => `, ${k} ${Math.round(v * 100)} %`).join('')}; outcomes ${JSON.stringify(outcomes)}, ` +
  `errors ${errors}; storage ${JSON.stringify(storage)}; ${result.cpus} CPUs, load average ${result.loadAverageBefore} -> ${result.loadAverageAfter}`);
console.log(JSON.stringify(result));
