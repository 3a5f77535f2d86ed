/// <reference lib="esnext.disposable" />
// Types of the llamawool npm package (hand-written: Emscripten 3.1.6 has no --emit-tsd).
// Times are integer milliseconds since the epoch (number, or bigint). Amounts in reports are
// shortest round-trip decimal strings, exactly as the native engine writes them.

/** An action as the engine's JSON (docs/rules.md §10): {t, type: "shear" | "tick" | "buy_building" | ...}. */
export interface Action {
  t: number;
  type: string;
  [field: string]: unknown;
}

/** A report as parsed from the engine's JSON ({"status":"ok","advance":{...},...}). */
export type Report = { [field: string]: unknown };

/** The response of sync: outcome "accepted" | "desync" | "rejected" | "rebased", stateHash, results... */
export interface SyncResponse {
  outcome: 'accepted' | 'desync' | 'rejected' | 'rebased';
  stateHash: string;
  applied: number;
  results: Array<{ index: number; status: string; message?: string }>;
  [field: string]: unknown;
}

export interface Scores {
  lifetimeValue: string;
  currentWoolValue: string;
  prestigeLevel: number;
  soulShears: string;
  valuePerSecond: string;
}

export type Time = number | bigint;

/** An amount: the engine's shortest round-trip decimal string of a binary64 value (`Number(x)` to draw it). */
export type Amount = string;

/** The report of resuming at a moment (what previewResume gives), in GameState.view(). */
export interface ResumeReport {
  fromMs: number;
  toMs: number;
  mode: 'online' | 'offline';
  creditedMs: number;
  forfeitedMs: number;
  efficiency: Amount;
  /** Only the wool types that gained something, by id. */
  woolGained: Record<string, Amount>;
  valueGainedByType: Record<string, Amount>;
  valueGained: Amount;
  /** Wool types unlocked during the advance. */
  woolUnlocked: string[];
  achievementsUnlocked: string[];
}

export interface WoolView {
  id: string;
  amount: Amount;
  /** amount × baseValue: what this wool is worth in a purchase. */
  value: Amount;
  ratePerSecond: Amount;
  unlocked: boolean;
  /** runValue at which it unlocks. */
  unlockValue: Amount;
}

export interface MultiplierView {
  base: Amount;
  /** B_eff, applied to building output. */
  buildings: Amount;
  upgrades: Amount;
  achievements: Amount;
  prestige: Amount;
  events: Amount;
  /** M_global = upgrades × achievements × prestige × events. */
  total: Amount;
  click: Amount;
  rare: Amount;
}

export interface ClicksView {
  /** Basic wool per shear click. */
  power: Amount;
  autoPerSecond: Amount;
  tokensMilli: number;
  burstMilli: number;
  refillPerSecond: number;
  /** The largest shear count allowed now (a larger one is rate_limited). */
  available: number;
}

export interface PriceView {
  price: Amount;
  /** The spendable value covers the price now. */
  affordable: boolean;
}

export interface BuildingView {
  id: string;
  level: number;
  /** Level 1 may be bought (or the building is owned). */
  unlocked: boolean;
  /** The first unmet requirement ("barn >= 5 (have 1)"); null when unlocked. */
  requirement: string | null;
  next1: PriceView;
  next10: PriceView;
  /** What buying "max" buys now: count 0 and price null when it would be refused (locked, at the
   *  maximum level, or not one level affordable). */
  max: { count: number; price: Amount | null };
}

export interface UpgradeView {
  id: string;
  cost: Amount;
  owned: boolean;
  /** Its requirements hold now. */
  unlocked: boolean;
  /** The first unmet requirement ("upgrade auto_clicker"); null when none. */
  requirement: string | null;
  affordable: boolean;
}

export interface AchievementView {
  id: string;
  unlocked: boolean;
}

export interface PrestigeView {
  soulShears: Amount;
  totalPrestiges: number;
  /** What a prestige now would give; "0" when not ready. */
  pendingSoulShears: Amount;
  ready: boolean;
  /** Prestige needs runValue >= 10^thresholdExponent. */
  thresholdExponent: number;
  /** The smallest binary64 >= 10^thresholdExponent; null when beyond the binary64 range. */
  threshold: Amount | null;
}

export interface ActiveEventView {
  id: string;
  startMs: number;
  endMs: number;
  /** Every effect, 1 (or 0 for offlineEfficiency) when the event does not change it. */
  effects: { production: Amount; prestige: Amount; buildingCost: Amount; offlineEfficiency: Amount };
}

export interface OfflineView {
  capMs: number;
  efficiency: Amount;
  /** The length of the ifAway preview (8 hours). */
  previewAwayMs: number;
  /** Resuming previewAwayMs after the view's moment; null past 2^53 ms. */
  ifAway: ResumeReport | null;
}

/** GameState.view(): the farm at atMs as a tick would leave it (docs/view.md). Arrays are in ruleset order. */
export interface FarmView {
  atMs: number;
  /** The advance from the state's lastUpdateMs to atMs ("while you were away"). */
  sinceLastUpdate: ResumeReport;
  wool: WoolView[];
  valuePerSecond: Amount;
  spendableValue: Amount;
  runValue: Amount;
  lifetimeValue: Amount;
  multipliers: MultiplierView;
  clicks: ClicksView;
  buildings: BuildingView[];
  upgrades: UpgradeView[];
  achievements: AchievementView[];
  prestige: PrestigeView;
  activeEvents: ActiveEventView[];
  offline: OfflineView;
}

/** A live-ops event of the ruleset, active on [startMs, endMs); only the effects it has are present. */
export interface LiveOpsEvent {
  id: string;
  startMs: number;
  endMs: number;
  effects: { production?: number; prestige?: number; buildingCost?: number; offlineEfficiency?: number };
}

/** What engine.importPwa gives (docs/pwa-import.md). */
export interface PwaImport {
  /** The imported farm: a new state of this engine. */
  state: GameState;
  format: 'GameSave' | 'VersionedGameState' | 'VersionedGameState (sync-merged)';
  /** The SyncEngine's checksum, recomputed; present when the save has a checksum field. */
  checksum?: { status: 'verified' | 'mismatch' | 'empty'; given: string; computed: string };
  /** Everything in the save that did not become part of the state, in the save's text order. */
  unmapped: Array<{ path: string; value: unknown; reason: string }>;
  /** goldenFleece and settings, carried through (reportJson has their exact bytes). */
  carried: { goldenFleece?: unknown; settings?: unknown };
  /** The report as the engine wrote it: {"format", "checksum", "unmapped", "carried"}. */
  reportJson: string;
}

/**
 * Every failure: `code` is the engine's snake_case code ("building_locked", "invalid_save",
 * "time_regression", ...) or the package's "invalid_argument" (a value of the wrong type or range,
 * refused before the engine sees it) / "disposed" / "out_of_memory" / "load_failed" (the module
 * could not be instantiated); `message` names the field and the value. `cause`, when set, is the
 * error behind it (what a toJSON threw, the WebAssembly CompileError).
 */
export class LlamawoolError extends Error {
  /** As Error's, but it never throws: a message that is not a string is described. */
  constructor(code: string, message?: unknown, codeNumber?: number);
  readonly name: 'LlamawoolError';
  readonly code: string;
  /** The C ABI's number of the code (LW_E... in llamawool.h), when it has one. */
  readonly codeNumber: number | undefined;
}

/** One player's farm. Holds wasm memory: call dispose() when done. */
export class GameState {
  private constructor();
  /** The state hash as 16 lowercase hex digits (as in saves, sync requests and the CLI). */
  readonly hash: string;
  readonly playerId: string;
  readonly lastUpdateMs: number;
  /** The canonical save document, byte for byte what the native engine writes. */
  save(): string;
  /** An independent copy (its own dispose()). */
  copy(): GameState;
  /** Applies one action (JSON text or object). A refused action throws and changes nothing. */
  apply(action: string | Action, options?: { now?: Time }): Report;
  /** The offline report of resuming at tMs; commits nothing. */
  previewResume(tMs: Time): Report;
  /** Resumes at tMs (the previewResume report, committed). */
  resume(tMs: Time, options?: { now?: Time }): Report;
  /** Replays a client's {baseHash, actions, claimedHash} on this trusted state, which it updates. */
  sync(request: string | { baseHash: string; actions: Action[]; claimedHash: string }, nowMs: Time): SyncResponse;
  /**
   * sync's response as the engine's JSON text (one field per line, docs/sync.md), unparsed: for a
   * host that passes it on, as a server answering its client does.
   */
  syncJson(request: string | { baseHash: string; actions: Action[]; claimedHash: string }, nowMs: Time): string;
  /** Leaderboard scores at atMs (default: lastUpdateMs). */
  scores(atMs?: Time): Scores;
  /** What a UI draws at atMs (default: lastUpdateMs), read-only: the state is not changed. */
  view(atMs?: Time): FarmView;
  /** Frees the wasm memory; later calls throw LlamawoolError "disposed". Idempotent. */
  dispose(): void;
  [Symbol.dispose](): void;
}

export type BatchArch = 'automatic' | 'sse2' | 'sse4_2' | 'avx2' | 'avx512f' | 'neon64' | 'scalar';

/**
 * The columns of many players in wasm memory for the SIMD batch kernels (docs/batch.md): every
 * player gets exactly the bits of the single-state calls. Holds wasm memory: call dispose().
 */
export class PlayerBatch {
  private constructor();
  readonly count: number;
  /**
   * A live view of a column: "wool0".."wool15", "buildingLevels0".."buildingLevels15",
   * "soulShears", "achievementCount", "totalPrestiges", "upgradeProduction", "upgradeClick",
   * "upgradeBuilding", "upgradeRare", "upgradeAutoClicksPerSecond", "upgradeOfflineEfficiency",
   * "upgradeOfflineCapMs", "runValue", "lifetimeValue", "lastUpdateMs", "playTimeMs",
   * "clickTokensMilli". Times and levels are whole numbers. Re-read after calls that allocate.
   */
  column(name: string): Float64Array;
  /** Writes a state into row i. */
  load(i: number, state: GameState): void;
  /** Writes back into the state what the kernels change. */
  store(i: number, state: GameState): void;
  /** Advances every player to toMs; throws invalid_argument (changing nothing) if a player's lastUpdateMs is later. */
  advanceTo(toMs: Time, options?: { arch?: BatchArch }): { creditedMs: Float64Array; forfeitedMs: Float64Array; valueGained: Float64Array };
  valueRates(atMs: Time, options?: { arch?: BatchArch }): Float64Array;
  pendingSoulShears(atMs: Time, options?: { arch?: BatchArch }): Float64Array;
  currentWoolValues(atMs: Time, options?: { arch?: BatchArch }): Float64Array;
  dispose(): void;
}

/** A ruleset. States made from it stay usable after its dispose(). */
export class Engine {
  private constructor();
  readonly rulesetId: string;
  /** Columns for `count` players (the SIMD batch path). */
  createBatch(count: number): PlayerBatch;
  /** The instruction sets the batch kernels run here, worst first: ["scalar", "sse2"] in WebAssembly (sse2 = wasm SIMD128; scalar = the same kernels one player at a time). */
  readonly batchArchs: BatchArch[];
  /** A new game for playerId (1-128 of letters, digits, _ - . :) at tMs. */
  newState(playerId: string, tMs: Time): GameState;
  /** Loads a save document strictly (invalid_json, invalid_save, ruleset_mismatch, state_hash_mismatch). */
  loadState(saveJson: string): GameState;
  /** The ruleset's live-ops events, in ruleset order ([] for the default ruleset). */
  readonly events: LiveOpsEvent[];
  /**
   * Imports a PWA save (GameSave, or the SyncEngine's VersionedGameState) into a new state;
   * invalid_json / invalid_pwa_save name the field. `now`: the host's clock.
   */
  importPwa(gameSave: string | object, options?: { now?: Time }): PwaImport;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface CreateEngineOptions {
  /** The bytes of llamawool.wasm. Node's entry reads them itself; browsers fetch the file. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /** A ruleset document (text or object); default: the embedded llama-wool-farm/1. */
  rulesetJson?: string | object;
}

/** Instantiates the module (once per JS realm) and makes an engine. */
export function createEngine(options?: CreateEngineOptions): Promise<Engine>;
