// The farm on this device: the engine's state the player sees, the state the server is known to
// have, and the queue of actions between them (README, "Persistence" and "Sync").
//
//   base --queue[0]--> ... --queue[n-1]--> state
//
// Every action the player makes is applied by the engine first; one the engine refuses changes
// nothing and is never queued, so the client cannot send what the rules forbid (the click limit
// included). An accepted action is queued with the hash it leads to, and the save and the queue
// are written to IndexedDB in one transaction.
//
// Before registration `base` is the farm's genesis: a new farm made through the PWA importer from
// a GameSave with no progress (the very state `newState` gives, and what the server's import of
// the same document gives), so the farm can be played with no server and registered later
// without losing what was played.

const ONLINE_GAP_MS = 300_000;  // docs/rules.md §5: a longer silence is offline
const TICK_AFTER_MS = 240_000;  // commit a tick before the 5 minutes run out

function randomPlayerId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `p-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The GameSave of a farm with no progress, as the PWA importer reads it (docs/pwa-import.md). */
export function genesisGameSave(view, playerId, t0) {
  return {
    version: '1.0.0',
    playerId,
    woolCounts: Object.fromEntries(view.wool.map((w) => [w.id, '0'])),
    soulShears: '0',
    buildings: Object.fromEntries(view.buildings.map((b) => [b.id, { level: 0 }])),
    purchasedUpgrades: [],
    unlockedAchievements: [],
    totalWoolProduced: '0',
    totalPrestiges: 0,
    playTime: 0,
    lastSaveTime: t0,
  };
}

export class Farm extends EventTarget {
  engine;
  store;
  clock;
  /** The GameState the player sees. */
  state = null;
  /** The GameState the server is known to have (before registration: the genesis). */
  base = null;
  /** [{seq, action, hashAfter}]: played on base to reach state, oldest first. */
  queue = [];
  genesis = null;
  account = null;
  inflight = null;
  /** What loading had to repair, for the page to tell the player. */
  repairs = [];
  /** True when the server's farm must be fetched (the stored base could not be read). */
  needsServerFarm = false;
  nextSeq = 1;
  storageError = null;
  #writes = Promise.resolve();

  constructor(engine, store, clock) {
    super();
    this.engine = engine;
    this.store = store;
    this.clock = clock;
  }

  /** Opens the stored farm, repairing what cannot be read, or begins a new one. */
  static async open({ engine, store, clock, data, newPlayerId = randomPlayerId }) {
    const farm = new Farm(engine, store, clock);
    await farm.#load(data ?? await store.load(), newPlayerId);
    return farm;
  }

  #tryLoad(text, what) {
    if (typeof text !== 'string') return null;
    try {
      return this.engine.loadState(text);
    } catch (error) {
      // Another ruleset (ruleset.json added, changed or gone) is not damage: nothing is replaced.
      if (error.code === 'ruleset_mismatch') throw new Error(`the stored ${what} was played with another ruleset (${error.message}): build the page with the ruleset it was played with (LLAMAWOOL_RULESET)`);
      this.repairs.push(`the stored ${what} could not be read (${error.code ?? 'error'}: ${error.message})`);
      return null;
    }
  }

  #newGenesis(playerId, t0) {
    const probe = this.engine.newState(playerId, t0);
    let pwaSave;
    try {
      pwaSave = genesisGameSave(probe.view(t0), playerId, t0);
    } finally {
      probe.dispose();
    }
    const { state } = this.engine.importPwa(pwaSave);
    return { genesis: { playerId, t0, pwaSave }, state };
  }

  async #load(data, newPlayerId) {
    this.account = data.account ?? null;
    this.genesis = data.genesis ?? null;
    this.inflight = data.inflight ?? null;
    this.queue = (data.queue ?? []).slice().sort((a, b) => a.seq - b.seq);
    this.nextSeq = this.queue.length ? this.queue[this.queue.length - 1].seq + 1 : 1;

    if (data.current === undefined && data.base === undefined) {
      // A new farm, begun at the game clock's now.
      const { genesis, state } = this.#newGenesis(newPlayerId(), this.clock.now());
      this.genesis = genesis;
      this.base = state;
      this.state = state.copy();
      this.queue = [];
      await this.#write({ put: { genesis, base: this.base.save(), current: this.state.save(), clock: this.clock.toJSON() }, clearQueue: true });
      return;
    }

    this.base = this.#tryLoad(data.base, 'synced farm');
    if (!this.base && this.genesis && !this.account) {
      this.base = this.engine.importPwa(this.genesis.pwaSave).state;
      this.repairs.push('the farm was rebuilt from its beginning');
    }
    if (!this.base && this.account) this.needsServerFarm = true;

    this.state = this.#tryLoad(data.current, 'farm');
    if (this.state && this.base && this.state.playerId !== this.base.playerId) {
      this.repairs.push(`the stored farm belongs to player ${this.state.playerId}, not ${this.base.playerId}`);
      this.state.dispose();
      this.state = null;
    }
    if (!this.state && this.base) {
      // Replay the queue on the synced farm: the farm as the player left it, up to the first
      // action that no longer applies (only a damaged queue has one).
      const state = this.base.copy();
      const kept = [];
      for (const entry of this.queue) {
        try {
          state.apply(entry.action);
        } catch (error) {
          this.repairs.push(`${this.queue.length - kept.length} queued actions were dropped from the first one that no longer applies (${error.code})`);
          break;
        }
        kept.push({ ...entry, hashAfter: state.hash });
      }
      this.state = state;
      this.queue = kept;
      this.repairs.push(`the farm was restored from the last synced farm and ${kept.length} queued actions`);
    }
    if (!this.state && this.account) {
      // Nothing local can be read: a placeholder of the same player until the server's farm comes.
      this.state = this.engine.newState(this.account.playerId, this.clock.now());
      this.queue = [];
    } else if (!this.state) {
      // Nothing can be read and nothing was ever synced: a new farm.
      const { genesis, state } = this.#newGenesis(newPlayerId(), this.clock.now());
      this.genesis = genesis;
      this.base = state;
      this.state = state.copy();
      this.queue = [];
      this.repairs.push('a new farm was begun');
      await this.#write({ put: { genesis } });
    }
    if (this.repairs.length) {
      await this.#write({
        put: { current: this.state.save(), ...(this.base ? { base: this.base.save() } : {}) },
        clearQueue: true, addQueue: this.queue,
      });
    }
  }

  get playerId() { return this.state.playerId; }
  get registered() { return this.account !== null; }

  /** The time of the next action: the game clock, never before the state's last update. */
  now() { return Math.max(this.clock.now(), this.state.lastUpdateMs); }

  /** What the page draws (docs/view.md), at `atMs` (default: now). */
  view(atMs = this.now()) { return this.state.view(atMs); }

  /**
   * Plays one action now: {type, ...fields} without t. Returns the engine's report; an action the
   * engine refuses throws its LlamawoolError and changes nothing.
   */
  act(fields) {
    const action = { t: this.now(), ...fields };
    const report = this.state.apply(action);
    const entry = { seq: this.nextSeq++, action, hashAfter: this.state.hash };
    this.queue.push(entry);
    this.#write({ put: { current: this.state.save() }, addQueue: [entry] });
    this.#changed('action', { action, report });
    return report;
  }

  /**
   * A tick when the last committed action is old enough that the server would soon see the player
   * as offline; its report (offline when the page was frozen for longer than 5 minutes).
   */
  keepOnline() {
    if (this.now() - this.state.lastUpdateMs < TICK_AFTER_MS) return null;
    return this.act({ type: 'tick' });
  }

  /**
   * On load: the advance since the farm was last played, committed as a tick when the player was
   * away (offline, docs/rules.md §5); its report is the "while you were away" report.
   */
  welcomeBack() {
    if (this.now() - this.state.lastUpdateMs <= ONLINE_GAP_MS) return null;
    return this.act({ type: 'tick' }).advance;
  }

  // --- sync -------------------------------------------------------------------------------------

  /**
   * The next batch: the oldest queued actions, at most maxActions, none stamped after horizonMs
   * (actions stamped by a fast device clock wait until the server's clock has passed them).
   * `range` [firstSeq, lastSeq] rebuilds exactly a batch sent before.
   */
  nextBatch({ maxActions, horizonMs, range = null }) {
    if (!this.base) return null;
    let entries;
    if (range) {
      entries = this.queue.filter((e) => e.seq >= range[0] && e.seq <= range[1]);
      if (!entries.length || entries[0] !== this.queue[0] || entries[entries.length - 1].seq !== range[1]) return null;
    } else {
      entries = [];
      for (const e of this.queue) {
        if (entries.length >= maxActions || e.action.t > horizonMs) break;
        entries.push(e);
      }
    }
    if (!entries.length) return null;
    return {
      entries,
      request: { baseHash: this.base.hash, actions: entries.map((e) => e.action), claimedHash: entries[entries.length - 1].hashAfter },
    };
  }

  /** Records the batch about to be sent (its Idempotency-Key), durably, before it is sent. */
  async markInflight(inflight) {
    this.inflight = inflight;
    await this.#write({ put: { inflight: inflight ?? undefined } });
  }

  /**
   * The server accepted a batch: the synced farm moves on by it. False when replaying it here does
   * not give the server's hash (a damaged base or queue): the caller then adopts the server's farm.
   */
  accept(entries, serverHash) {
    const next = this.base.copy();
    try {
      for (const e of entries) next.apply(e.action);
    } catch {
      next.dispose();
      return false;
    }
    if (next.hash !== serverHash || this.queue[0] !== entries[0]) {
      next.dispose();
      return false;
    }
    this.base.dispose();
    this.base = next;
    this.queue.splice(0, entries.length);
    this.inflight = null;
    this.#write({ put: { base: next.save(), inflight: undefined }, deleteQueue: [entries[0].seq, entries[entries.length - 1].seq] });
    this.#changed('synced');
    return true;
  }

  /**
   * The server's farm replaces this one (desync, rejected, rebased, or a repair): the queued actions
   * after `afterSeq` (those not in the batch the server answered) are played again on top of it.
   * Returns {kept, dropped: [{action, code, message}]}. Throws (changing nothing) when the save
   * cannot be read or is another player's.
   */
  adopt(serverSave, { afterSeq = 0 } = {}) {
    const text = typeof serverSave === 'string' ? serverSave : JSON.stringify(serverSave);
    const base = this.engine.loadState(text);
    if (this.account && base.playerId !== this.account.playerId) {
      base.dispose();
      throw new Error(`the server's farm is player ${base.playerId}'s, not ${this.account.playerId}'s`);
    }
    const state = base.copy();
    const kept = [];
    const dropped = [];
    for (const e of this.queue) {
      if (e.seq <= afterSeq) continue;
      try {
        state.apply(e.action);
        kept.push({ seq: e.seq, action: e.action, hashAfter: state.hash });
      } catch (error) {
        dropped.push({ action: e.action, code: error.code, message: error.message });
      }
    }
    this.base?.dispose();
    this.state.dispose();
    this.base = base;
    this.state = state;
    this.queue = kept;
    this.inflight = null;
    this.needsServerFarm = false;
    this.#write({ put: { base: base.save(), current: state.save(), inflight: undefined }, clearQueue: true, addQueue: kept });
    this.#changed('adopted');
    return { kept: kept.length, dropped };
  }

  /** Registration done: the server's player id and token. */
  async setAccount(account) {
    this.account = { playerId: account.playerId, token: account.token };
    await this.#write({ put: { account: this.account } });
  }

  /**
   * The genesis's player id is taken on the server (a registration whose answer was lost): the
   * farm is begun again under a new id at the same moment, and the queue played again on it.
   */
  rekey(newPlayerId = randomPlayerId()) {
    const { genesis, state } = this.#newGenesis(newPlayerId, this.genesis.t0);
    this.genesis = genesis;
    this.#write({ put: { genesis } });
    const result = this.adopt(state.save());
    state.dispose();
    return result;
  }

  async saveClock() {
    await this.#write({ put: { clock: this.clock.toJSON() } });
  }

  // --- storage ----------------------------------------------------------------------------------

  // Writes are chained, so IndexedDB sees them in the order the farm changed.
  #write(change) {
    const p = this.#writes.then(() => this.store.write(change));
    this.#writes = p.catch((error) => {
      this.storageError = error;
      this.#changed('storage-error', { error });
    });
    return p;
  }

  /** Resolves when every change so far is in IndexedDB. */
  flush() { return this.#writes; }

  #changed(kind, detail = {}) {
    this.dispatchEvent(new CustomEvent('change', { detail: { kind, ...detail } }));
  }
}
