// Private PostgreSQL 15 and Redis 7 servers for the tests: started on free loopback ports in
// temporary directories, stopped (and their directories removed) when the test process exits,
// restartable by the fault tests. Debian's packages (scripts/install-deps) provide the binaries;
// missing binaries are a failure with the remedy, never a skip. PostgreSQL refuses to run as
// root: as root the cluster is made and run by the `postgres` user (runuser), in a directory it
// owns (../shared/TOOLCHAIN.md, "Servers for tests").
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

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

const cleanups = new Set();
process.on('exit', () => { for (const fn of cleanups) { try { fn(); } catch { /* best effort at exit */ } } });

const asRoot = process.getuid?.() === 0;
// Runs a PostgreSQL program as the user that owns the cluster.
function pgRun(program, args) {
  const file = join(PG_BIN, program);
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' })
    : spawnSync(file, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

// One PostgreSQL cluster; `database()` makes a fresh database in it for each server group.
export async function startPostgres() {
  need(join(PG_BIN, 'initdb'), 'postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'lw-pg-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = join(dir, 'data');
  pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'lw', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // fsync stays on (the default): the restart tests are about what a committed transaction keeps.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const start = () => pgRun('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  const stop = (mode = 'fast') => pgRun('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  start();
  let running = true;
  const cleanup = () => {
    if (running) { try { stop('immediate'); } catch { /* already stopped */ } }
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
    restart(mode) { stop(mode); running = false; start(); running = true; },
    stop(mode = 'fast') { if (running) { stop(mode); running = false; } },
    start() { if (!running) { start(); running = true; } },
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
  const start = () => {
    execFileSync(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
      '--daemonize', 'yes', '--pidfile', pidfile, '--logfile', join(dir, 'log')]);
    // Daemonized: ready once it answers.
    const until = Date.now() + 10000;
    while (Date.now() < until) {
      if (spawnSync(REDIS_CLI, ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
    }
    throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
  };
  const stop = () => {
    spawnSync(REDIS_CLI, ['-p', String(port), 'shutdown', 'nosave']);
    const until = Date.now() + 10000;
    while (Date.now() < until && spawnSync(REDIS_CLI, ['-p', String(port), 'ping'], { encoding: 'utf8' }).status === 0) { /* wait */ }
  };
  start();
  let running = true;
  const cleanup = () => {
    if (running) stop();
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(cleanup);
  return {
    port, dir,
    url: `redis://127.0.0.1:${port}`,
    cli: (...args) => execFileSync(REDIS_CLI, ['-p', String(port), ...args], { encoding: 'utf8' }),
    restart() { stop(); running = false; start(); running = true; },
    async close() { cleanup(); cleanups.delete(cleanup); },
  };
}
