// Benchmark of GameState.view() in WebAssembly (run by hand, not a test):
//   node bindings/wasm/bench/view.mjs [PACKAGE_DIR]
// default: build/wasm/bindings/wasm/package. The budget (issue #12) is 200 µs per call on a
// mid-game farm; a page calls it a few times per second. Prints the median and the spread of
// the time per call over several rounds, for the whole call (C ABI + JSON text + JSON.parse) and
// for the JSON.parse alone, on tests/data/saves/valid-midgame.json one second after its last
// update (a frame of a page that is playing) and 10 minutes after (a page reopened: an offline
// advance first).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const packageDir = process.argv[2] ?? join(root, 'build/wasm/bindings/wasm/package');
const midgameSave = readFileSync(join(root, 'tests/data/saves/valid-midgame.json'), 'utf8');

// Microseconds per call of fn: the median (and min, max) of `rounds` rounds of `calls` calls,
// after a warm-up that lets the JIT and the wasm tier-up settle.
function microsPerCall(fn, rounds = 15, calls = 200) {
  for (let i = 0; i < 1000; ++i) fn();
  const perCall = [];
  for (let r = 0; r < rounds; ++r) {
    const start = performance.now();
    for (let i = 0; i < calls; ++i) fn();
    perCall.push(((performance.now() - start) * 1000) / calls);
  }
  perCall.sort((a, b) => a - b);
  return { median: perCall[Math.floor(rounds / 2)], min: perCall[0], max: perCall[rounds - 1] };
}

const { createEngine } = await import(pathToFileURL(join(packageDir, 'node.js')).href);
const engine = await createEngine();
const state = engine.loadState(midgameSave);
const t = state.lastUpdateMs;
const text = JSON.stringify(state.view(t + 1000));
const format = ({ median, min, max }) => `${median.toFixed(1)} µs (min ${min.toFixed(1)}, max ${max.toFixed(1)})`;

console.log(`view() on valid-midgame.json, Node ${process.version}, ${text.length} bytes of JSON`);
console.log(`  1 s after its last update:   ${format(microsPerCall(() => state.view(t + 1000)))} per call`);
console.log(`  10 min after (offline):      ${format(microsPerCall(() => state.view(t + 600000)))} per call`);
console.log(`  of which JSON.parse:         ${format(microsPerCall(() => JSON.parse(text)))} per call`);
state.dispose();
engine.dispose();
