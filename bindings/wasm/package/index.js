// The hand-written JS API of the engine (browsers, workers, bundlers). Node's entry, node.js, adds
// only the reading of the .wasm file. Decisions: docs/wasm-package.md.
import createLlamawoolModule from './llamawool.mjs';
import { Abi } from './abi.js';
import { LlamawoolError, describe } from './errors.js';
import { INTERNAL, options, refuseConstruction, toBytes, toJsonText, toText, toTime } from './args.js';
import { PlayerBatch, batchArchs } from './batch.js';

export { LlamawoolError, PlayerBatch };

// The wasm pointer of a live GameState, for PlayerBatch (set by GameState's static block).
let statePointer;

const LW_NO_CLOCK = -(2n ** 63n);  // INT64_MIN: "no host clock" for the time_in_future check

// One module per JS realm: engines and states are cheap, instantiation is not.
let abiPromise = null;

// A module that cannot be instantiated (bytes that are not llamawool.wasm, a runtime without wasm
// SIMD, a failed fetch) is "load_failed", with what the glue printed while trying in the message.
function loadAbi(wasmBinary) {
  if (!abiPromise) {
    const printed = [];
    let loading = true;
    const moduleArg = {
      printErr: (text) => (loading ? printed.push(text) : console.error(text)),
      ...(wasmBinary ? { wasmBinary } : {}),
    };
    abiPromise = (async () => {
      try {
        return new Abi(await createLlamawoolModule(moduleArg));
      } catch (error) {
        const e = new LlamawoolError('load_failed', `the WebAssembly module could not be instantiated: ${
          printed.length ? printed.join('; ') : error instanceof Error ? error.message : describe(error)}`);
        e.cause = error;
        throw e;
      } finally {
        loading = false;
      }
    })();
    abiPromise.catch(() => { abiPromise = null; });  // a failed load may be retried
  }
  return abiPromise;
}

// Frees the wasm side of engines and states that were garbage-collected without dispose(). A
// backstop only: collection may come late or never, so hosts call dispose().
const leakedEngines = new FinalizationRegistry(({ abi, ptr }) => abi.m._lw_engine_free(ptr));
const leakedStates = new FinalizationRegistry(({ abi, ptr }) => abi.m._lw_state_free(ptr));

export class Engine {
  #abi;
  #ptr;

  /** @internal use createEngine() */
  constructor(internal, abi, ptr) {
    if (internal !== INTERNAL) refuseConstruction('Engine', 'createEngine()');
    this.#abi = abi;
    this.#ptr = ptr;
    leakedEngines.register(this, { abi, ptr }, this);
  }

  #live() {
    if (this.#ptr === 0) throw new LlamawoolError('disposed', 'engine: used after dispose()');
    return this.#ptr;
  }

  get rulesetId() {
    const abi = this.#abi;
    abi.check(abi.m._lw_engine_ruleset_id(abi.outPtr(), this.#live()), () => abi.lastMessage());
    return abi.readString(abi.pointerAt(0));
  }

  newState(playerId, tMs) {
    const abi = this.#abi;
    const t = toTime(tMs, 't');
    const code = abi.withString(toText(playerId, 'playerId'), (idPtr) => abi.m._lw_state_new(abi.outPtr(), this.#live(), idPtr, t));
    abi.check(code, () => abi.lastMessage());
    return new GameState(INTERNAL, abi, abi.pointerAt(0));
  }

  loadState(saveJson) {
    const abi = this.#abi;
    const code = abi.withString(toJsonText(saveJson, 'save'), (savePtr) => abi.m._lw_state_load(abi.outPtr(), this.#live(), savePtr));
    abi.check(code, () => abi.lastMessage());
    return new GameState(INTERNAL, abi, abi.pointerAt(0));
  }

  /** The ruleset's live-ops events, in ruleset order: [{id, startMs, endMs, effects}]. */
  get events() {
    const abi = this.#abi;
    abi.check(abi.m._lw_engine_events_json(abi.outPtr(), this.#live()), () => abi.lastMessage());
    return JSON.parse(abi.takeOwnedString(0));
  }

  /**
   * Imports a save of the PWA (its GameSave, or the SyncEngine's VersionedGameState) into a new
   * state: {state, format, checksum?, unmapped, carried, reportJson} (docs/pwa-import.md).
   * `options.now` is the host's clock: a lastSaveTime more than 5 s after it is refused.
   */
  importPwa(gameSave, importOptions) {
    const abi = this.#abi;
    const { now } = options(importOptions, 'options', ['now']);
    const nowMs = now === undefined ? LW_NO_CLOCK : toTime(now, 'now');
    const code = abi.withString(toJsonText(gameSave, 'gameSave'), (savePtr) =>
      abi.m._lw_pwa_import(abi.outPtr(0), abi.outPtr(4), this.#live(), savePtr, nowMs));
    abi.check(code, () => abi.lastMessage());
    const state = new GameState(INTERNAL, abi, abi.pointerAt(0));
    const reportJson = abi.takeOwnedString(4);
    return { state, ...JSON.parse(reportJson), reportJson };
  }

  /** Columns for `count` players in wasm memory, for the SIMD batch kernels (docs/batch.md). */
  createBatch(count) {
    this.#live();
    return new PlayerBatch(INTERNAL, this.#abi, () => this.#live(), statePointer, count);
  }

  /** The instruction sets the batch kernels run here, worst first ("scalar"; "sse2": wasm SIMD128). */
  get batchArchs() { return batchArchs(this.#abi); }

  // States made from this engine stay usable after it is disposed (they hold the ruleset).
  dispose() {
    if (this.#ptr === 0) return;
    leakedEngines.unregister(this);
    this.#abi.m._lw_engine_free(this.#ptr);
    this.#ptr = 0;
  }
}

export class GameState {
  #abi;
  #ptr;

  static {
    statePointer = (state) => {
      if (!(state instanceof GameState)) throw new LlamawoolError('invalid_argument', 'state: must be a GameState');
      return state.#live();
    };
  }

  /** @internal use Engine.newState() / loadState() */
  constructor(internal, abi, ptr) {
    if (internal !== INTERNAL) refuseConstruction('GameState', 'engine.newState() or engine.loadState()');
    this.#abi = abi;
    this.#ptr = ptr;
    leakedStates.register(this, { abi, ptr }, this);
  }

  #live() {
    if (this.#ptr === 0) throw new LlamawoolError('disposed', 'state: used after dispose()');
    return this.#ptr;
  }

  // Checks a call on this state; its message comes from the state's own last error.
  #check(code) {
    const ptr = this.#ptr;
    this.#abi.check(code, () => this.#abi.stateMessage(ptr));
  }

  // The report (or response) JSON of a call with an owned char** as first parameter.
  #reportOf(code) {
    this.#check(code);
    return JSON.parse(this.#abi.takeOwnedString(0));
  }

  /** The state hash as 16 lowercase hex digits, as in saves, sync requests and the CLI. */
  get hash() {
    const abi = this.#abi;
    this.#check(abi.m._lw_state_hash_hex(abi.outPtr(), this.#live()));
    return abi.readString(abi.outPtr());
  }

  get playerId() {
    const abi = this.#abi;
    this.#check(abi.m._lw_state_player_id(abi.outPtr(), this.#live()));
    return abi.readString(abi.pointerAt(0));
  }

  get lastUpdateMs() {
    const abi = this.#abi;
    this.#check(abi.m._lw_state_last_update_ms(abi.outPtr(), this.#live()));
    return Number(abi.int64At(0));
  }

  /** The canonical save document, byte for byte what the native engine writes. */
  save() {
    const abi = this.#abi;
    this.#check(abi.m._lw_state_save(abi.outPtr(), this.#live()));
    return abi.takeOwnedString(0);
  }

  copy() {
    const abi = this.#abi;
    this.#check(abi.m._lw_state_copy(abi.outPtr(), this.#live()));
    return new GameState(INTERNAL, abi, abi.pointerAt(0));
  }

  /** Applies one action; a refused action throws and leaves the state unchanged. */
  apply(action, applyOptions) {
    const abi = this.#abi;
    const { now } = options(applyOptions, 'options', ['now']);
    const nowMs = now === undefined ? LW_NO_CLOCK : toTime(now, 'now');
    const code = abi.withString(toJsonText(action, 'action'), (actionPtr) =>
      abi.m._lw_state_apply(abi.outPtr(), this.#live(), actionPtr, nowMs));
    return this.#reportOf(code);
  }

  /** The offline report of resuming at tMs; commits nothing. */
  previewResume(tMs) {
    const abi = this.#abi;
    return this.#reportOf(abi.m._lw_state_preview_resume(abi.outPtr(), this.#live(), toTime(tMs, 't')));
  }

  /** Resumes at tMs: the same report as previewResume, and the state advances. */
  resume(tMs, resumeOptions) {
    const abi = this.#abi;
    const { now } = options(resumeOptions, 'options', ['now']);
    const nowMs = now === undefined ? LW_NO_CLOCK : toTime(now, 'now');
    return this.#reportOf(abi.m._lw_state_resume(abi.outPtr(), this.#live(), toTime(tMs, 't'), nowMs));
  }

  /** Replays a client's {baseHash, actions, claimedHash} on this (trusted) state. */
  sync(request, nowMs) {
    return JSON.parse(this.syncJson(request, nowMs));
  }

  /**
   * sync's response as the engine's JSON text, unparsed: for a host that passes the response on
   * (a server answering the client) and would otherwise parse it only to write it out again.
   */
  syncJson(request, nowMs) {
    const abi = this.#abi;
    const now = toTime(nowMs, 'now');
    const code = abi.withString(toJsonText(request, 'request'), (requestPtr) =>
      abi.m._lw_state_sync(abi.outPtr(), 0, this.#live(), requestPtr, now));
    this.#check(code);
    return abi.takeOwnedString(0);
  }

  /** Leaderboard scores at atMs (default: the state's lastUpdateMs). */
  scores(atMs = this.lastUpdateMs) {
    const abi = this.#abi;
    return this.#reportOf(abi.m._lw_state_scores_json(abi.outPtr(), this.#live(), toTime(atMs, 'at')));
  }

  /**
   * What a UI draws at atMs (default: the state's lastUpdateMs), read-only: rates, multipliers,
   * prices for 1, 10 and max levels, locks, upgrades, achievements, prestige, events and the
   * offline preview (docs/view.md). The state is not changed.
   */
  view(atMs = this.lastUpdateMs) {
    const abi = this.#abi;
    return this.#reportOf(abi.m._lw_state_view_json(abi.outPtr(), this.#live(), toTime(atMs, 'atMs')));
  }

  dispose() {
    if (this.#ptr === 0) return;
    leakedStates.unregister(this);
    this.#abi.m._lw_state_free(this.#ptr);
    this.#ptr = 0;
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Engine.prototype[Symbol.dispose] = Engine.prototype.dispose;
  GameState.prototype[Symbol.dispose] = GameState.prototype.dispose;
}

/**
 * Instantiates the module (once per realm) and makes an engine for the default ruleset, or for
 * `rulesetJson`. Browsers fetch llamawool.wasm from next to llamawool.mjs; pass `wasmBinary`
 * (the bytes) where there is no fetch of a file URL, as in Node (node.js does it for you).
 */
export async function createEngine(engineOptions) {
  const { wasmBinary, rulesetJson } = options(engineOptions, 'options', ['wasmBinary', 'rulesetJson']);
  const rulesText = rulesetJson === undefined ? undefined : toJsonText(rulesetJson, 'rulesetJson');
  const abi = await loadAbi(toBytes(wasmBinary, 'wasmBinary'));
  const out = abi.outPtr();
  const code = rulesetJson === undefined
    ? abi.m._lw_engine_new_default(out)
    : abi.withString(rulesText, (rulesPtr) => abi.m._lw_engine_new_from_json(out, rulesPtr));
  abi.check(code, () => abi.lastMessage());
  return new Engine(INTERNAL, abi, abi.pointerAt(0));
}
