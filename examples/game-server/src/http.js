// The HTTP API (openapi.yaml) on fastify: routes, bearer tokens, rate limits, body limits, the
// schemas of openapi.yaml, and one error shape for every refusal.
import Fastify, { LogController } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HttpError, fieldFromPointer, gotValue, illFormedUnicode } from './errors.js';
import { TOKEN_PREFIX, tokenHash } from './game.js';
import { loadOpenApi, routeSchema, validatorCompiler } from './openapi.js';
import { attachRealtime } from './realtime.js';

const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);
const KiB = 1024;

// Body limits by route: a sync batch has at most 1000 actions (a few dozen bytes each), a PWA save
// a few KiB; everything else has no body.
const BODY_LIMITS = { register: 256 * KiB, sync: 256 * KiB, other: 1 * KiB };

// The engine's codes for what the schema refuses: inside an action, what the engine calls a
// malformed action (or an unknown action type); elsewhere, a request that breaks its format.
function validationError(error, context, routeUrl) {
  const first = error.validation[0];
  const pointer = first.instancePath ?? '';
  let field;
  if (context === 'headers') field = 'Idempotency-Key';
  else field = fieldFromPointer(pointer);
  if (first.keyword === 'required') field = field ? `${field}.${first.params.missingProperty}` : first.params.missingProperty;
  if (first.keyword === 'additionalProperties') field = field ? `${field}.${first.params.additionalProperty}` : first.params.additionalProperty;
  let code = 'invalid_request';
  if (routeUrl.endsWith('/sync') && context === 'body' && /^\/actions\/[0-9]+/.test(pointer)) {
    code = first.keyword === 'enum' && /^\/actions\/[0-9]+\/type$/.test(pointer) ? 'unknown_action' : 'malformed';
  }
  let what = first.message;
  if (first.keyword === 'additionalProperties') what = 'unknown field';
  if (first.keyword === 'required') what = 'missing required field';
  if (first.keyword === 'enum') what = `must be one of ${first.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return new HttpError(400, code, `${field || context}: ${what}${gotValue(first)}`, field || undefined);
}

// The SHA-256 of a request's Authorization header (of the token alone when it is "Bearer <token>",
// the form the store keeps), computed once a request: the rate limit keys on it, and
// authentication looks the token up by it.
const tokenHashes = new WeakMap();
function headerTokenHash(request) {
  let key = tokenHashes.get(request);
  if (key === undefined) {
    const header = request.headers.authorization;
    key = tokenHash(header.startsWith('Bearer ') ? header.slice(7) : header);
    tokenHashes.set(request, key);
  }
  return key;
}

function toHttpError(error, request) {
  if (error instanceof HttpError) return error;
  if (error.validation) return validationError(error, error.validationContext, request.routeOptions?.url ?? '');
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'body_too_large', `body: larger than the ${request.routeOptions?.config?.bodyLimitText ?? 'allowed'} this route accepts`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported_media_type', `Content-Type: must be application/json, got ${JSON.stringify(request.headers['content-type'] ?? '')}`, 'Content-Type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'invalid_json', 'body: empty, but Content-Type says application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError(400, 'invalid_json', `body: not valid JSON: ${error.message}`);
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new HttpError(400, 'invalid_json', `body: not valid JSON: ${error.message}`);
  if (error.statusCode >= 400 && error.statusCode < 500) return new HttpError(error.statusCode, 'invalid_request', error.message);
  return null;  // a bug: answered 500 and logged
}

export async function buildApp({ game, metrics, peers, options, logger }) {
  const doc = loadOpenApi();
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMITS.other,
    trustProxy: false,
    // Graceful shutdown: close() stops listening and closes idle connections, and waits for the
    // requests in flight (a sync's write and its answer); a request that arrives meanwhile on an
    // open connection is served too (with Connection: close), not refused half-way.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    // No log line per request (two lines a request cost throughput); errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    // A path the router cannot take apart is refused in the app's error shape, not fastify's.
    frameworkErrors: (error, request, reply) => {
      const path = JSON.stringify(request.raw.url.split('?')[0].slice(0, 200));
      const why = error.code === 'FST_ERR_BAD_URL' ? 'not a valid URL (a percent-escape that is not UTF-8)'
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a segment is longer than 100 characters'
          : 'cannot be routed';
      return reply.code(400).send(new HttpError(400, 'invalid_request', `path: ${path}: ${why}`, 'path').body);
    },
  });
  app.setValidatorCompiler(validatorCompiler(doc));
  app.removeContentTypeParser('text/plain');  // bodies are JSON only: anything else is 415
  const tokenCache = new Map();  // SHA-256 of a token -> its player (tokens never change)

  app.setErrorHandler((error, request, reply) => {
    const http = toHttpError(error, request);
    if (!http) {
      request.log.error({ err: error }, 'internal error');
      return reply.code(500).send({ error: { code: 'internal_error', message: 'internal error' } });
    }
    if (http.status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(http.status).send(http.body);
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(
    new HttpError(404, 'not_found', `${request.method} ${request.url.split('?')[0]}: no such route`).body));

  // A body's strings must be well-formed Unicode (no lone surrogate): refused here, naming the
  // field, before the schema and the engine (whose JSON parser would refuse it without a field).
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) return;
    const bad = illFormedUnicode(request.body, '', request.routeOptions?.url?.endsWith('/sync') ? 'actions' : null);
    if (bad) throw bad;
  });

  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpSeconds.observe({ route: request.routeOptions?.url ?? 'unknown', method: request.method, status: reply.statusCode },
      reply.elapsedTime / 1000);
    done();
  });

  // Per-token rate limits (per address for requests without a token). The key is a hash of the
  // Authorization header, so the limit applies before the token is looked up.
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const auth = request.headers.authorization;
      return auth ? `t:${headerTokenHash(request)}` : `a:${request.ip}`;
    },
    errorResponseBuilder: (request, context) => Object.assign(
      new HttpError(429, 'too_many_requests', `rate limit: more than ${context.max} requests in ${context.after === undefined ? 'a minute' : 'the window'}; retry in ${context.after}`),
      { statusCode: 429 }),
  });
  // WebSocket messages spend the same budget: a connection authenticated as a player spends its
  // token's (shared with that player's HTTP requests and other connections); one not authenticated
  // yet has a budget of its own (src/realtime.js). The upgrade request is a request like the others.
  const budget = app.createRateLimit();
  const spendBudget = async (authorization) => {
    const r = await budget({ headers: { authorization }, routeOptions: { config: {} } });
    return r.isExceeded ? { max: r.max, retryS: r.ttlInSeconds } : null;
  };
  // Shutdown ends every WebSocket at once (terminate, not close): a close handshake waits up to
  // 30 s for the client's answer, and a client that never answers would hold app.close() past the
  // 10 s watchdog of main.js, which then exits 1 without closing the storage.
  await app.register(websocket, {
    options: { maxPayload: BODY_LIMITS.sync },
    preClose(done) {
      for (const client of this.websocketServer.clients) client.terminate();
      this.websocketServer.close(() => done());
    },
  });

  // Bearer tokens: player-scoped routes need the token of that player.
  async function authenticate(request) {
    const header = request.headers.authorization;
    if (!header) throw new HttpError(401, 'unauthorized', 'Authorization: missing (Bearer <token> from POST /v1/players)', 'Authorization');
    const m = /^Bearer (\S+)$/.exec(header);
    if (!m || !TOKEN_PATTERN.test(m[1])) throw new HttpError(401, 'unauthorized', 'Authorization: not a bearer token of this server', 'Authorization');
    const key = headerTokenHash(request);
    let owner = tokenCache.get(key);
    if (owner === undefined) {
      owner = await game.playerIdForToken(m[1]);
      if (owner === null) throw new HttpError(401, 'unauthorized', 'Authorization: unknown token', 'Authorization');
      if (tokenCache.size > 100_000) tokenCache.clear();
      tokenCache.set(key, owner);
    }
    return owner;
  }
  const playerScoped = async (request) => {
    const owner = await authenticate(request);
    if (owner !== request.params.playerId) {
      throw new HttpError(403, 'forbidden', `playerId: this token is not the token of player ${JSON.stringify(request.params.playerId)}`, 'playerId');
    }
  };

  const route = (method, url, { bodyLimit = BODY_LIMITS.other, scoped = false, rate } = {}, handler) => {
    app.route({
      method: method.toUpperCase(),
      url: url.replace(/\{(\w+)\}/g, ':$1'),
      schema: routeSchema(doc, url, method),
      bodyLimit,
      config: { bodyLimitText: `${bodyLimit / KiB} KiB`, ...(rate !== undefined ? { rateLimit: rate } : {}) },
      ...(scoped ? { onRequest: playerScoped } : {}),
      handler,
    });
  };

  route('post', '/v1/players', { bodyLimit: BODY_LIMITS.register, rate: { max: options.registerLimitPerMinute, timeWindow: 60_000 } },
    async (request, reply) => reply.code(201).send(await game.register({ pwaSave: request.body.pwaSave })));
  route('get', '/v1/players/{playerId}/farm', { scoped: true }, async (request) => game.farm(request.params.playerId));
  route('post', '/v1/players/{playerId}/sync', { scoped: true, bodyLimit: BODY_LIMITS.sync }, async (request, reply) => {
    const { body, replayed } = await game.sync(request.params.playerId, request.body, request.headers['idempotency-key']);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return reply.type('application/json').send(body);
  });
  route('post', '/v1/players/{playerId}/resume', { scoped: true }, async (request) => game.resume(request.params.playerId, { preview: false }));
  route('get', '/v1/players/{playerId}/resume', { scoped: true }, async (request) => game.resume(request.params.playerId, { preview: true }));
  route('get', '/v1/players/{playerId}/backups', { scoped: true }, async (request) => game.backups(request.params.playerId));
  route('get', '/v1/players/{playerId}/leaderboards/{board}', { scoped: true },
    async (request) => game.rank(request.params.board, request.params.playerId, request.query.around ?? 5));
  route('get', '/v1/leaderboards/{board}', {}, async (request) => game.top(request.params.board, request.query.limit ?? 10));
  route('get', '/v1/liveops', {}, async () => game.liveOps());

  let closing = false;
  route('get', '/healthz', { rate: false }, async () => ({ status: 'ok' }));
  route('get', '/readyz', { rate: false }, async (request, reply) => {
    if (closing) return reply.code(503).send(new HttpError(503, 'not_ready', 'shutting down').body);
    let stores;
    try {
      // The store of the saves must answer; a store that only serves copies (Redis) is reported.
      stores = game.storage.health ? await game.storage.health() : { saves: (await game.storage.ping()) ? 'ok' : 'failed' };
      if (stores.saves !== 'ok') throw new Error(stores.saves);
      // A full disk fails every write (SQLite's; the signing key's directory): not ready well before that.
      const fs = await statfs(resolve(options.dataDir));
      const freeMiB = (fs.bavail * fs.bsize) / 2 ** 20;
      if (freeMiB < options.minFreeMiB) {
        return reply.code(503).send(new HttpError(503, 'not_ready', `disk: ${Math.floor(freeMiB)} MiB free in the data directory, below --min-free-mb ${options.minFreeMiB}`).body);
      }
    } catch (error) {
      return reply.code(503).send(new HttpError(503, 'not_ready', `storage: ${error.message}`).body);
    }
    return { status: 'ready', stores };
  });
  // This process's metrics, or with --workers the sum over all workers (src/cluster.js).
  route('get', '/metrics', { rate: false }, async (request, reply) => {
    const { text, contentType } = await peers.metrics();
    return reply.type(contentType).send(text);
  });

  const realtime = attachRealtime(app, { game, metrics, peers, authenticate, spendBudget, options });
  app.addHook('onClose', async () => { realtime.close(); });
  // A connection still sending a request's headers is busy to Node, so close() would wait for its
  // headersTimeout (60 s), past main.js's 10 s watchdog. When the server begins to close, the
  // connections with no request in flight get 2 s to finish their headers (a request whose
  // headers arrived is served to the end, with Connection: close); then they are dropped.
  const inFlight = new WeakMap();  // socket -> requests in flight on it (more than one if pipelined)
  const sockets = new Set();
  app.server.on('connection', (socket) => { sockets.add(socket); socket.once('close', () => sockets.delete(socket)); });
  app.server.on('request', (request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => inFlight.set(socket, inFlight.get(socket) - 1));
  });
  const DROP_AFTER_MS = 2000;
  app.addHook('preClose', async () => {
    closing = true;
    setTimeout(() => {
      for (const socket of sockets) if (!inFlight.get(socket)) socket.destroy();
    }, DROP_AFTER_MS).unref();
  });
  // The answers of the requests in flight when the server began to close end their connections:
  // Node closes the connections that are idle when close() is called, not those that become idle
  // after, which would hold close() until their keep-alive timeout (72 s).
  app.addHook('onSend', async (request, reply) => { if (closing) reply.header('connection', 'close'); });
  return { app, realtime };
}
