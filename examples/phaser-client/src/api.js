// The game server's HTTP API (examples/game-server/openapi.yaml), as the page uses it. Every call
// resolves with {status, body, headers, sentAt, receivedAt} (the device's clock stamps around the
// request, for the game clock) whatever the HTTP status; a server that cannot be reached (network error, timeout, an answer that is not
// the server's JSON) rejects with an Unreachable error.

export class Unreachable extends Error {
  constructor(message) {
    super(message);
    this.name = 'Unreachable';
  }
}

export class Api {
  #base;
  #stamp;
  #timeoutMs;

  /** stamp: the device's clocks (Clock.stamp). */
  constructor({ base = globalThis.location?.origin, stamp = () => ({ device: Date.now(), mono: performance.now() }), timeoutMs = 15000 } = {}) {
    if (!base) throw new Error('Api: base URL missing');
    this.#base = base;
    this.#stamp = stamp;
    this.#timeoutMs = timeoutMs;
  }

  async request(method, path, { token, body, idempotencyKey, keepalive = false } = {}) {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const sentAt = this.#stamp();
    let response;
    try {
      response = await fetch(new URL(path, this.#base), {
        method, headers, body: payload, cache: 'no-store',
        // A tab being hidden may be closed next: the batch is still delivered (64 KiB at most).
        keepalive: keepalive && payload !== undefined && payload.length < 60_000,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new Unreachable(`${method} ${path}: ${error.name === 'TimeoutError' ? `no answer in ${this.#timeoutMs / 1000} s` : error.message}`);
    }
    const receivedAt = this.#stamp();
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('application/json')) {
      // A static file server (the page served alone) answers /v1/... with HTML or a bare 404.
      throw new Unreachable(`${method} ${path}: HTTP ${response.status} ${type || 'without a body type'}, not the game server's JSON`);
    }
    let parsed;
    try {
      parsed = await response.json();
    } catch (error) {
      throw new Unreachable(`${method} ${path}: the answer is not JSON (${error.message})`);
    }
    return { status: response.status, body: parsed, headers: response.headers, sentAt, receivedAt };
  }

  liveOps() { return this.request('GET', '/v1/liveops'); }

  register(pwaSave) { return this.request('POST', '/v1/players', { body: { pwaSave } }); }

  farm({ playerId, token }) { return this.request('GET', `/v1/players/${encodeURIComponent(playerId)}/farm`, { token }); }

  sync({ playerId, token }, request, { idempotencyKey, keepalive } = {}) {
    return this.request('POST', `/v1/players/${encodeURIComponent(playerId)}/sync`, { token, body: request, idempotencyKey, keepalive });
  }
}
