// The SIMD batch path (docs/batch.md) from JS: the columns of many players in wasm memory, read
// and written through Float64Array views, and the lw_batch_* kernels of the C ABI over them. In
// WebAssembly the kernels run on wasm SIMD128, with exactly the bits of the single-state calls.
import { LlamawoolError, describe } from './errors.js';
import { INTERNAL, options, refuseConstruction, toIndex, toTime } from './args.js';

const MAX_WOOL_TYPES = 16;
const MAX_BUILDINGS = 16;
// lw_batch_columns after wool[] and building_levels[], in the header's order.
export const COMMON_COLUMNS = [
  'soulShears', 'achievementCount', 'totalPrestiges', 'upgradeProduction', 'upgradeClick',
  'upgradeBuilding', 'upgradeRare', 'upgradeAutoClicksPerSecond', 'upgradeOfflineEfficiency',
  'upgradeOfflineCapMs', 'runValue', 'lifetimeValue', 'lastUpdateMs', 'playTimeMs', 'clickTokensMilli',
];
// Output columns the batch keeps for its kernels' results.
const OUTPUTS = ['creditedMs', 'forfeitedMs', 'valueGained', 'valueRate', 'currentWoolValue', 'pendingSoulShears'];
// The C ABI's LW_ARCH_* numbers, in order (batchArchs maps a number to its key by position).
const ARCHS = { automatic: 0, sse2: 1, sse4_2: 2, avx2: 3, avx512f: 4, neon64: 5, scalar: 6 };

// The LW_ARCH_* code of the `arch` option of a kernel call.
function archCode(kernelOptions) {
  const { arch = 'automatic' } = options(kernelOptions, 'options', ['arch']);
  if (typeof arch !== 'string' || !Object.hasOwn(ARCHS, arch)) {
    throw new LlamawoolError('invalid_argument', `arch: must be one of ${Object.keys(ARCHS).join(', ')}, got ${describe(arch)}`);
  }
  return ARCHS[arch];
}

// malloc for the JS side, which cannot catch a failure in C++: 0 becomes out_of_memory.
function allocate(m, bytes, what) {
  const ptr = bytes <= 0x7fffffff ? m._malloc(bytes) : 0;  // the wasm call takes a 32-bit size
  if (ptr === 0) throw new LlamawoolError('out_of_memory', `cannot allocate ${bytes} bytes for ${what}`);
  return ptr;
}

export class PlayerBatch {
  #abi;
  #engine;      // () => the engine's pointer (throws once the engine is disposed)
  #statePtr;    // (GameState) => its pointer
  #count;
  #block = 0;   // every column, one after the other: count doubles each
  #columns = 0; // the lw_batch_columns struct pointing into #block
  #names;       // column name -> index in #block

  /** @internal use Engine.createBatch() */
  constructor(internal, abi, engine, statePtr, count) {
    if (internal !== INTERNAL) refuseConstruction('PlayerBatch', 'engine.createBatch(count)');
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new LlamawoolError('invalid_argument', `count: must be a whole number >= 0, got ${describe(count)}`);
    }
    this.#abi = abi;
    this.#engine = engine;
    this.#statePtr = statePtr;
    this.#count = count;
    const names = [];
    for (let w = 0; w < MAX_WOOL_TYPES; ++w) names.push(`wool${w}`);
    for (let b = 0; b < MAX_BUILDINGS; ++b) names.push(`buildingLevels${b}`);
    names.push(...COMMON_COLUMNS, ...OUTPUTS);
    this.#names = new Map(names.map((name, i) => [name, i]));
    const m = abi.m;
    const bytes = names.length * Math.max(count, 1) * 8;
    this.#block = allocate(m, bytes, `the columns of ${count} players`);
    try {
      this.#columns = allocate(m, 4 + 4 * (MAX_WOOL_TYPES + MAX_BUILDINGS + COMMON_COLUMNS.length), 'lw_batch_columns');
    } catch (error) {
      this.dispose();
      throw error;
    }
    m.HEAPU8.fill(0, this.#block, this.#block + bytes);
    const view = new DataView(m.HEAPU8.buffer);
    view.setUint32(this.#columns, count, true);
    for (let k = 0; k < MAX_WOOL_TYPES + MAX_BUILDINGS + COMMON_COLUMNS.length; ++k) {
      view.setUint32(this.#columns + 4 + 4 * k, this.#address(k), true);
    }
  }

  #live() {
    if (this.#block === 0) throw new LlamawoolError('disposed', 'batch: used after dispose()');
    return this.#columns;
  }

  #address(index) { return this.#block + index * Math.max(this.#count, 1) * 8; }

  #view(name) {
    const index = this.#names.get(name);
    if (index === undefined) throw new LlamawoolError('invalid_argument', `column: unknown column ${describe(name)}`);
    this.#live();
    return new Float64Array(this.#abi.m.HEAPU8.buffer, this.#address(index), this.#count);
  }

  #pointer(name) { return this.#address(this.#names.get(name)); }

  #check(code) { this.#abi.check(code, () => this.#abi.lastMessage()); }

  get count() { return this.#count; }

  /**
   * A live view of one column: "wool0".."wool15", "buildingLevels0".., "soulShears", "runValue",
   * "lastUpdateMs", ... Re-read it after any call that may grow wasm memory.
   */
  column(name) { return this.#view(name); }

  /** Writes a state into row i (derived columns included). */
  load(i, state) {
    this.#check(this.#abi.m._lw_batch_load_player(this.#live(), toIndex(i, this.#count, 'i'), this.#statePtr(state)));
  }

  /** Writes back into the state what the kernels change (wool, values, times, click tokens). */
  store(i, state) {
    this.#check(this.#abi.m._lw_batch_store_player(this.#statePtr(state), this.#live(), toIndex(i, this.#count, 'i')));
  }

  #outputs(names) {
    const m = this.#abi.m;
    const ptr = allocate(m, 4 * names.length, 'the output columns');
    const view = new DataView(m.HEAPU8.buffer);
    names.forEach((name, k) => view.setUint32(ptr + 4 * k, name ? this.#pointer(name) : 0, true));
    return ptr;
  }

  #withOutputs(names, call) {
    const ptr = this.#outputs(names);
    try { return call(ptr); } finally { this.#abi.m._free(ptr); }
  }

  #copy(name) { return Float64Array.from(this.#view(name)); }

  /** Advances every player to toMs (online and offline rules); per-player credited and forfeited ms and value gained. */
  advanceTo(toMs, kernelOptions) {
    const to = toTime(toMs, 'toMs');
    const code = archCode(kernelOptions);
    this.#withOutputs(['creditedMs', 'forfeitedMs', 'valueGained'], (report) =>
      this.#check(this.#abi.m._lw_batch_advance_to(report, this.#engine(), this.#live(), to, code)));
    return { creditedMs: this.#copy('creditedMs'), forfeitedMs: this.#copy('forfeitedMs'), valueGained: this.#copy('valueGained') };
  }

  /** Value per second of every player at atMs. */
  valueRates(atMs, kernelOptions) {
    const at = toTime(atMs, 'atMs');
    const code = archCode(kernelOptions);
    const names = new Array(MAX_WOOL_TYPES).fill(null).concat(['valueRate']);
    this.#withOutputs(names, (out) =>
      this.#check(this.#abi.m._lw_batch_production_rates(out, this.#engine(), this.#live(), at, code)));
    return this.#copy('valueRate');
  }

  /** Soul shears a prestige at atMs would give, per player. */
  pendingSoulShears(atMs, kernelOptions) {
    const at = toTime(atMs, 'atMs');
    const code = archCode(kernelOptions);
    this.#check(this.#abi.m._lw_batch_pending_soul_shears(this.#pointer('pendingSoulShears'), this.#engine(), this.#live(), at, code));
    return this.#copy('pendingSoulShears');
  }

  /** Value of the wool each player holds (what purchases can spend). */
  currentWoolValues(atMs, kernelOptions) {
    const at = toTime(atMs, 'atMs');
    const code = archCode(kernelOptions);
    this.#withOutputs([null, 'currentWoolValue', null, null, null], (out) =>
      this.#check(this.#abi.m._lw_batch_scores(out, this.#engine(), this.#live(), at, code)));
    return this.#copy('currentWoolValue');
  }

  dispose() {
    const m = this.#abi.m;
    if (this.#block !== 0) m._free(this.#block);
    if (this.#columns !== 0) m._free(this.#columns);
    this.#block = 0;
    this.#columns = 0;
  }
}

/** The instruction sets the module runs, worst first (in WebAssembly: scalar, and sse2 carried by wasm SIMD128). */
export function batchArchs(abi) {
  const m = abi.m;
  const out = allocate(m, 8 * 4 + 4, 'the list of instruction sets');
  try {
    abi.check(m._lw_batch_available_archs(out, out + 32, 8), () => abi.lastMessage());
    const view = new DataView(m.HEAPU8.buffer);
    const n = view.getUint32(out + 32, true);
    const names = Object.keys(ARCHS);
    return Array.from({ length: n }, (_, k) => names[view.getInt32(out + 4 * k, true)]);
  } finally {
    m._free(out);
  }
}
