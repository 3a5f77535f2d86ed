// How a CommonJS TypeScript client (an Express backend) uses the package: `import ... = require`
// and named imports, which compile to require('llamawool'). tsc resolves them through the
// "require" condition of package.json "exports" to index.d.cts; were they resolved to the ES
// module typings, tsc would refuse the require of an ES module (TS1479).
import llamawool = require('llamawool');
import { createEngine, LlamawoolError, type GameState, type PlayerBatch } from 'llamawool';

export const seen: unknown[] = [];

export async function validate(saveJson: string, actions: llamawool.Action[]): Promise<string> {
  const engine: llamawool.Engine = await createEngine();
  const farm: GameState = engine.loadState(saveJson);
  for (const action of actions) {
    try {
      seen.push(farm.apply(action));
    } catch (error: unknown) {
      if (error instanceof llamawool.LlamawoolError && error instanceof LlamawoolError) seen.push(error.code, error.message);
      else throw error;
    }
  }
  const batch: PlayerBatch = engine.createBatch(1);
  batch.load(0, farm);
  seen.push(batch.pendingSoulShears(farm.lastUpdateMs), farm.scores().soulShears);
  const view: llamawool.FarmView = farm.view(farm.lastUpdateMs);
  seen.push(view.prestige.threshold, view.buildings.map((b) => [b.next1.price, b.next10.affordable, b.max.count]));
  batch.dispose();
  const hash: string = farm.hash;
  farm.dispose();
  engine.dispose();
  // @ts-expect-error the hash is a string
  const wrong: bigint = hash;
  // @ts-expect-error createEngine takes an options object
  await createEngine('llama-wool-farm/1');
  seen.push(wrong);
  return hash;
}
