// Private PostgreSQL 15 and Redis 7 servers for the tests: started on free loopback ports in
// temporary directories, stopped (and their directories removed) when the test process exits,
// restartable by the fault tests. Debian's packages (scripts/install-deps) provide the binaries;
// missing binaries are a failure with the remedy, never a skip. PostgreSQL refuses to run as
// root: as root the cluster is made and run by the `postgres` user (runuser: initdb -A trust, and
// pg_ctl with the socket directory -k in the temporary directory), in a directory it owns.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const execFileAsync = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';

function need(path, pkg) {
  if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/install-deps (as root), which installs the Debian package ${pkg}`);
}

// A port nothing listens on now (bound to port 0 and read back, then released).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const cleanups = new Set();
const cleanAll = () => { for (const fn of cleanups) { try { fn(); } catch { /* best effort at exit */ } } cleanups.clear(); };
process.on('exit', cleanAll);
// A test run cut short (ctest's timeout, Ctrl-C) stops the servers too: 'exit' does not run on a signal.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.once(signal, () => { cleanAll(); process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15)); });
}

const asRoot = process.getuid?.() === 0;
// Runs a PostgreSQL program as the user that owns the cluster: asynchronously, so that the test's
// clients go on sending while PostgreSQL restarts (pgRunSync: at exit only).
const pgCommand = (program, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, program), ...args]] : [join(PG_BIN, program), args]);
async function pgRun(program, args) {
  try {
    return (await execFileAsync(...pgCommand(program, args), { encoding: 'utf8' })).stdout;
  } catch (error) {
    throw new Error(`${program} ${args.join(' ')} failed (${error.code}): ${error.stderr}${error.stdout}`);
  }
}
function pgRunSync(program, args) {
  spawnSync(...pgCommand(program, args));
}

// One PostgreSQL cluster; `database()` makes a fresh database in it for each server group.
export async function startPostgres() {
  need(join(PG_BIN, 'initdb'), 'postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'lw-pg-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = join(dir, 'data');
  await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'lw', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // fsync stays on (the default): the restart tests are about what a committed transaction keeps.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const start = () => pgRun('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  const stop = (mode = 'fast') => pgRun('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  await start();
  let running = true;
  const cleanup = () => {
    if (running) pgRunSync('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  const url = (db) => `postgres://lw@127.0.0.1:${port}/${db}`;
  let databases = 0;
  return {
    port, dir,
    url,
    // A new, empty database: every server group of a test starts on its own data.
    async database() {
      const name = `lw_test_${++databases}`;
      await query(url('postgres'), `CREATE DATABASE ${name}`);
      return url(name);
    },
    // A restart as an operator (or a failover) does it: `fast` rolls back open transactions and
    // checkpoints; `immediate` is a crash (no checkpoint, recovery from the WAL at the next start).
    async restart(mode) { await stop(mode); running = false; await start(); running = true; },
    async stop(mode = 'fast') { if (running) { await stop(mode); running = false; } },
    async start() { if (!running) { await start(); running = true; } },
    get log() { return join(dir, 'log'); },
    async close() { cleanup(); cleanups.delete(cleanup); },
  };
}

// One query on a connection of its own (the tests' look into the store, outside the server).
export async function query(url, text, values) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

// One Redis server, in memory only (no RDB, no AOF): a restart starts it empty, as the tests want.
export async function startRedis() {
  need(REDIS_SERVER, 'redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'lw-redis-'));
  const port = await freePort();
  const pidfile = join(dir, 'r.pid');
  const cli = (...args) => execFileAsync(REDIS_CLI, ['-p', String(port), ...args], { encoding: 'utf8' }).then((r) => r.stdout.trim(), () => null);
  const start = async () => {
    await execFileAsync(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
      '--daemonize', 'yes', '--pidfile', pidfile, '--logfile', join(dir, 'log')]);
    // Daemonized: ready once it answers.
    const until = Date.now() + 10000;
    while (Date.now() < until) {
      if (await cli('ping') === 'PONG') return;
      await sleep(20);
    }
    throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
  };
  const stop = async () => {
    await cli('shutdown', 'nosave');
    const until = Date.now() + 10000;
    while (Date.now() < until && await cli('ping') !== null) await sleep(20);
  };
  await start();
  let running = true;
  const cleanup = () => {
    if (running) spawnSync(REDIS_CLI, ['-p', String(port), 'shutdown', 'nosave']);
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  return {
    port, dir,
    url: `redis://127.0.0.1:${port}`,
    cli: (...args) => execFileSync(REDIS_CLI, ['-p', String(port), ...args], { encoding: 'utf8' }),
    async restart() { await stop(); running = false; await start(); running = true; },
    async stop() { if (running) { await stop(); running = false; } },
    async start() { if (!running) { await start(); running = true; } },
    async close() { cleanup(); cleanups.delete(cleanup); },
  };
}
