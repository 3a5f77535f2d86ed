// The canonical text of a sync request (src/game.js): the digest of idempotent retries is taken of
// it and the engine reads it, so it must be exactly what JSON.stringify with the key list as a
// replacer writes (the reference, slower), for every request the schema lets through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_KEYS, canonical } from '../src/game.js';
import { SplitMix64 } from '../bench/bot.mjs';

const reference = (request) => JSON.stringify(request, REQUEST_KEYS);

// Every field of every action type, with values the schema allows: big and small numbers,
// fractions, exponents, negative counts, "max", ids that need escaping and non-ASCII ids.
function randomAction(rng) {
  const t = rng.pick([0, 1, 1700000000000, 2 ** 53 - 1]);
  const number = () => rng.pick([0, 1, 0.1, 2.5e-7, 1e21, 123456789.125, 1.7976931348623157e308, 5e-324, 42]);
  const id = () => rng.pick(['barn', 'shears', 'a"quote', 'back\\slash', 'new\nline', 'é', '農場', '\u2028', '\u0000', '']);
  switch (rng.range(0, 4)) {
    case 0: return { t, type: 'tick' };
    case 1: return { count: rng.pick([1, 20, -3, 0, 2 ** 53]), type: 'shear', t };
    case 2: {
      const a = { type: 'buy_building', building: id(), t, quantity: rng.chance(30) ? 'max' : rng.range(-2, 100) };
      if (rng.chance(50)) a.expectedCost = number();
      return a;
    }
    case 3: return { upgrade: id(), t, type: 'buy_upgrade' };
    default: return rng.chance(50) ? { t, type: 'prestige' } : { expectedSoulShears: number(), type: 'prestige', t };
  }
}

test('canonical(request) is JSON.stringify(request, REQUEST_KEYS), whatever the key order', () => {
  const rng = new SplitMix64(11);
  let compared = 0;
  for (let k = 0; k < 3000; ++k) {
    const actions = Array.from({ length: rng.range(0, 25) }, () => randomAction(rng));
    const request = rng.chance(50)
      ? { actions, claimedHash: '0123456789abcdef', baseHash: 'fedcba9876543210' }
      : { baseHash: '0123456789abcdef', actions, claimedHash: '0123456789abcdef' };
    assert.equal(canonical(request), reference(request));
    compared += 1;
  }
  assert.equal(compared, 3000);
});

test('canonical(request) differs from the reference on purpose-made differences (the comparison can fail)', () => {
  const request = { baseHash: '0123456789abcdef', actions: [{ t: 1, type: 'shear', count: 2 }], claimedHash: '0123456789abcdef' };
  assert.notEqual(canonical(request), reference({ ...request, actions: [{ t: 1, type: 'shear', count: 3 }] }));
  assert.notEqual(canonical(request), JSON.stringify(request, null, 1));
});
