// The live-ops timer (src/event-boundaries.js): every event start and end is reported once, when
// the server's clock has reached it, whether the timer fires early, late or on time, and whatever
// the clock does while the callback runs. The API suite checks the pushes over a real WebSocket;
// here the clock and the timers are the test's, so the cases that happen now and then are certain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchEventBoundaries } from '../src/event-boundaries.js';
import { SplitMix64 } from '../bench/bot.mjs';

// One pending timer at a time, as the watcher keeps it; `fire()` runs it.
function fakeTimers() {
  const t = {
    pending: null,
    setTimeout(fn, delay) { t.pending = { fn, delay, unref() {} }; return t.pending; },
    clearTimeout(handle) { if (t.pending === handle) t.pending = null; },
    fire() { const { fn } = t.pending; t.pending = null; fn(); },
  };
  return t;
}

test('a timer that fires a millisecond early, and a clock that ticks while it runs: the end is still reported', () => {
  const events = [{ id: 'double_wool_minute', startMs: 100, endMs: 200 }];
  let reads = [0];  // the clock's next readings; the last one repeats
  const clock = () => (reads.length > 1 ? reads.shift() : reads[0]);
  const timers = fakeTimers();
  const seen = [];
  watchEventBoundaries({ events, clock, timers, onBoundary: (phase, e, now) => seen.push([phase, e.id, now]) });
  assert.equal(timers.pending.delay, 100);
  reads = [100];
  timers.fire();
  assert.deepEqual(seen, [['start', 'double_wool_minute', 100]]);
  assert.equal(timers.pending.delay, 100);
  // Node's timers run on libuv's monotonic clock: this one fires when Date.now() still says 199,
  // and the clock says 200 by the time the timer is armed again.
  reads = [199, 200];
  timers.fire();
  assert.deepEqual(seen, [['start', 'double_wool_minute', 100]], 'nothing has ended at 199');
  assert.ok(timers.pending, 'the end at 200 is still ahead of what was checked: a timer is armed for it');
  assert.equal(timers.pending.delay, 0);
  timers.fire();
  assert.deepEqual(seen, [['start', 'double_wool_minute', 100], ['end', 'double_wool_minute', 200]]);
  assert.equal(timers.pending, null, 'no boundary left: no timer');
});

test('random schedules, early and late timers, a clock that ticks and is set back: each boundary once, never before its time', () => {
  for (let seed = 1; seed <= 200; ++seed) {
    const rng = new SplitMix64(seed);
    const events = Array.from({ length: rng.range(1, 6) }, (_, k) => {
      const startMs = rng.range(-50, 400);
      return { id: `e${k}`, startMs, endMs: startMs + rng.range(1, 300) };
    });
    let real = 0;       // the monotonic time the timers run on
    let offset = 0;     // the wall clock's difference from it: set back or forward now and then
    const readings = [];
    const clock = () => {
      real += rng.range(0, 1);
      if (rng.chance(3)) offset += rng.range(-5, 5);
      readings.push(real + offset);
      return real + offset;
    };
    const timers = fakeTimers();
    const seen = [];
    watchEventBoundaries({ events, clock, timers, onBoundary: (phase, e, now) => seen.push({ phase, e, now }) });
    const startedAt = readings[0];  // the watcher's first reading: what it reports comes after
    for (let fired = 0; timers.pending; ++fired) {
      assert.ok(fired < 100_000, `seed ${seed}: the timer never stops`);
      // A timer fires up to 2 ms early or up to 30 ms late, never before it was armed.
      real = Math.max(real, real + timers.pending.delay + rng.range(-2, 30));
      timers.fire();
    }
    const expected = events.flatMap((e) => [['start', e, e.startMs], ['end', e, e.endMs]])
      .filter(([, , at]) => at > startedAt);
    for (const [phase, e, at] of expected) {
      const reports = seen.filter((s) => s.phase === phase && s.e === e);
      assert.equal(reports.length, 1, `seed ${seed}: ${e.id} ${phase} at ${at} reported ${reports.length} times`);
      assert.ok(reports[0].now >= at, `seed ${seed}: ${e.id} ${phase} at ${at} reported at ${reports[0].now}`);
    }
    assert.equal(seen.length, expected.length, `seed ${seed}: only the boundaries after the start are reported`);
    for (let k = 1; k < seen.length; ++k) assert.ok(seen[k].now >= seen[k - 1].now, `seed ${seed}: reports in time order`);
  }
});

test('a wall clock set back after a start was reported: the start is not reported again, the end is', () => {
  const events = [{ id: 'summer_fair', startMs: 100, endMs: 200 }];
  let now = 0;
  const timers = fakeTimers();
  const seen = [];
  watchEventBoundaries({ events, clock: () => now, timers, onBoundary: (phase, e, at) => seen.push([phase, at]) });
  now = 100;
  timers.fire();
  now = 50;  // NTP, or an operator, sets the clock back by 50 ms
  timers.fire();
  assert.deepEqual(seen, [['start', 100]]);
  assert.equal(timers.pending.delay, 150, 'armed for the end, not for the start again');
  now = 200;
  timers.fire();
  assert.deepEqual(seen, [['start', 100], ['end', 200]]);
});

test('a boundary beyond the longest setTimeout delay: the timer is armed for the longest, then again', () => {
  const day = 86_400_000;
  const events = [{ id: 'autumn_harvest', startMs: 30 * day, endMs: 31 * day }];
  let now = 0;
  const timers = fakeTimers();
  const seen = [];
  watchEventBoundaries({ events, clock: () => now, timers, onBoundary: (phase) => seen.push(phase) });
  assert.equal(timers.pending.delay, 2 ** 31 - 1);
  now = 2 ** 31 - 1;
  timers.fire();
  assert.deepEqual(seen, []);
  assert.equal(timers.pending.delay, 30 * day - now);
  now = 30 * day;
  timers.fire();
  assert.deepEqual(seen, ['start']);
});

test('a report that throws goes to onError; the other reports and the timer go on; stop() stops it', () => {
  const events = [{ id: 'a', startMs: 10, endMs: 20 }, { id: 'b', startMs: 10, endMs: 30 }];
  let now = 0;
  const timers = fakeTimers();
  const seen = [];
  const errors = [];
  const stop = watchEventBoundaries({
    events, clock: () => now, timers,
    onBoundary: (phase, e) => { seen.push(`${e.id} ${phase}`); if (seen.length === 1) throw new Error('a socket failed'); },
    onError: (error) => errors.push(error.message),
  });
  now = 10;
  timers.fire();
  assert.deepEqual(seen, ['a start', 'b start']);
  assert.deepEqual(errors, ['a socket failed']);
  assert.equal(timers.pending.delay, 10, 'armed again for the end at 20');
  now = 20;
  timers.fire();
  assert.deepEqual(seen, ['a start', 'b start', 'a end']);
  stop();
  assert.equal(timers.pending, null);
});
