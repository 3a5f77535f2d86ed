// Benchmark of the npm package (run by hand, not a test):
//   node bindings/wasm/bench/bench.mjs [PACKAGE_DIR] [NATIVE_BENCH]
// defaults: build/wasm/bindings/wasm/package and build/gcc-O2/bench/llamawool_bench.
// Prints: the .wasm size raw and gzipped; startup in Node (instantiate + default engine, in a
// fresh process each time); then two wasm/native comparisons:
//  1. the engine itself, no JSON: bench/throughput.cpp compiled natively (build/gcc-O2) and to
//     WebAssembly (build/wasm, run by Node): apply tick and shear, an 8 h advance, and the batch
//     advance of 1 000 players (wasm SIMD128 against native sse2 and the native best);
//  2. through the JS API: apply (tick, shear) and an 8 h offline advance (previewResume) with
//     their JSON, against the same C ABI calls natively (Google Benchmark's BM_CAbi*,
//     bench/bench_c_abi.cpp). Both sides start from the same mid-game save and pass the same JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const packageDir = process.argv[2] ?? join(root, 'build/wasm/bindings/wasm/package');
const nativeBench = process.argv[3] ?? join(root, 'build/gcc-O2/bench/llamawool_bench');
const nativeThroughputProgram = join(root, 'build/gcc-O2/bench/llamawool_throughput');
const wasmThroughputProgram = join(root, 'build/wasm/bench/llamawool_throughput.js');
const midgameSave = readFileSync(join(root, 'tests/data/saves/valid-midgame.json'), 'utf8');

function sizes() {
  const wasm = readFileSync(join(packageDir, 'llamawool.wasm'));
  const glue = readFileSync(join(packageDir, 'llamawool.mjs'));
  return { wasmRaw: wasm.length, wasmGzip: gzipSync(wasm, { level: 9 }).length, glueRaw: glue.length, glueGzip: gzipSync(glue, { level: 9 }).length };
}

// Startup as a host sees it: a new Node process imports the package and makes the default engine.
function startupMs(runs = 7) {
  const script = `
    const t0 = performance.now();
    const { createEngine } = await import(${JSON.stringify(pathToFileURL(join(packageDir, 'node.js')).href)});
    const engine = await createEngine();
    const t1 = performance.now();
    engine.dispose();
    console.log(t1 - t0);`;
  const times = [];
  for (let i = 0; i < runs; ++i) {
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], min: times[0], max: times[runs - 1] };
}

// Operations per second of fn over about `seconds`, after a warm-up.
function throughput(fn, seconds = 1.5) {
  for (let i = 0; i < 2000; ++i) fn();
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 500; ++i) fn();
    n += 500;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

async function wasmThroughput() {
  const { createEngine } = await import(pathToFileURL(join(packageDir, 'node.js')).href);
  const engine = await createEngine();
  const results = {};
  for (const [name, fields] of [['CAbiApplyTick', { type: 'tick' }], ['CAbiApplyShear', { type: 'shear', count: 20 }]]) {
    const state = engine.loadState(midgameSave);
    let t = state.lastUpdateMs;
    results[name] = throughput(() => { t += 1000; state.apply(`{"t":${t},"type":"${fields.type}"${fields.count ? `,"count":${fields.count}` : ''}}`); });
    state.dispose();
  }
  const state = engine.loadState(midgameSave);
  const t8h = state.lastUpdateMs + 8 * 3600000;
  results.CAbiPreviewResume8h = throughput(() => state.previewResume(t8h));
  state.dispose();
  return results;
}

function nativeThroughput() {
  const out = execFileSync(nativeBench, ['--benchmark_filter=BM_CAbi', '--benchmark_format=json', '--benchmark_min_time=1'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const results = {};
  for (const b of JSON.parse(out).benchmarks) results[b.name.replace(/^BM_/, '')] = b.items_per_second;
  return results;
}

const s = sizes();
console.log(`llamawool.wasm: ${s.wasmRaw} bytes raw (${(s.wasmRaw / 1024).toFixed(1)} KiB), ${s.wasmGzip} gzipped (${(s.wasmGzip / 1024).toFixed(1)} KiB)`);
console.log(`llamawool.mjs:  ${s.glueRaw} bytes raw, ${s.glueGzip} gzipped`);
const st = startupMs();
console.log(`startup in Node (import + instantiate + default engine, fresh process): median ${st.median.toFixed(1)} ms (min ${st.min.toFixed(1)}, max ${st.max.toFixed(1)})`);

// "name ops_per_second" lines of bench/throughput.cpp.
function engineThroughput(command, args) {
  const out = execFileSync(command, args, { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((line) => line.split(' ')).map(([k, v]) => [k, Number(v)]));
}

const engineWasm = engineThroughput(process.execPath, [wasmThroughputProgram]);
const engineNative = engineThroughput(nativeThroughputProgram, []);
console.log('\nthe engine without JSON (bench/throughput.cpp)   wasm/s      native/s   wasm/native');
const rows = [['apply_tick', 'apply_tick'], ['apply_shear', 'apply_shear'], ['advance_8h', 'advance_8h'],
  ['batch_advance_8h_1000_sse2', 'batch_advance_8h_1000_sse2'], ['batch_advance_8h_1000_sse2', 'batch_advance_8h_1000']];
for (const [w, n] of rows) {
  const label = w === n ? w : `${w} vs native best`;
  console.log(`${label.padEnd(46)} ${Math.round(engineWasm[w]).toString().padStart(10)} ${Math.round(engineNative[n]).toString().padStart(13)} ${(100 * engineWasm[w] / engineNative[n]).toFixed(0).padStart(12)}%`);
}

const wasm = await wasmThroughput();
const native = nativeThroughput();
console.log('\nthrough the API, JSON in and out  wasm (JS API)/s   native (C ABI)/s   wasm/native');
for (const name of Object.keys(wasm)) {
  const ratio = wasm[name] / native[name];
  console.log(`${name.padEnd(32)} ${Math.round(wasm[name]).toString().padStart(16)} ${Math.round(native[name]).toString().padStart(18)} ${(100 * ratio).toFixed(0).padStart(12)}%`);
}
