// A tiny page as a Phaser PWA would have it: imports the package by name and lets the test
// replay a golden fixture. webpack 5 bundles it; the glue's new URL('llamawool.wasm',
// import.meta.url) makes webpack emit the .wasm as an asset.
import { createEngine } from 'llamawool';
import { replayGolden } from '../golden-replay.js';

window.runGolden = async (fixtureUrl) => {
  const fixture = await (await fetch(fixtureUrl)).json();
  return replayGolden(createEngine, fixture);
};
