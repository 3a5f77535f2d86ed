// The page's build (README, "Why Vite"). The llamawool package is the one the wasm CMake preset
// assembles (build/wasm/bindings/wasm/package), or LLAMAWOOL_WASM_PACKAGE, as for the game
// server: it is not an npm dependency, it is this repository's own build output.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

export function packageDir() {
  return resolve(process.env.LLAMAWOOL_WASM_PACKAGE || join(repoRoot, 'build', 'wasm', 'bindings', 'wasm', 'package'));
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// Writes sw.js after the bundle: every file of the build is precached (llamawool.wasm included;
// upstream's workbox globs leave .wasm out), and the version is a hash of all their bytes, so a
// new build installs a new service worker and an unchanged one does not.
function serviceWorker() {
  let outDir;
  return {
    name: 'llamawool-service-worker',
    apply: 'build',
    configResolved(config) { outDir = config.build.outDir; },
    closeBundle() {
      const files = listFiles(outDir)
        .map((f) => relative(outDir, f).split(sep).join('/'))
        .filter((f) => f !== 'sw.js' && !f.endsWith('.map') && !f.split('/').some((part) => part.startsWith('.')))
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update('\0').update(readFileSync(join(outDir, f)));
      const source = readFileSync(join(here, 'src', 'sw.js'), 'utf8')
        .replace('__LLAMAWOOL_VERSION__', hash.digest('hex').slice(0, 16))
        .replace('__LLAMAWOOL_PRECACHE__', JSON.stringify(files));
      writeFileSync(join(outDir, 'sw.js'), source);
    },
  };
}

// The page's two big files start downloading with the HTML, not after the entry module has run:
// Phaser's chunk (a dynamic import, which Vite does not preload) and llamawool.wasm (which the
// engine's glue fetches only when it is created).
function preloadHints() {
  return {
    name: 'llamawool-preload-hints',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const tags = [];
        for (const [fileName, item] of Object.entries(bundle ?? {})) {
          if (item.type === 'chunk' && item.isDynamicEntry) {
            tags.push({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' });
          } else if (item.type === 'asset' && fileName.endsWith('.wasm')) {
            tags.push({ tag: 'link', attrs: { rel: 'preload', as: 'fetch', type: 'application/wasm', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' });
          }
        }
        return tags;
      },
    },
  };
}

// LLAMAWOOL_RULESET=FILE: the page plays that ruleset (the game server's --ruleset) instead of the
// engine's embedded one. It is checked as JSON here and by the engine when the page starts.
function ruleset() {
  const file = process.env.LLAMAWOOL_RULESET;
  if (!file) return null;
  let text;
  try {
    text = readFileSync(file, 'utf8');
    JSON.parse(text);
  } catch (error) {
    throw new Error(`LLAMAWOOL_RULESET=${file}: ${error.message}`);
  }
  return text;
}

export default defineConfig(() => {
  const pkg = packageDir();
  if (!existsSync(join(pkg, 'index.js')) || !existsSync(join(pkg, 'llamawool.wasm'))) {
    throw new Error(`the llamawool npm package is not built in ${pkg}: run \`cmake --preset wasm && cmake --build --preset wasm\` ` +
      'from the repository root (or set LLAMAWOOL_WASM_PACKAGE to a built package folder)');
  }
  return {
    root: here,
    base: './',
    publicDir: 'public',
    resolve: { alias: { llamawool: join(pkg, 'index.js') } },
    define: { __LLAMAWOOL_RULESET__: JSON.stringify(ruleset()) },
    build: {
      target: 'es2022',
      outDir: process.env.LLAMAWOOL_CLIENT_OUT || 'dist',
      emptyOutDir: true,
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 1600,  // Phaser alone is about 1.2 MB minified
      reportCompressedSize: false,
    },
    // The dev server (npm run dev) proxies the game server's API, so the page and the API share
    // an origin as they do when the game server serves the page (--client-dir).
    server: {
      host: '127.0.0.1',
      fs: { allow: [here, pkg] },
      proxy: { '/v1': process.env.LLAMAWOOL_SERVER || 'http://127.0.0.1:8080' },
    },
    // The page alone (`make client ALONE=1`): no game server behind it.
    preview: { host: '127.0.0.1', proxy: {} },
    optimizeDeps: { exclude: ['llamawool'] },
    plugins: [preloadHints(), serviceWorker()],
  };
});
