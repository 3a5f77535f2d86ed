// The page's start: the engine (llamawool.wasm), the farm stored in IndexedDB and Phaser load at
// once; the farm is drawn as soon as all three are there, the "while you were away" report is
// shown, and only then do sync and the service worker start (README, "Start-up").
import { createEngine } from 'llamawool';
import { Api } from './api.js';
import { Clock } from './clock.js';
import { Farm } from './farm.js';
import { Store } from './store.js';
import { Syncer, learnServerClock } from './sync.js';

const ui = import('./ui/game.js');  // Phaser: the biggest file, fetched meanwhile

// The ruleset: the engine's embedded one, or the one the page was built with (LLAMAWOOL_RULESET,
// the file the game server is started with): the farm must be played with the server's rules.
const RULESET = __LLAMAWOOL_RULESET__;

function loadEngine() {
  return createEngine(RULESET === null ? undefined : { rulesetJson: RULESET });
}

// Start-up marks (performance.getEntriesByType('mark')): when each part was ready.
async function marked(name, promise) {
  const value = await promise;
  performance.mark(name);
  return value;
}

function say(message) {
  const box = document.getElementById('boot');
  if (box) box.textContent = message;
}

// One tab plays the farm at a time (two would interleave their queues in IndexedDB): a second
// tab waits, and starts when the first one is closed. The lock is held until the page goes.
async function holdFarmLock() {
  if (!navigator.locks) return;
  const got = await new Promise((resolve) => {
    navigator.locks.request('llamawool-farm', { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock === null ? undefined : new Promise(() => {});
    });
  });
  if (got) return;
  say('The farm is open in another tab or window: it starts here when that one is closed.');
  await new Promise((resolve) => {
    navigator.locks.request('llamawool-farm', () => {
      resolve();
      return new Promise(() => {});
    });
  });
  say('Loading the farm…');
}

function fail(error) {
  console.error(error);
  const box = document.getElementById('boot');
  if (box) {
    box.className = 'error';
    box.textContent = `The farm could not start: ${error.message}`;
  }
  window.llamawool.error = error.message;
}

async function start() {
  const [engine, store, { startGame }] = await Promise.all([
    marked('llamawool-engine', loadEngine()), marked('llamawool-storage', Store.open()), marked('llamawool-phaser', ui), holdFarmLock(),
  ]);
  const data = await store.load();
  const clock = new Clock(data.clock ?? {});
  // A first start: the farm begins at the server's clock when a server answers.
  if (data.current === undefined && data.base === undefined) await learnServerClock(new Api({ timeoutMs: 2000, stamp: () => clock.stamp() }), clock);
  const farm = await Farm.open({ engine, store, clock, data });
  const syncer = new Syncer({ farm, api: new Api({ stamp: () => clock.stamp() }), clock });
  const away = farm.welcomeBack();
  performance.mark('llamawool-farm');

  let interactive;
  const ready = new Promise((resolve) => { interactive = resolve; });
  const parent = document.getElementById('game');
  const { scene } = startGame({
    parent, farm, syncer, onError: fail,
    onInteractive: () => {
      document.getElementById('boot')?.remove();
      performance.mark('llamawool-interactive');
      interactive(performance.now());
    },
  });

  Object.assign(window.llamawool, {
    engine, farm, syncer, scene,
    status: () => ({
      playerId: farm.playerId,
      hash: farm.state.hash,
      save: farm.state.save(),
      lastUpdateMs: farm.state.lastUpdateMs,
      queued: farm.queue.length,
      registered: farm.registered,
      sync: { ...syncer.status },
      outcomes: syncer.outcomes.slice(),
      notice: syncer.lastNotice,
      repairs: farm.repairs.slice(),
      clockOffsetMs: clock.offsetMs,
      dialog: scene.dialogs?.open?.title ?? null,
      banner: scene.bannerLine ?? '',
      storageError: farm.storageError?.message ?? null,
    }),
    view: () => farm.view(),
    locate: (name) => scene.locate(name),
    syncNow: () => syncer.sync('request'),
    flush: () => farm.flush(),
  });

  const interactiveMs = await ready;
  window.llamawool.interactiveMs = interactiveMs;
  if (farm.repairs.length) scene.showMessage('Your stored farm was repaired', `${farm.repairs.join('.\n')}.`);
  if (away) scene.showWelcomeBack(away);
  syncer.start();
  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    navigator.serviceWorker.register('sw.js').catch((error) => console.warn('service worker:', error.message));
  }
  return interactiveMs;
}

// The page's handle for the console and for automation (the tests drive the page through it and
// through real clicks on the canvas).
window.llamawool = { error: null };
window.llamawool.ready = start().catch((error) => { fail(error); throw error; });
