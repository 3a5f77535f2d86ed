// Honest bot clients: the engine (the same npm package as the server) playing a seeded strategy on
// the client's own copy of the farm, and sending what it did as sync batches. An honest client
// sends only actions its own engine accepted, so the server must accept every batch: the tests
// count any other answer as a false reject, and the load script drives the server with them.

// splitmix64, the seeded generator of the engine's tests (a seed names one game forever).
import { SplitMix64 } from '../../../bindings/wasm/tests/random-actions.mjs';

export { SplitMix64 };

const BUILDINGS = ['barn', 'shears', 'transport', 'factory', 'lab', 'portal', 'timeMachine', 'dimensionGate'];
const UPGRADES = ['sharp_shears', 'better_tools', 'caffeine_pills', 'auto_clicker', 'night_shift', 'smart_scheduling',
  'selective_breeding', 'workflow_optimization', 'ai_management'];

// Strategies: how often each kind of action is tried (percent).
export const STRATEGIES = {
  clicker: { shear: 70, buy: 10, upgrade: 5, prestige: 1 },
  builder: { shear: 40, buy: 40, upgrade: 10, prestige: 1 },
  idler: { shear: 15, buy: 15, upgrade: 5, prestige: 1 },
};

export class HonestBot {
  constructor(engine, { playerId, token, save, seed, strategy = 'builder' }) {
    this.engine = engine;
    this.playerId = playerId;
    this.token = token;
    this.state = engine.loadState(typeof save === 'string' ? save : JSON.stringify(save));
    this.rng = new SplitMix64(seed);
    this.strategy = STRATEGIES[strategy];
    this.t = this.state.lastUpdateMs;
    this.#readTokens();
    this.buyPause = 0;
  }

  // The click tokens of the bot's state, and when: what a client's UI knows to grey out the
  // shear button (20 clicks a second, a burst of 20).
  #readTokens() {
    const save = JSON.parse(this.state.save());
    this.tokens = save.clickTokensMilli;
    this.tokensAt = save.lastUpdateMs;
  }

  #tokensAt(t) { return Math.min(20000, this.tokens + (t - this.tokensAt) * 20); }

  #candidate(t) {
    const r = this.rng.range(0, 99);
    const s = this.strategy;
    if (r < s.shear) {
      const clicks = Math.min(5, Math.floor(this.#tokensAt(t) / 1000));
      return clicks > 0 ? { t, type: 'shear', count: this.rng.range(1, clicks) } : { t, type: 'tick' };
    }
    if (r < s.shear + s.buy) {
      if (this.buyPause > 0) { this.buyPause -= 1; return { t, type: 'tick' }; }
      return { t, type: 'buy_building', building: this.rng.pick(BUILDINGS.slice(0, 3)), quantity: this.rng.chance(20) ? 'max' : this.rng.range(1, 3) };
    }
    if (r < s.shear + s.buy + s.upgrade + s.prestige && this.buyPause > 0) { this.buyPause -= 1; return { t, type: 'tick' }; }
    if (r < s.shear + s.buy + s.upgrade) return { t, type: 'buy_upgrade', upgrade: this.rng.pick(UPGRADES) };
    if (r < s.shear + s.buy + s.upgrade + s.prestige) return { t, type: 'prestige' };
    return { t, type: 'tick' };
  }

  // The next batch of `size` actions at the client's clock `nowMs`: each action is applied to the
  // bot's own state first and sent only if its engine accepted it (a refused try is simply not
  // sent, as a real client's UI would not offer it). Times never go past the client's clock.
  nextBatch(size, nowMs) {
    const baseHash = this.state.hash;
    const actions = [];
    let tries = 0;
    while (actions.length < size) {
      // Past 2 × size refused tries only ticks are tried, which an honest state always takes; a
      // bot that still finds nothing to send is a bug to report, not a loop to spin in forever.
      if (tries > 50 * size) {
        throw new Error(`bot ${this.playerId}: ${tries} tries refused at the client's clock ${nowMs}; the state's ` +
          `lastUpdateMs is ${this.state.lastUpdateMs}, the last try at ${this.t}: ${this.lastRefusal}`);
      }
      this.t = Math.min(Math.max(this.t + this.rng.range(0, 40), this.state.lastUpdateMs), Math.max(nowMs, this.state.lastUpdateMs));
      const action = ++tries > 2 * size ? { t: this.t, type: 'tick' } : this.#candidate(this.t);
      try {
        this.state.apply(action, { now: nowMs });
        actions.push(action);
        if (action.type === 'shear') {
          this.tokens = this.#tokensAt(action.t) - action.count * 1000;
          this.tokensAt = action.t;
        }
      } catch (error) {
        if (error.name !== 'LlamawoolError') throw error;
        this.lastRefusal = `${error.code}: ${error.message}`;
        if (action.type === 'buy_building' || action.type === 'buy_upgrade') this.buyPause = 10;  // not affordable yet
        if (action.type === 'prestige') this.buyPause = 10;
      }
    }
    return { baseHash, actions, claimedHash: this.state.hash };
  }

  // After an answer that is not `accepted`, the client adopts the server's state.
  adopt(save) {
    this.state.dispose();
    this.state = this.engine.loadState(typeof save === 'string' ? save : JSON.stringify(save));
    this.t = this.state.lastUpdateMs;
    this.#readTokens();
  }

  dispose() { this.state.dispose(); }
}
