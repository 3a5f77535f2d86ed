// The walk-through of README.md (the console block between the server-walkthrough markers), run
// with curl against the server started the way `make server` starts it (`npm start` in this
// folder), on a fresh data directory: every command must print exactly what the README shows.
// LLAMAWOOL_UPDATE_README=1 writes the current output into the README instead (then read the diff).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, serverDir, tempDir } from './support.mjs';

const README = join(serverDir, 'README.md');
const BEGIN = '<!-- server-walkthrough:begin -->';
const END = '<!-- server-walkthrough:end -->';

function parseBlock(text) {
  const block = text.slice(text.indexOf(BEGIN) + BEGIN.length, text.indexOf(END));
  const lines = block.split('\n').filter((l) => !l.startsWith('```'));
  const steps = [];
  for (const line of lines) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else if (steps.length) steps.at(-1).expected.push(line);
  }
  for (const s of steps) {
    while (s.expected.length && s.expected.at(-1) === '') s.expected.pop();
    s.expected = s.expected.join('\n');
  }
  return steps;
}

// `npm start -- ARGS` in this folder, as `make server` runs it.
async function npmStart(dataDir) {
  const proc = spawn('npm', ['start', '--silent', '--', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'],
    { cwd: serverDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start: no address in 30 s: ${stderr}`)), 30000);
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => reject(new Error(`npm start exited (${code}): ${stderr}`)));
  });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  // npm runs node as its child: the whole process group gets the signal.
  return { url, stop: () => { process.kill(-proc.pid, 'SIGTERM'); return exited; } };
}

test('the README walk-through: curl against the one-command server prints what the README shows', async () => {
  const text = readFileSync(README, 'utf8');
  const steps = parseBlock(text);
  assert.ok(steps.length >= 12, `README.md's walk-through has only ${steps.length} commands: was it cut?`);
  const work = tempDir();
  symlinkSync(join(repoRoot, 'tests'), join(work, 'tests'));
  const server = await npmStart(join(work, 'data'));
  try {
    // One bash runs the whole block, so that variables set by one command reach the next; a
    // marker line before each command splits the output.
    const marker = '@@README-STEP@@';
    const script = 'exec 2>&1\n' + steps.map((s, i) => `printf '\\n%s\\n' '${marker}${i}'\n${s.command}`).join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: work, env: { ...process.env, SERVER: server.url }, encoding: 'utf8', timeout: 60000 });
    const outputs = [];
    for (const chunk of (run.stdout + run.stderr).split(new RegExp(`^${marker}`, 'm')).slice(1)) {
      const nl = chunk.indexOf('\n');
      outputs[Number(chunk.slice(0, nl))] = chunk.slice(nl + 1).replace(/\n+$/, '');
    }
    if (process.env.LLAMAWOOL_UPDATE_README === '1') {
      const block = ['```console', ...steps.flatMap((s, i) => [`$ ${s.command}`, ...(outputs[i] ? [outputs[i]] : [])]), '```'].join('\n');
      writeFileSync(README, `${text.slice(0, text.indexOf(BEGIN) + BEGIN.length)}\n${block}\n${text.slice(text.indexOf(END))}`);
      return;
    }
    const differences = steps.filter((s, i) => (outputs[i] ?? '') !== s.expected)
      .map((s) => `$ ${s.command}\n  README: ${s.expected}\n  actual: ${outputs[steps.indexOf(s)]}`);
    assert.deepEqual(differences, [], `stderr of the server: ${run.stderr}`);
  } finally {
    await server.stop();
  }
});
