// The package README's JavaScript examples run as a client would run them: each ES module block
// that needs no browser (no localStorage) is written into a project that installed the package
// by name, and run with node; it must exit 0, and each console.log whose comment states what it
// prints must print that: `// "20"` (the printed values, quoted, in order) or
// `// building_locked building: "lab" needs ...` (a prefix, ending in "...").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageDir, sourceDir } from './support.mjs';

const readme = readFileSync(join(sourceDir, 'bindings/wasm/package/README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  .filter((code) => /from 'llamawool'/.test(code) && !/localStorage/.test(code));

const work = mkdtempSync(join(tmpdir(), 'llamawool-readme-'));
after(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'node_modules'));
symlinkSync(packageDir, join(work, 'node_modules', 'llamawool'), 'dir');
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'farm', private: true, type: 'module' }));

// What each console.log line promises, in order; null where its comment promises nothing.
function promises(code) {
  return code.split('\n').filter((line) => /^\s*console\.log\(/.test(line)).map((line) => {
    const comment = line.split('//').slice(1).join('//').trim();
    if (comment.endsWith('...')) return { prefix: comment.slice(0, -3) };
    const quoted = comment.match(/^("[^"]*"\s*)+$/) && [...comment.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    return quoted ? { exact: quoted.join(' ') } : null;
  });
}

test('the README has the ES module examples this test runs', () => {
  assert.ok(blocks.length >= 2, `only ${blocks.length} runnable blocks in the package README: were they cut?`);
});

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs and prints what its comments say`, () => {
    const file = join(work, `example-${i + 1}.mjs`);
    // Each console.log becomes one JSON string on its own line (objects as compact JSON), so that
    // output pairs with calls even when a value spans lines (a save).
    const oneLine = 'console.log = (...a) => process.stdout.write(JSON.stringify(a.map((x) => ' +
      "(typeof x === 'string' ? x : JSON.stringify(x))).join(' ')) + '\\n');\n";
    writeFileSync(file, oneLine + code);
    const lines = execFileSync(process.execPath, [file], { cwd: work, encoding: 'utf8' })
      .trimEnd().split('\n').map((line) => JSON.parse(line));
    const expected = promises(code);
    assert.equal(lines.length, expected.length, `one output line per console.log:\n${lines.join('\n')}`);
    expected.forEach((promise, k) => {
      if (promise?.exact !== undefined) assert.equal(lines[k], promise.exact, `console.log #${k + 1}`);
      if (promise?.prefix !== undefined) assert.ok(lines[k].startsWith(promise.prefix), `console.log #${k + 1}: ${lines[k]}`);
    });
  });
});
