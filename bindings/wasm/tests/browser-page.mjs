// Imports the package relative to this page (the server maps /package/ to the built package) and
// lets the test replay a golden fixture in the page.
import { replayGolden } from './golden-replay.js';

const { createEngine } = await import(new URL('../package/index.js', import.meta.url).href);

window.runGolden = async (fixtureUrl) => {
  const fixture = await (await fetch(fixtureUrl)).json();
  return replayGolden(createEngine, fixture);
};
