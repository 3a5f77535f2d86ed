// Sync with the game server (README, "Sync"): the queue goes up in batches, on a timer, when the
// tab is hidden and when the device comes back online; every outcome of the server's replay is
// handled. The game is played locally all the same: no server, a server that is down, or one that
// answers slowly never stops the player.
import { Unreachable } from './api.js';

export const SYNC_INTERVAL_MS = 15_000;
export const MAX_BATCH = 500;         // the server takes 1000 actions and 256 KiB a request
export const HORIZON_MARGIN_MS = 2_000;  // the server refuses actions more than 5 s after its now

/** A problem that syncing cannot get past on its own (another ruleset, an unknown player). */
class Halt extends Error {}

function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A first start: asks the server's time (GET /v1/liveops, a short wait) so the farm begins at the
 * server's clock, not at a device clock that may be fast. True when a server answered.
 */
export async function learnServerClock(api, clock) {
  try {
    const r = await api.liveOps();
    if (r.status === 200 && Number.isSafeInteger(r.body.serverTimeMs)) {
      clock.observe(r.body.serverTimeMs, r.sentAt, r.receivedAt);
      return true;
    }
  } catch (error) {
    if (!(error instanceof Unreachable)) throw error;
  }
  return false;  // no server: the device's clock until one answers
}

const errorOf = (body) => body?.error ?? { code: 'unknown', message: JSON.stringify(body).slice(0, 200) };

export class Syncer extends EventTarget {
  farm;
  api;
  clock;
  intervalMs;
  maxBatch;
  /** {state, message, lastOutcome, lastSyncedAtMs, serverHash}: what the page shows. */
  status = { state: 'starting', message: 'looking for the game server', lastOutcome: null, lastSyncedAtMs: null, serverHash: null };
  /** The last thing the player must be told (an outcome that changed the farm). */
  lastNotice = null;
  /** The outcomes of the last 50 batches, oldest first. */
  outcomes = [];
  #connected = false;
  #halted = null;
  #retryAt = 0;
  #running = null;
  #again = null;
  #timer = null;

  constructor({ farm, api, clock, intervalMs = SYNC_INTERVAL_MS, maxBatch = MAX_BATCH }) {
    super();
    this.farm = farm;
    this.api = api;
    this.clock = clock;
    this.intervalMs = intervalMs;
    this.maxBatch = maxBatch;
  }

  /** Syncs now and then: every intervalMs, when the tab is hidden, when the device is back online. */
  start() {
    this.#timer = setInterval(() => this.sync('timer'), this.intervalMs);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.sync('hidden');
    });
    addEventListener('online', () => this.sync('online'));
    return this.sync('start');
  }

  stop() { clearInterval(this.#timer); }

  /** One sync run (runs are never concurrent: a request during a run gets one more run after it). */
  sync(reason = 'request') {
    if (this.#running) {
      this.#again ??= this.#running.then(() => this.sync(reason));
      return this.#again;
    }
    this.#again = null;
    this.#running = this.#run(reason).finally(() => { this.#running = null; });
    return this.#running;
  }

  #setStatus(patch) {
    Object.assign(this.status, patch);
    this.dispatchEvent(new CustomEvent('status', { detail: this.status }));
  }

  #notice(kind, text, extra = {}) {
    this.lastNotice = { kind, text, ...extra, atMs: this.clock.now() };
    this.dispatchEvent(new CustomEvent('notice', { detail: this.lastNotice }));
  }

  async #observe(r) {
    if (typeof r.body?.serverTimeMs === 'number' && this.clock.observe(r.body.serverTimeMs, r.sentAt, r.receivedAt)) {
      await this.farm.saveClock();
    }
  }

  async #run(reason) {
    if (this.#halted) return this.status;
    if (reason === 'timer' && Date.now() < this.#retryAt) return this.status;
    if (globalThis.navigator?.onLine === false) {
      this.#connected = false;
      this.#setStatus({ state: 'offline', message: 'the device is offline' });
      return this.status;
    }
    const keepalive = reason === 'hidden';
    try {
      if (!this.#connected) await this.#probe();
      if (!this.farm.registered && !(await this.#register())) return this.status;
      if (this.farm.needsServerFarm) {
        await this.#adoptServerFarm('the stored farm could not be read', 0);
        if (this.farm.needsServerFarm) return this.status;  // asked to wait (429)
      }
      this.#setStatus({ state: 'syncing', message: '' });
      while (await this.#syncBatch(keepalive)) { /* next batch */ }
      if (this.status.state === 'syncing') {
        this.#setStatus({ state: 'synced', message: '', lastSyncedAtMs: this.clock.now() });
      }
    } catch (error) {
      if (error instanceof Unreachable) {
        this.#connected = false;
        this.#setStatus({ state: this.farm.registered ? 'offline' : 'no-server', message: error.message });
      } else if (error instanceof Halt) {
        this.#halted = error.message;
        this.#setStatus({ state: 'halted', message: error.message });
      } else {
        console.error('sync:', error);
        this.#setStatus({ state: 'error', message: error.message });
      }
    }
    return this.status;
  }

  // The server's clock and ruleset (GET /v1/liveops answers without a token).
  async #probe() {
    const r = await this.api.liveOps();
    if (r.status !== 200 || typeof r.body.rulesetId !== 'string') throw new Unreachable(`GET /v1/liveops: HTTP ${r.status}`);
    await this.#observe(r);
    const mine = this.farm.engine.rulesetId;
    if (r.body.rulesetId !== mine) {
      throw new Halt(`the server plays the ruleset "${r.body.rulesetId}" and this page "${mine}": the farm is not synced`);
    }
    this.#connected = true;
  }

  // The farm's first contact: registered with its genesis (a GameSave with no progress, which the
  // server imports into the very state this page began from). False when it must wait.
  async #register() {
    const { t0, pwaSave } = this.farm.genesis;
    if (t0 > this.clock.now() + HORIZON_MARGIN_MS) {
      this.#setStatus({ state: 'waiting', message: `this farm began ${Math.ceil((t0 - this.clock.now()) / 1000)} s after the server's now (the device clock was fast): registering when the server's clock gets there` });
      return false;
    }
    const r = await this.api.register(pwaSave);
    await this.#observe(r);
    if (r.status === 201) {
      await this.farm.setAccount(r.body);
      if (r.body.stateHash !== this.farm.base.hash) {
        const { dropped } = this.farm.adopt(r.body.save, { afterSeq: 0 });
        this.#notice('adopted', `the server began this farm differently (${r.body.stateHash}); your actions were played again on its farm${dropped.length ? `, ${dropped.length} could not be` : ''}`);
      }
      this.#setStatus({ serverHash: r.body.stateHash });
      return true;
    }
    const error = errorOf(r.body);
    if (r.status === 409 && error.code === 'player_exists') {
      // Registered before, but the answer (and its token) never arrived: begin again under a new id.
      this.farm.rekey();
      return this.#register();
    }
    this.#refusal(r, 'registration');
    return false;
  }

  // HTTP refusals that are not the engine's outcomes.
  #refusal(r, what) {
    const error = errorOf(r.body);
    if (r.status === 429) {
      const after = Number(r.headers.get('retry-after'));
      this.#retryAt = Date.now() + (Number.isFinite(after) && after > 0 ? after * 1000 : 60_000);
      this.#setStatus({ state: 'waiting', message: `${what}: too many requests, retrying later` });
      return;
    }
    if (r.status >= 500) throw new Unreachable(`${what}: HTTP ${r.status} ${error.code}: ${error.message}`);
    throw new Halt(`${what}: the server refused (${r.status} ${error.code}: ${error.message})`);
  }

  async #adoptServerFarm(why, afterSeq) {
    const r = await this.api.farm(this.farm.account);
    await this.#observe(r);
    if (r.status !== 200) return this.#refusal(r, 'reading the farm');
    const { dropped } = this.farm.adopt(r.body.save, { afterSeq });
    this.#notice('adopted', `${why}: the server's farm was adopted${dropped.length ? ` (${dropped.length} later actions no longer applied)` : ''}`);
    this.#setStatus({ serverHash: r.body.stateHash });
    return true;
  }

  // One batch; true when there may be more to send.
  async #syncBatch(keepalive) {
    const farm = this.farm;
    let batch = null;
    let key = null;
    if (farm.inflight) {
      // A batch sent before the page was closed, its answer unknown: the same batch with the same
      // key, which the server answers from its record if it applied it.
      batch = farm.nextBatch({ range: [farm.inflight.firstSeq, farm.inflight.lastSeq] });
      key = farm.inflight.key;
      if (!batch) await farm.markInflight(null);
    }
    if (!batch) {
      batch = farm.nextBatch({ maxActions: this.maxBatch, horizonMs: this.clock.now() + HORIZON_MARGIN_MS });
      if (!batch) {
        if (farm.queue.length) {
          this.#setStatus({ state: 'waiting', message: `${farm.queue.length} actions are stamped after the server's now (the device clock was fast): they wait for it` });
        }
        return false;
      }
      key = newKey();
      await farm.markInflight({ key, firstSeq: batch.entries[0].seq, lastSeq: batch.entries[batch.entries.length - 1].seq });
    }
    const r = await this.api.sync(farm.account, batch.request, { idempotencyKey: key, keepalive });
    await this.#observe(r);
    if (r.status === 200) return this.#outcome(batch, r.body);
    const error = errorOf(r.body);
    if (r.status === 409 && error.code === 'idempotency_key_reused') {
      await farm.markInflight(null);
      return true;
    }
    if (r.status === 413) {
      this.maxBatch = Math.max(1, Math.floor(batch.entries.length / 2));
      await farm.markInflight(null);
      return true;
    }
    if (r.status === 400) {
      // The server refuses the batch itself (a damaged queue): its farm, without the batch.
      await farm.markInflight(null);
      await this.#adoptServerFarm(`the server refused the batch (${error.code}: ${error.message})`, batch.entries[batch.entries.length - 1].seq);
      return true;
    }
    this.#refusal(r, 'sync');
    return false;
  }

  #outcome(batch, body) {
    const farm = this.farm;
    const lastSeq = batch.entries[batch.entries.length - 1].seq;
    const n = batch.entries.length;
    this.#setStatus({ lastOutcome: body.outcome, serverHash: body.stateHash });
    this.outcomes = [...this.outcomes.slice(-49), body.outcome];
    this.dispatchEvent(new CustomEvent('outcome', { detail: { outcome: body.outcome, actions: n, applied: body.applied } }));
    switch (body.outcome) {
      case 'accepted':
        if (!farm.accept(batch.entries, body.stateHash)) {
          // The server agrees with the claim but this page cannot replay it (damaged storage).
          return this.#adoptServerFarm('the synced farm stored here does not replay', lastSeq).then(() => true);
        }
        return true;
      case 'desync': {
        const { dropped } = farm.adopt(body.state, { afterSeq: lastSeq });
        this.#notice('desync', `the server's replay of your last ${n} actions gave another farm (${body.stateHash}, not ${batch.request.claimedHash}): the server's farm was adopted${dropped.length ? `, ${dropped.length} later actions no longer applied` : ''}`);
        return true;
      }
      case 'rejected': {
        const { dropped } = farm.adopt(body.state, { afterSeq: lastSeq });
        const why = body.rejected ? `action ${body.rejected.index + 1} of ${n}: ${body.rejected.status}: ${body.rejected.message}` : 'an action';
        this.#notice('rejected', `the server refused ${why}. Your farm was rolled back to the server's (${body.applied} of ${n} actions kept)${dropped.length ? `; ${dropped.length} later actions no longer applied` : ''}`, { rejected: body.rejected });
        return true;
      }
      case 'rebased': {
        const { kept, dropped } = farm.adopt(body.state, { afterSeq: lastSeq });
        this.#notice('rebased', `the server's farm had moved on (another device?): ${body.applied} of your ${n} actions were played on it${kept ? `, ${kept} later ones re-queued on top` : ''}${dropped.length ? `, ${dropped.length} no longer applied` : ''}`);
        return true;
      }
      default:
        throw new Halt(`sync: an outcome this page does not know: ${JSON.stringify(body.outcome)}`);
    }
  }
}
