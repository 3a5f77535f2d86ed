// Every value that the typings declare is exported, as the same kind of thing (class or function),
// by every entry of the package (index.d.ts for the ES module entries, index.d.cts for require()),
// and no entry exports a value its typings do not declare. The list comes from the typings (parsed with the TypeScript compiler), so a name added to the typings
// but not to an entry fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { packageDir, requireDevtool } from './support.mjs';

const ts = requireDevtool('typescript');

// The exported values of a declaration file: name -> "class" | "function" | "value". Types-only
// declarations (interfaces, type aliases, `export type`) are left out. A form this does not know
// fails the test rather than being skipped.
export function declaredValues(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const values = new Map();
  const exported = (node) => ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
  for (const node of source.statements) {
    if (ts.isExportDeclaration(node) || ts.isExportAssignment(node)) {
      if (ts.isExportDeclaration(node) && node.isTypeOnly) continue;
      throw new Error(`${file}: "${node.getText(source)}": re-exports are not understood by this test; declare the value instead`);
    }
    if (!exported(node)) continue;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) continue;
    if (ts.isClassDeclaration(node)) values.set(node.name.text, 'class');
    else if (ts.isFunctionDeclaration(node)) values.set(node.name.text, 'function');
    else if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) values.set(d.name.getText(source), 'value');
    else throw new Error(`${file}: an exported ${ts.SyntaxKind[node.kind]} is not understood by this test`);
  }
  return values;
}

function kindOf(value) {
  if (typeof value !== 'function') return value === undefined ? 'missing' : 'value';
  return /^class\b/.test(Function.prototype.toString.call(value)) ? 'class' : 'function';
}

const declared = declaredValues(join(packageDir, 'index.d.ts'));

// The entries a host can reach through package.json "exports", with the typings that describe each.
const entries = {
  'node import (node.js)': { typings: 'index.d.ts', load: () => import(pathToFileURL(join(packageDir, 'node.js')).href) },
  'browser (index.js)': { typings: 'index.d.ts', load: () => import(pathToFileURL(join(packageDir, 'index.js')).href) },
  // By name from inside the package (a self-reference): resolved through "exports" as a require().
  'node require (node.cjs)': { typings: 'index.d.cts', load: () => createRequire(join(packageDir, 'package.json'))('llamawool') },
};

test('index.d.ts declares the API values (the parse found them)', () => {
  for (const [name, kind] of [['createEngine', 'function'], ['Engine', 'class'], ['GameState', 'class'],
    ['PlayerBatch', 'class'], ['LlamawoolError', 'class']]) {
    assert.equal(declared.get(name), kind, `${name} in index.d.ts`);
  }
});

for (const [entry, { typings, load }] of Object.entries(entries)) {
  test(`the ${entry} entry exports every value of ${typings}, as the same kind, and nothing else`, async () => {
    const values = declaredValues(join(packageDir, typings));
    assert.deepEqual([...values], [...declared], `${typings} declares what index.d.ts declares`);
    const exports = await load();
    for (const [name, kind] of values) assert.equal(kindOf(exports[name]), kind, `${name} from the ${entry} entry`);
    assert.deepEqual(Object.keys(exports).filter((name) => !values.has(name)), [], `values the ${entry} entry exports but ${typings} does not declare`);
  });
}
