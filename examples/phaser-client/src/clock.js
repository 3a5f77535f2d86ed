// The game's clock: the server's time as this device estimates it (README, "Clock").
//
// Every action carries a time, and the server refuses one more than 5 s after its own clock
// (`time_in_future`). So the page never stamps actions with the device's clock alone: every
// answer of the server carries serverTimeMs, and the clock keeps
//   - offset = serverTimeMs - the device time at the middle of the request, stored with the farm,
//     so a reload without a server still uses the last one known;
//   - an anchor on the monotonic clock (performance.now) for this page's life, which a change of
//     the device's clock does not move.
// now() is the earlier of the two estimates: a device clock stepped forward after the last answer
// is caught by the anchor, and a monotonic clock that stood still while the device slept is caught
// by the offset. Running behind is safe (the farm clamps its actions to its last update; the next
// answer corrects it); running ahead is what the server refuses. The error of an estimate is at
// most half the round trip.
export class Clock {
  #offsetMs;
  #known;
  #anchor = null;  // {serverMs, mono}
  #deviceNow;
  #monoNow;

  /** deviceNow: the device clock (Date.now); monoNow: a monotonic one (performance.now). */
  constructor({ offsetMs = 0, known = false, deviceNow = () => Date.now(), monoNow = () => performance.now() } = {}) {
    if (!Number.isFinite(offsetMs)) throw new RangeError(`offsetMs: must be a finite number, got ${offsetMs}`);
    this.#offsetMs = offsetMs;
    this.#known = known;
    this.#deviceNow = deviceNow;
    this.#monoNow = monoNow;
  }

  /** The estimated server time, whole ms. */
  now() {
    const byOffset = this.#deviceNow() + this.#offsetMs;
    if (!this.#anchor) return Math.floor(byOffset);
    return Math.floor(Math.min(byOffset, this.#anchor.serverMs + (this.#monoNow() - this.#anchor.mono)));
  }

  /** Both clocks of the device now, to time a request. */
  stamp() { return { device: this.#deviceNow(), mono: this.#monoNow() }; }

  get offsetMs() { return this.#offsetMs; }

  /** True once a server answer has been seen (on this device, ever). */
  get known() { return this.#known; }

  /**
   * A server's answer: serverTimeMs at the server, the request sent and answered at the device's
   * stamps `sent` and `received`. Returns true when the stored offset should be saved (it moved
   * by more than a second, or it is the first).
   */
  observe(serverTimeMs, sent, received) {
    if (!Number.isSafeInteger(serverTimeMs) || serverTimeMs < 0) throw new RangeError(`serverTimeMs: must be a time in ms, got ${serverTimeMs}`);
    const device = (sent.device + Math.max(sent.device, received.device)) / 2;
    const mono = (sent.mono + Math.max(sent.mono, received.mono)) / 2;
    const offset = serverTimeMs - device;
    const moved = !this.#known || Math.abs(offset - this.#offsetMs) > 1000;
    this.#offsetMs = offset;
    this.#known = true;
    this.#anchor = { serverMs: serverTimeMs, mono };
    return moved;
  }

  toJSON() { return { offsetMs: this.#offsetMs, known: this.#known }; }
}
