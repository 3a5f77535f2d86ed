// `--client-dir DIR`: the server also serves a built page (examples/phaser-client) from DIR at /,
// so the page and the API share one origin: no CORS, and the page's service worker caches the
// page but never the API. Only GET (and HEAD); a path that is not a file in DIR is the API's 404.
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { HttpError } from './errors.js';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/** The page's folder, checked before the server opens anything: it must hold an index.html. */
export function clientDirectory(dir) {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`--client-dir ${dir}: no index.html in it (build the page first: \`make client\` from the repository root)`);
  }
  return realpathSync(root);
}

export function serveClient(app, root) {
  app.get('/*', async (request, reply) => {
    const urlPath = request.url.split('?')[0];
    const notFound = () => new HttpError(404, 'not_found', `GET ${urlPath}: no such route`);
    let path;
    try {
      path = decodeURIComponent(urlPath);
    } catch {
      throw notFound();
    }
    // No dot files or folders (and so no `..`), nothing outside the folder.
    if (path.split('/').some((segment) => segment.startsWith('.'))) throw notFound();
    const file = resolve(root, path === '/' ? 'index.html' : `.${path}`);
    if (!file.startsWith(root + sep)) throw notFound();
    let body;
    try {
      body = await readFile(file);
    } catch {
      throw notFound();
    }
    // Hashed bundle files never change; everything else (index.html, sw.js, the manifest) is
    // checked with the server at each load.
    reply.header('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(body);
  });
}
