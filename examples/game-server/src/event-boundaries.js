// Live-ops event starts and ends, on the server's clock: one timer, armed for the next boundary.
// Each boundary is reported once, when the clock has reached it, however the timer fires.
//
// Why the timer is armed from `checkedUpTo` and not from a fresh clock reading: Node's timers run
// on libuv's monotonic millisecond clock, so one can fire a millisecond before Date.now() reaches
// the boundary. A boundary then lies between the time the callback read and the time it re-armed
// at, and re-arming "for the next boundary after now" skipped it: the end of a live-ops event was
// then never pushed (test/event-boundaries.test.mjs; it failed the API suite now and then).
const MAX_TIMER_MS = 2 ** 31 - 1;  // setTimeout's longest delay; a later boundary re-arms on the way

/**
 * Calls `onBoundary(phase, event, now)` ('start' or 'end') for each boundary of `events` in
 * (the clock at the call, the clock at the timer], then re-arms. Returns `stop()`.
 * A report that throws goes to `onError`; the other reports and the timer go on.
 * `clock` and `timers` are the server's (Date.now, global timers); tests pass their own.
 */
export function watchEventBoundaries({ events, clock, onBoundary, onError, timers = globalThis }) {
  let checkedUpTo = clock();
  let timer = null;
  let stopped = false;

  const arm = () => {
    if (stopped) return;
    let next = Infinity;
    for (const e of events) {
      if (e.startMs > checkedUpTo) next = Math.min(next, e.startMs);
      if (e.endMs > checkedUpTo) next = Math.min(next, e.endMs);
    }
    if (next === Infinity) return;
    timer = timers.setTimeout(fire, Math.min(Math.max(next - clock(), 0), MAX_TIMER_MS));
    timer?.unref?.();
  };

  function fire() {
    timer = null;
    const from = checkedUpTo;
    const now = clock();
    // A wall clock set back does not report a boundary twice: nothing is reported until it is
    // past the time already checked.
    if (now > from) {
      checkedUpTo = now;
      const report = (phase, e) => {
        try {
          onBoundary(phase, e, now);
        } catch (error) {
          onError(error);
        }
      };
      for (const e of events) {
        if (e.startMs > from && e.startMs <= now) report('start', e);
        if (e.endMs > from && e.endMs <= now) report('end', e);
      }
    }
    arm();
  }

  arm();
  return () => {
    stopped = true;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
}
