// The three golden playthroughs of tests/test_golden.cpp, replayed through the npm package in
// Node: each must end on the state hash the native builds compute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenFixtures, importPackage } from './support.mjs';
import { replayGolden } from './golden-replay.js';

const { createEngine } = await importPackage();
const fixtures = goldenFixtures();

test('there are the three golden playthroughs', () => {
  assert.deepEqual(fixtures.map((f) => f.file), ['live-ops-weekend.json', 'steady-farmer.json', 'weekend-player.json']);
});

for (const fixture of fixtures) {
  test(`golden "${fixture.name}" ends on ${fixture.expectedHash}`, async () => {
    const result = await replayGolden(createEngine, fixture);
    assert.ok(result.accepted > 300 && result.rejected > 0, `accepted ${result.accepted}, rejected ${result.rejected}`);
    assert.equal(result.hash, fixture.expectedHash);
  });
}
