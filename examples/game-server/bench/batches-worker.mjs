// A worker of the load script: plays the honest bots of its share of the clients and gives back
// their batches as JSON text (the load script spreads this work over the machine's cores).
import { parentPort, workerData } from 'node:worker_threads';
import { HonestBot, STRATEGIES } from './bot.mjs';
import { importLlamawool } from '../src/package.js';

Error.stackTraceLimit = 0;  // an honest bot's refused tries throw; no stack is needed
const { createEngine } = await importLlamawool();
const engine = await createEngine();
const strategies = Object.keys(STRATEGIES);
const { players, perClient, batch, paceMs } = workerData;
const out = players.map(({ index, p }) => {
  const bot = new HonestBot(engine, { ...p, seed: 1 + index, strategy: strategies[index % strategies.length] });
  // The bot's clock: its registration time, advancing by the pace.
  const start = p.save.lastUpdateMs;
  const batches = Array.from({ length: perClient }, (_, k) => JSON.stringify(bot.nextBatch(batch, start + (k + 1) * paceMs)));
  bot.dispose();
  return batches;
});
parentPort.postMessage(out);
