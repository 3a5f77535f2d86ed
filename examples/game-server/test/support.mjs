// What the server's tests share: a server started as its own process (`node src/main.js --port 0`)
// on a free loopback port with a temporary data directory, an HTTP client that checks every
// response against openapi.yaml (and records which documented answers were seen), and the engine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
// The server's dependencies come from scripts/install-deps (npm ci of package-lock.json): missing
// is a failure with its remedy, never a skip.
if (!existsSync(new URL('../node_modules/fastify/package.json', import.meta.url))) {
  throw new Error('examples/game-server/node_modules is not installed: run scripts/install-deps (or npm ci in examples/game-server)');
}
const { default: Ajv2020 } = await import('ajv/dist/2020.js');
const { loadOpenApi } = await import('../src/openapi.js');
const { importLlamawool } = await import('../src/package.js');

export const serverDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(serverDir, '..', '..');
export const doc = loadOpenApi();
export const lw = await importLlamawool();

const tempDirs = [];
export function tempDir(prefix = 'lw-game-server-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
process.on('exit', () => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });

// The stores the servers of this run use: `sqlite` (a file in each server's data directory), or
// with LLAMAWOOL_TEST_STORES=postgres+redis real PostgreSQL and Redis servers started by the test
// (stores.mjs): one PostgreSQL cluster for the test file, and for every server (or group of
// servers given the same `stores`) a new database and a new Redis.
export const STORES = process.env.LLAMAWOOL_TEST_STORES || 'sqlite';
if (!['sqlite', 'postgres+redis'].includes(STORES)) throw new Error(`LLAMAWOOL_TEST_STORES: sqlite or postgres+redis, got ${STORES}`);
let postgres = null;
export async function freshStores() {
  const { startPostgres, startRedis } = await import('./stores.mjs');
  postgres ??= await startPostgres();
  const redis = await startRedis();
  return { postgres, redis, databaseUrl: await postgres.database(), redisUrl: redis.url };
}

// Starts `node src/main.js` and resolves when it prints the address it listens on.
export async function startServer({ dataDir = tempDir(), args = [], register = 100000, rate = 1000000, stores, env = {} } = {}) {
  const argv = [join(serverDir, 'src', 'main.js'), '--port', '0', '--data-dir', dataDir, '--log-level', 'warn',
    '--register-limit', String(register), '--rate-limit', String(rate), ...args];
  if (STORES === 'postgres+redis') stores ??= await freshStores();
  const storeEnv = {};
  if (stores?.databaseUrl) storeEnv.DATABASE_URL = stores.databaseUrl;
  if (stores?.redisUrl) storeEnv.REDIS_URL = stores.redisUrl;
  const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...storeEnv, ...env } });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    const timer = setTimeout(() => reject(new Error(`the server did not start in 20 s: ${stderr}`)), 20000);
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}) before listening: ${stderr}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    url, dataDir, proc, exited, stores,
    get stderr() { return stderr; },
    // SIGTERM, as an operator stops it; a server that has not exited 10 s later is a failure.
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGTERM');
      let timer;
      const late = new Promise((resolve) => { timer = setTimeout(resolve, 10000, 'late'); });
      const result = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (result === 'late') {
        proc.kill('SIGKILL');
        throw new Error(`the server did not stop within 10 s of SIGTERM; its stderr: ${stderr}`);
      }
      return result;
    },
    async kill9() {
      proc.kill('SIGKILL');
      return exited;
    },
  };
}

// --- Responses checked against openapi.yaml -------------------------------------------------------
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(doc, 'openapi');
const operations = [];
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const regex = new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
    operations.push({ path, method: method.toUpperCase(), op, regex });
  }
}
const resolveRef = (node) => (node?.$ref ? node.$ref.replace(/^#\//, '').split('/').reduce((n, k) => n[k], doc) : node);
const validators = new Map();
export const seen = new Set();  // "POST /v1/players 201": every documented answer the tests saw

function validatorFor(operation, status) {
  const key = `${operation.method} ${operation.path} ${status}`;
  if (!validators.has(key)) {
    const response = resolveRef(operation.op.responses[String(status)]);
    if (!response) throw new Error(`openapi.yaml documents no ${status} for ${operation.method} ${operation.path}`);
    const content = response.content ?? {};
    const [type] = Object.keys(content);
    const pointer = `/paths/${operation.path.replaceAll('~', '~0').replaceAll('/', '~1')}/${operation.method.toLowerCase()}/responses/${status}`;
    const schemaRef = operation.op.responses[String(status)].$ref
      ? `openapi${operation.op.responses[String(status)].$ref}/content/${type.replace('/', '~1')}/schema`
      : `openapi#${pointer}/content/${type.replace('/', '~1')}/schema`;
    validators.set(key, { type, validate: ajv.compile({ $ref: schemaRef }) });
  }
  return validators.get(key);
}

export function checkResponse(method, url, status, contentType, body) {
  const path = new URL(url).pathname;
  const operation = operations.find((o) => o.method === method && o.regex.test(path));
  if (!operation) throw new Error(`openapi.yaml has no ${method} ${path}`);
  const { type, validate } = validatorFor(operation, status);
  if (!contentType?.startsWith(type)) throw new Error(`${method} ${path} ${status}: content type ${contentType}, documented ${type}`);
  if (!validate(body)) {
    throw new Error(`${method} ${path} ${status}: the body breaks openapi.yaml: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
  }
  seen.add(`${method} ${operation.path} ${status}`);
}

// One HTTP call; the response is checked against the contract before the test sees it.
export async function call(base, method, path, { token, body, headers = {}, raw, check = true } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] ??= 'application/json'; }
  const url = base + path;
  const res = await fetch(url, { method, headers: h, body: payload, signal: AbortSignal.timeout(30000) });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  const parsed = contentType.startsWith('application/json') ? JSON.parse(text) : text;
  if (check) checkResponse(method, url, res.status, contentType, parsed);
  return { status: res.status, headers: res.headers, body: parsed };
}

// What the store holds, read beside the server (a second connection): the tests check that a
// token is stored hashed and take a backup out to verify it with the native CLI.
export async function storedRow(server, sql, params) {
  if (server.stores) {
    const { query } = await import('./stores.mjs');
    return (await query(server.stores.databaseUrl, sql.replace(/\?/g, (() => { let i = 0; return () => `$${++i}`; })()), params))[0];
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(server.dataDir, 'game.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).get(...params);
  } finally {
    db.close();
  }
}

export async function register(base, pwaSave) {
  const r = await call(base, 'POST', '/v1/players', { body: pwaSave === undefined ? {} : { pwaSave } });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
