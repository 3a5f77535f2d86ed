// The deployment files (deploy/: Dockerfile, compose.yaml, kubernetes/*.yaml) agree with the code:
// they set only environment variables the server reads, and set the store URLs; they pass only
// options `--help` lists; the port the server is told to listen on is the one the image exposes,
// the containers declare, the Service targets and the probes and health checks ask; the probe
// paths answer 200 on a running server; the names that tie the manifests together match (Secret,
// its keys, the key file's path, labels, the autoscaler's target). They are not run here (no
// Docker or Kubernetes on the test machine): this is what can drift without anyone noticing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { call, serverDir, startServer } from './support.mjs';

const deployDir = join(serverDir, 'deploy');
const read = (...parts) => readFileSync(join(deployDir, ...parts), 'utf8');
// Compose files use YAML merge keys (<<: *anchor).
const yamlDocs = (text) => parseAllDocuments(text, { merge: true }).map((d) => d.toJS());

const compose = yamlDocs(read('compose.yaml'))[0];
const k8s = Object.fromEntries(readdirSync(join(deployDir, 'kubernetes')).map((f) => [f, yamlDocs(read('kubernetes', f))[0]]));
const byKind = (kind) => {
  const found = Object.values(k8s).filter((d) => d.kind === kind);
  assert.equal(found.length, 1, `one ${kind} in deploy/kubernetes`);
  return found[0];
};
const deployment = byKind('Deployment');
const service = byKind('Service');
const hpa = byKind('HorizontalPodAutoscaler');
const secret = byKind('Secret');
const container = deployment.spec.template.spec.containers[0];
const dockerfile = read('Dockerfile');
const dockerCmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)[1]);
const gameServices = Object.entries(compose.services).filter(([, s]) => s.image === 'llamawool-game-server');
assert.equal(gameServices.length, 2, 'compose.yaml runs two game servers (the image llamawool-game-server)');

// What the code reads: process.env.NAME and envCount('NAME', ...) in src/.
function envNamesOfCode() {
  const names = new Set();
  for (const file of readdirSync(join(serverDir, 'src'), { recursive: true }).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(serverDir, 'src', file), 'utf8');
    for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)|envCount\('([A-Z][A-Z0-9_]*)'/g)) names.add(m[1] ?? m[2]);
  }
  return names;
}
const optionValue = (argv, name) => argv[argv.indexOf(name) + 1];

test('the environment the deployment files set is what the server reads; both set DATABASE_URL and REDIS_URL', () => {
  const code = envNamesOfCode();
  assert.ok(code.has('DATABASE_URL') && code.has('REDIS_URL'), `the code reads ${[...code]}`);
  const sets = {
    'compose.yaml': gameServices.flatMap(([, s]) => Object.keys(s.environment)),
    'kubernetes/deployment.yaml': container.env.map((e) => e.name),
    Dockerfile: [...dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).filter((n) => n !== 'NODE_ENV'),
  };
  for (const [file, names] of Object.entries(sets)) {
    for (const name of names) assert.ok(code.has(name), `${file} sets ${name}, which the server does not read (it reads ${[...code].join(', ')})`);
  }
  for (const file of ['compose.yaml', 'kubernetes/deployment.yaml']) {
    for (const name of ['DATABASE_URL', 'REDIS_URL']) assert.ok(sets[file].includes(name), `${file} does not set ${name}`);
  }
  assert.equal(gameServices.length, 2, 'compose.yaml runs two game servers');
  assert.ok(compose.services.postgres.image.startsWith('postgres:15') && compose.services.redis.image.startsWith('redis:7'));
});

test('the options the deployment files pass are options of the server (its --help)', () => {
  const help = execFileSync(process.execPath, [join(serverDir, 'src', 'main.js'), '--help'], { encoding: 'utf8' });
  const known = new Set([...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]));
  const commands = { Dockerfile: dockerCmd, 'kubernetes/deployment.yaml': container.args, ...Object.fromEntries(gameServices.map(([n, s]) => [`compose ${n}`, s.command])) };
  for (const [file, argv] of Object.entries(commands)) {
    assert.deepEqual(argv.slice(0, 2), ['node', 'src/main.js'], file);
    for (const arg of argv.filter((a) => a.startsWith('--'))) assert.ok(known.has(arg), `${file} passes ${arg}, which --help does not list`);
  }
});

test('one port everywhere: --port, EXPOSE, containerPort, the Service\'s targetPort, the probes and health checks', () => {
  const port = Number(optionValue(dockerCmd, '--port'));
  assert.ok(port > 0);
  assert.equal(Number(/^EXPOSE (\d+)$/m.exec(dockerfile)[1]), port, 'Dockerfile EXPOSE');
  assert.equal(Number(optionValue(container.args, '--port')), port, 'deployment --port');
  const named = Object.fromEntries(container.ports.map((p) => [p.name, p.containerPort]));
  assert.deepEqual(Object.values(named), [port], 'containerPort');
  const resolvePort = (p) => (typeof p === 'string' ? named[p] : p);
  assert.equal(resolvePort(service.spec.ports[0].targetPort), port, 'Service targetPort');
  assert.equal(resolvePort(container.readinessProbe.httpGet.port), port, 'readinessProbe port');
  assert.equal(resolvePort(container.livenessProbe.httpGet.port), port, 'livenessProbe port');
  for (const [name, s] of gameServices) {
    assert.equal(Number(optionValue(s.command, '--port')), port, `compose ${name} --port`);
    assert.ok(s.ports.every((p) => p.endsWith(`:${port}`)), `compose ${name} ports ${s.ports}`);
    assert.match(s.healthcheck.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${port}/readyz`), `compose ${name} healthcheck`);
  }
});

test('the probe paths are the server\'s: readiness /readyz and liveness /healthz answer 200 on a running server', async () => {
  assert.equal(container.readinessProbe.httpGet.path, '/readyz');
  assert.equal(container.livenessProbe.httpGet.path, '/healthz');
  const s = await startServer();
  try {
    for (const path of [container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path]) {
      assert.equal((await call(s.url, 'GET', path)).status, 200, path);
    }
  } finally {
    await s.stop();
  }
});

test('the names that tie the manifests together match: Secret and its keys, the key file, labels, the autoscaler\'s target', () => {
  const keys = Object.keys(secret.stringData ?? secret.data);
  for (const e of container.env.filter((x) => x.valueFrom)) {
    assert.equal(e.valueFrom.secretKeyRef.name, secret.metadata.name, `${e.name}: its Secret`);
    assert.ok(keys.includes(e.valueFrom.secretKeyRef.key), `${e.name}: key ${e.valueFrom.secretKeyRef.key} is not in the Secret`);
  }
  const volume = deployment.spec.template.spec.volumes.find((v) => v.secret);
  assert.equal(volume.secret.secretName, secret.metadata.name);
  const mount = container.volumeMounts.find((m) => m.name === volume.name);
  const keyFile = `${mount.mountPath}/${volume.secret.items[0].path}`;
  assert.ok(keys.includes(volume.secret.items[0].key));
  assert.equal(optionValue(container.args, '--signing-key'), keyFile, 'the deployment\'s --signing-key is the mounted Secret key');
  assert.equal(optionValue(dockerCmd, '--signing-key'), keyFile, 'the image\'s default --signing-key');
  for (const [name, s] of gameServices) {
    assert.ok(s.volumes.some((v) => v.split(':')[1] === optionValue(s.command, '--signing-key')), `compose ${name} mounts its --signing-key`);
  }
  assert.deepEqual(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels);
  assert.deepEqual(service.spec.selector, deployment.spec.template.metadata.labels);
  assert.equal(hpa.spec.scaleTargetRef.kind, 'Deployment');
  assert.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
  // The image's package folder is where the server looks for it.
  assert.match(dockerfile, new RegExp(`COPY build/wasm/bindings/wasm/package ${/LLAMAWOOL_WASM_PACKAGE=(\S+)/.exec(dockerfile)[1].replace('/app/', '\\./')}$`, 'm'));
});
