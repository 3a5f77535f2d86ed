// How a TypeScript client uses the package (ES module). tsc --strict must accept it, and every
// line marked @ts-expect-error must be rejected: types.test.mjs compiles this against the built
// package, resolved by name through its package.json "exports".
import { createEngine, Engine, GameState, LlamawoolError, PlayerBatch } from 'llamawool';
import type { Action, BuildingView, FarmView, Report, Scores, SyncResponse, Time } from 'llamawool';

const T0 = 1700000000000;
// What the code below looks at (no console: the check runs without the DOM's or Node's typings,
// so the package's typings must not need either).
export const seen: unknown[] = [];

export async function play(wasmBinary?: Uint8Array): Promise<string> {
  const engine: Engine = await createEngine(wasmBinary ? { wasmBinary } : {});
  const rulesetId: string = engine.rulesetId;
  const farm: GameState = engine.newState('p-123', T0);
  const shear: Action = { t: T0 + 1000, type: 'shear', count: 20 };
  const report: Report = farm.apply(shear);
  farm.apply('{"t":1700000002000,"type":"tick"}', { now: BigInt(T0 + 2000) });
  try {
    farm.apply({ t: T0 + 3000, type: 'buy_building', building: 'lab', quantity: 1 });
  } catch (error: unknown) {
    if (!(error instanceof LlamawoolError)) throw error;
    const code: string = error.code;
    const number: number | undefined = error.codeNumber;
    seen.push(code, number, error.message);
  }
  // A host's own double of the engine (a test mock) throws the same type.
  const mocked = new LlamawoolError('time_regression', 't: before lastUpdateMs', 3);
  seen.push(mocked.code, mocked.codeNumber, mocked.cause);
  const later: Time = 10n ** 12n * 2n;
  const preview: Report = farm.previewResume(later);
  const scores: Scores = farm.scores();
  const lifetime: string = scores.lifetimeValue;
  // The UI query: every field typed, amounts as strings, counts as numbers, nulls explicit.
  const view: FarmView = farm.view(T0 + 2500);
  const barn: BuildingView | undefined = view.buildings.find((b) => b.id === 'barn');
  const maxPrice: string | null = barn ? barn.max.price : null;
  const maxCount: number = barn ? barn.max.count : 0;
  const why: string | null = view.buildings[1]?.requirement ?? null;
  const pending: string = view.prestige.pendingSoulShears;
  const rate: number = Number(view.wool[0]?.ratePerSecond ?? '0');
  const away: number = view.offline.ifAway ? view.offline.ifAway.creditedMs : 0;
  const mode: 'online' | 'offline' = view.sinceLastUpdate.mode;
  const effects: string[] = view.activeEvents.map((e) => e.effects.buildingCost);
  seen.push(maxPrice, maxCount, why, pending, rate, away, mode, effects, farm.view().multipliers.total,
            view.upgrades.filter((u) => u.affordable && !u.owned).map((u) => u.cost), view.clicks.available);
  const server = farm.copy();
  const response: SyncResponse = server.sync({ baseHash: farm.hash, actions: [], claimedHash: farm.hash }, T0 + 4000);
  if (response.outcome === 'accepted') seen.push(response.stateHash, response.applied);
  const responseText: string = server.syncJson({ baseHash: server.hash, actions: [], claimedHash: server.hash }, T0 + 4000);
  seen.push(responseText.length);

  const batch: PlayerBatch = engine.createBatch(2);
  batch.load(0, farm);
  const wool: Float64Array = batch.column('wool0');
  const advanced = batch.advanceTo(T0 + 3600000, { arch: 'sse2' });
  const gained: Float64Array = advanced.valueGained;
  const rates: Float64Array = batch.valueRates(T0 + 3600000);
  batch.store(0, farm);
  const archs: string[] = engine.batchArchs;
  batch.dispose();

  const save: string = farm.save();
  const again: GameState = engine.loadState(save);
  seen.push(rulesetId, report, preview, lifetime, wool, gained, rates, archs, farm.playerId, farm.lastUpdateMs + 1);
  for (const s of [farm, server, again]) s.dispose();
  engine.dispose();
  return save;
}

export async function wrongUses(engine: Engine, farm: GameState, batch: PlayerBatch): Promise<void> {
  // @ts-expect-error an action is JSON text or an Action object, not a number
  farm.apply(42);
  // @ts-expect-error a player id is a string
  engine.newState(123, T0);
  // @ts-expect-error times are numbers or bigints
  farm.resume('1700000000000');
  // @ts-expect-error the hash is read-only
  farm.hash = '0123456789abcdef';
  // @ts-expect-error states come from an engine, not a constructor
  new GameState();
  // @ts-expect-error batches come from engine.createBatch
  new PlayerBatch();
  // @ts-expect-error not an instruction set
  batch.advanceTo(T0, { arch: 'neon' });
  // @ts-expect-error save() returns the document as text
  const parsed: { stateHash: string } = farm.save();
  // @ts-expect-error createEngine is asynchronous
  const engineNow: Engine = createEngine();
  // @ts-expect-error an error has a code
  new LlamawoolError();
  // @ts-expect-error the wasm bytes are binary, not a path
  await createEngine({ wasmBinary: 'llamawool.wasm' });
  // @ts-expect-error sync needs the time of the server's clock
  farm.sync({ baseHash: '', actions: [], claimedHash: '' });
  // @ts-expect-error amounts in the view are decimal strings, not numbers
  const spendable: number = farm.view().spendableValue;
  // @ts-expect-error a level is a number
  const level: string = farm.view().buildings[0]!.level;
  // @ts-expect-error the view has no field that is not declared
  seen.push(farm.view().stateHash);
  // @ts-expect-error max.price may be null (nothing affordable)
  const price: string = farm.view().buildings[0]!.max.price;
  // @ts-expect-error the view's time is a number or bigint
  farm.view('now');
  seen.push(spendable, level, price);
  try {
    farm.save();
  } catch (error) {
    // @ts-expect-error a caught value is unknown until narrowed (strict: useUnknownInCatchVariables)
    seen.push(error.code);
  }
  seen.push(parsed, engineNow);
}
