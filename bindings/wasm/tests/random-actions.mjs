// Seeded random action logs for the native-vs-wasm cross-check: ticks, shears (some too fast or
// out of range), building and upgrade purchases (some locked, unaffordable, unknown or with a
// wrong expected cost), prestiges (some not ready or with a wrong expectation), gaps from
// milliseconds to days (online, offline, past the offline cap), time going backwards, and
// malformed actions. Each action is returned as its JSON text, so both sides read the same bytes.

// splitmix64, as workload/bot.cpp: fully specified, so a seed names one log forever.
export class SplitMix64 {
  #state;
  constructor(seed) { this.#state = BigInt.asUintN(64, BigInt(seed)); }
  next() {
    this.#state = BigInt.asUintN(64, this.#state + 0x9e3779b97f4a7c15n);
    let z = this.#state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }
  // Uniform integer in [lo, hi].
  range(lo, hi) { return lo + Number(this.next() % BigInt(hi - lo + 1)); }
  chance(percent) { return this.range(0, 99) < percent; }
  pick(list) { return list[this.range(0, list.length - 1)]; }
}

const BUILDINGS = ['barn', 'shears', 'transport', 'factory', 'lab', 'portal', 'timeMachine', 'dimensionGate'];
const UPGRADES = ['sharp_shears', 'better_tools', 'caffeine_pills', 'auto_clicker', 'night_shift', 'smart_scheduling',
  'selective_breeding', 'workflow_optimization', 'ai_management', 'genetic_enhancement', 'neural_network',
  'quantum_computing', 'time_dilation'];

function gap(rng) {
  const roll = rng.range(0, 99);
  if (roll < 3) return -rng.range(1, 60000);                   // time going backwards
  if (roll < 6) return rng.range(30, 90) * 3600000;            // past the 24 h offline cap
  if (roll < 15) return rng.range(6 * 60000, 20 * 3600000);    // offline
  if (roll < 40) return rng.range(20000, 300000);              // online, a while
  return rng.range(0, 8000);                                   // clicking along
}

function action(rng, t) {
  const roll = rng.range(0, 99);
  if (roll < 2) return { t, type: 'dance' };                                  // unknown_action
  if (roll < 4) return { type: 'shear', count: 3 };                           // malformed: no t
  if (roll < 20) return { t, type: 'tick' };
  if (roll < 50) return { t, type: 'shear', count: rng.chance(5) ? rng.pick([0, 1001, -2]) : rng.range(1, 24) };
  if (roll < 80) {
    const building = rng.chance(3) ? 'windmill' : rng.pick(rng.chance(70) ? BUILDINGS.slice(0, 3) : BUILDINGS);
    const a = { t, type: 'buy_building', building, quantity: rng.chance(35) ? 'max' : rng.range(1, 12) };
    if (a.quantity !== 'max' && rng.chance(10)) a.expectedCost = rng.range(1, 500);  // mostly wrong
    return a;
  }
  if (roll < 93) return { t, type: 'buy_upgrade', upgrade: rng.chance(3) ? 'golden_comb' : rng.pick(UPGRADES) };
  const a = { t, type: 'prestige' };
  if (rng.chance(30)) a.expectedSoulShears = rng.range(0, 5);
  return a;
}

// A log of `count` actions starting after startMs.
export function randomActions(seed, startMs, count) {
  const rng = new SplitMix64(seed);
  const texts = [];
  let t = startMs;
  for (let i = 0; i < count; ++i) {
    t = Math.max(0, t + gap(rng));
    texts.push(JSON.stringify(action(rng, t)));
  }
  return texts;
}
