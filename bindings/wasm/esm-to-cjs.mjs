// Writes the CommonJS twin of the package's ES modules (docs/wasm-package.md, "The CommonJS
// entry"): for each NAME.js / NAME.mjs given, NAME.cjs next to it, with the same code and only the
// module syntax changed. It knows exactly the forms the package uses, one statement per line, and
// fails on anything else rather than guessing:
//   import { a, b as c } from 'x';   ->  const { a, b: c } = require('x');
//   import d from 'x';               ->  const d = require('x').default;
//   export { a, b };                 ->  exports.a = a; ... (at the end)
//   export { a, b } from 'x';        ->  ({ a: exports.a, b: exports.b } = require('x'));
//   export class|function|async function|const|let NAME  ->  the declaration, exports.NAME = NAME at the end
//   export default NAME;             ->  exports.default = NAME;
//   import.meta.url                  ->  the file's own file: URL
// Relative specifiers './NAME.js' and './NAME.mjs' become './NAME.cjs'.
// Usage: node esm-to-cjs.mjs DIR NAME.js... (run by CMake after the package folder is assembled)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const FILE_URL = '__llamawoolFileUrl';

function specifier(spec, where) {
  if (!spec.startsWith('.')) return spec;
  const m = /^(\.\/[\w-]+)\.m?js$/.exec(spec);
  if (!m) throw new Error(`${where}: cannot map the relative specifier '${spec}'`);
  return `${m[1]}.cjs`;
}

function bindings(list, where) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const m = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(item);
    if (!m) throw new Error(`${where}: cannot convert the binding '${item}'`);
    return { imported: m[1], local: m[2] ?? m[1] };
  });
}

function toCommonJs(source, name) {
  const exported = [];
  const out = [];
  let usesFileUrl = false;
  source.split('\n').forEach((line, i) => {
    const where = `${name}:${i + 1}`;
    let m;
    if (line.includes('import.meta')) {
      if ((line.match(/import\.meta/g) ?? []).length !== (line.match(/import\.meta\.url/g) ?? []).length) {
        throw new Error(`${where}: only import.meta.url is supported`);
      }
      line = line.replaceAll('import.meta.url', FILE_URL);
      usesFileUrl = true;
    }
    if ((m = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';\s*$/.exec(line))) {
      const names = bindings(m[1], where).map((b) => (b.imported === b.local ? b.local : `${b.imported}: ${b.local}`));
      out.push(`const { ${names.join(', ')} } = require('${specifier(m[2], where)}');`);
    } else if ((m = /^import\s+([A-Za-z_$][\w$]*)\s+from\s*'([^']+)';\s*$/.exec(line))) {
      out.push(`const ${m[1]} = require('${specifier(m[2], where)}').default;`);
    } else if ((m = /^export\s*\{([^}]*)\}\s*from\s*'([^']+)';\s*$/.exec(line))) {
      const targets = bindings(m[1], where).map((b) => `${b.imported}: exports.${b.local}`);
      out.push(`({ ${targets.join(', ')} } = require('${specifier(m[2], where)}'));`);
    } else if ((m = /^export\s*\{([^}]*)\};\s*$/.exec(line))) {
      for (const b of bindings(m[1], where)) exported.push([b.local, b.imported]);
      out.push('');
    } else if ((m = /^export\s+((?:async\s+)?function\*?|class|const|let)\s+([A-Za-z_$][\w$]*)/.exec(line))) {
      exported.push([m[2], m[2]]);
      out.push(line.replace(/^export\s+/, ''));
    } else if ((m = /^export\s+default\s+([A-Za-z_$][\w$]*);\s*$/.exec(line))) {
      exported.push(['default', m[1]]);
      out.push('');
    } else if (/^\s*(import|export)\b/.test(line) || /\bimport\s*\(/.test(line)) {
      throw new Error(`${where}: a form of import/export this converter does not know: ${line.trim().slice(0, 120)}`);
    } else {
      out.push(line);
    }
  });
  const head = [`'use strict';`, `// Generated from ${name} by bindings/wasm/esm-to-cjs.mjs: do not edit.`];
  if (usesFileUrl) head.push(`const ${FILE_URL} = require('node:url').pathToFileURL(__filename).href;`);
  const tail = exported.map(([as, local]) => `exports.${as} = ${local};`);
  return [...head, ...out, ...tail, ''].join('\n');
}

const [dir, ...files] = process.argv.slice(2);
if (!dir || files.length === 0) {
  console.error('usage: node esm-to-cjs.mjs DIR NAME.js...');
  process.exit(2);
}
for (const file of files) {
  const target = join(dir, file.replace(/\.m?js$/, '.cjs'));
  const text = toCommonJs(readFileSync(join(dir, file), 'utf8'), file);
  // Rewritten only when it changes, so that a rebuild leaves the files (and their times) alone.
  if (!existsSync(target) || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
}
