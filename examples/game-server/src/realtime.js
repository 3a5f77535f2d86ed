// The WebSocket channel (GET /v1/ws): sync over WS, and pushes of leaderboard changes and of
// live-ops event starts and ends. Messages are JSON objects with a "type" (README.md, "WebSocket").
import { HttpError, fieldFromPointer, gotValue, illFormedUnicode } from './errors.js';
import { watchEventBoundaries } from './event-boundaries.js';
import { BOARDS } from './storage/storage.js';
import { loadOpenApi, makeAjv, ref } from './openapi.js';

const AUTH_TIMEOUT_MS = 10_000;
const LEADERBOARD_TOP = 10;
const MAX_ID_LENGTH = 128;

// What is wrong with a sync message's id (what it is), or null if it is absent, a string of at most
// MAX_ID_LENGTH characters or a finite number.
function badId(id) {
  if (id === undefined) return null;
  if (typeof id === 'string') return id.length <= MAX_ID_LENGTH ? null : `string of ${id.length} characters`;
  if (typeof id === 'number') return Number.isFinite(id) ? null : `number ${id}`;
  if (id === null) return 'null';
  return Array.isArray(id) ? 'array' : typeof id;
}

export function attachRealtime(app, { game, metrics, peers, authenticate, spendBudget, options }) {
  const validateSync = makeAjv(loadOpenApi()).compile(ref('/components/schemas/SyncRequest'));
  const clients = new Set();
  const sendText = (socket, text) => { if (socket.readyState === 1) socket.send(text); };
  const send = (socket, message) => sendText(socket, JSON.stringify(message));
  const broadcast = (message) => {
    for (const c of clients) if (c.playerId) send(c.socket, message);
    metrics.wsPushes.inc({ type: message.type });
  };

  // The upgrade request is rate-limited like any request (per token, or per address without one).
  app.get('/v1/ws', { websocket: true }, (socket, request) => {
    // `authorization`: the header whose token's budget the messages spend once authenticated;
    // `window`, `count`: the connection's own budget until then.
    const client = { socket, playerId: null, authorization: null, window: 0, count: 0 };
    clients.add(client);
    metrics.wsConnections.inc();
    const error = (e, id) => send(socket, { type: 'error', ...(id !== undefined ? { id } : {}), ...e.body });
    const welcome = (playerId, authorization) => {
      client.playerId = playerId;
      client.authorization = authorization;
      const now = game.clock();
      send(socket, { type: 'welcome', playerId, liveops: game.liveOps(now), serverTimeMs: now });
    };
    const authTimer = setTimeout(() => {
      if (!client.playerId) { error(new HttpError(401, 'unauthorized', 'auth: no token within 10 s')); socket.close(4401, 'unauthorized'); }
    }, AUTH_TIMEOUT_MS);
    let pending = Promise.resolve();
    if (request.headers.authorization) {
      pending = authenticate(request).then((playerId) => welcome(playerId, request.headers.authorization),
        (e) => { error(e); socket.close(4401, 'unauthorized'); });
    }
    socket.on('close', () => { clients.delete(client); clearTimeout(authTimer); metrics.wsConnections.dec(); });
    socket.on('message', (data) => {
      // Messages of one connection are handled in order.
      pending = pending.then(() => handle(data)).catch((e) => error(e instanceof HttpError ? e : new HttpError(500, 'internal_error', 'internal error')));
    });

    // Every message spends one unit of the budget, whatever it holds (not JSON, unknown type);
    // null when within it, else the 429 to answer.
    async function spend() {
      let over;
      if (client.authorization !== null) {
        over = await spendBudget(client.authorization);
      } else {
        const now = Date.now();
        if (now - client.window >= 60_000) { client.window = now; client.count = 0; }
        if (++client.count > options.rateLimitPerMinute) {
          over = { max: options.rateLimitPerMinute, retryS: Math.ceil((client.window + 60_000 - now) / 1000) };
        }
      }
      return over ? new HttpError(429, 'too_many_requests',
        `rate limit: more than ${over.max} requests and WebSocket messages in a minute; retry in ${over.retryS} s`) : null;
    }

    async function handle(data) {
      const overLimit = await spend();
      let message;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch (e) {
        if (overLimit) throw overLimit;
        throw new HttpError(400, 'invalid_json', `message: not valid JSON: ${e.message}`);
      }
      if (overLimit) {
        // A sync is answered as a sync (with its id, when it has a valid one), so a client waiting
        // for that id gets its answer.
        if (message?.type === 'sync' && client.playerId && !badId(message.id)) {
          send(socket, { type: 'sync.result', id: message.id, status: 429, body: overLimit.body });
          return;
        }
        throw overLimit;
      }
      if (message === null || typeof message !== 'object' || typeof message.type !== 'string') {
        throw new HttpError(400, 'invalid_request', 'type: missing required field', 'type');
      }
      if (message.type === 'auth') {
        if (client.playerId) throw new HttpError(400, 'invalid_request', 'auth: authenticated already', 'type');
        if (typeof message.token !== 'string') throw new HttpError(400, 'invalid_request', 'token: must be a string', 'token');
        try {
          const authorization = `Bearer ${message.token}`;
          welcome(await authenticate({ headers: { authorization } }), authorization);
        } catch (e) {
          error(e);
          socket.close(4401, 'unauthorized');
        }
        return;
      }
      if (!client.playerId) throw new HttpError(401, 'unauthorized', 'auth: send {"type":"auth","token":...} first (or connect with an Authorization header)');
      if (message.type !== 'sync') throw new HttpError(400, 'invalid_request', `type: unknown message type ${JSON.stringify(message.type)}`, 'type');
      const { id, request: syncRequest, idempotencyKey } = message;
      // The id is echoed in the answer: checked first, so that an id the answer cannot carry (a
      // deep array whose JSON.stringify overflows the stack) is refused before the sync is stored.
      const idProblem = badId(id);
      if (idProblem) {
        send(socket, { type: 'sync.result', status: 400, body: new HttpError(400, 'invalid_request',
          `id: must be a string of at most ${MAX_ID_LENGTH} characters or a finite number, got ${idProblem}`, 'id').body });
        return;
      }
      try {
        if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(idempotencyKey))) {
          throw new HttpError(400, 'invalid_request', 'idempotencyKey: must be 1-128 printable ASCII characters', 'idempotencyKey');
        }
        const illFormed = illFormedUnicode(syncRequest, 'request', 'actions');
        if (illFormed) throw illFormed;
        if (!validateSync(syncRequest)) {
          const first = validateSync.errors[0];
          let field = fieldFromPointer(first.instancePath, 'request');
          if (first.keyword === 'required') field += `.${first.params.missingProperty}`;
          if (first.keyword === 'additionalProperties') field += `.${first.params.additionalProperty}`;
          const inAction = /^\/actions\/[0-9]+/.test(first.instancePath);
          const code = !inAction ? 'invalid_request' : first.keyword === 'enum' && /\/type$/.test(first.instancePath) ? 'unknown_action' : 'malformed';
          throw new HttpError(400, code, `${field}: ${first.message}${gotValue(first)}`, field);
        }
        const { body, replayed } = await game.sync(client.playerId, syncRequest, idempotencyKey);
        // The body is the JSON text the HTTP route answers: spliced in, not parsed and written again.
        sendText(socket, `{"type":"sync.result",${id === undefined ? '' : `"id":${JSON.stringify(id)},`}"status":200,"replayed":${replayed},"body":${body}}`);
      } catch (e) {
        const http = e instanceof HttpError ? e : new HttpError(500, 'internal_error', 'internal error');
        send(socket, { type: 'sync.result', id, status: http.status, body: http.body });
      }
    }
  });

  // Leaderboard pushes: when a player's scores change, the boards are looked at again (at most
  // every `leaderboardPushMs`) and their top 10 pushed to every client if it changed. Changes
  // made by the other workers (--workers) arrive through the primary, at most one message per
  // worker and interval.
  let dirty = false;
  let changedHere = false;
  const lastTop = new Map();
  const leaderboardTimer = setInterval(async () => {
    if (changedHere) {
      changedHere = false;
      peers.publishScores();
    }
    if (!dirty || clients.size === 0) return;
    dirty = false;
    for (const board of BOARDS) {
      try {
        const { entries, serverTimeMs } = await game.top(board, LEADERBOARD_TOP);
        const text = JSON.stringify(entries);
        if (lastTop.get(board) === text) continue;
        lastTop.set(board, text);
        broadcast({ type: 'leaderboard', board, entries, serverTimeMs });
      } catch {
        dirty = true;  // the storage failed now: try again next time
      }
    }
  }, options.leaderboardPushMs);
  leaderboardTimer.unref();
  game.onScores = () => { dirty = true; changedHere = true; };
  peers.onScores(() => { dirty = true; });

  // Live-ops: the start and the end of each event, pushed when the server's clock reaches them.
  const stopEvents = watchEventBoundaries({
    events: game.events,
    clock: game.clock,
    onBoundary: (phase, event, now) => broadcast({ type: 'event', phase, event, serverTimeMs: now }),
    onError: (error) => app.log.error(error, 'live-ops push failed'),
  });

  return {
    close() {
      clearInterval(leaderboardTimer);
      stopEvents();
      for (const c of clients) c.socket.terminate();
    },
  };
}
