// Replays a golden fixture (tests/data/golden/*.json) with the package's API and returns the final
// state hash. Shared by the Node test and the browser page, so it uses nothing but the API.
export async function replayGolden(createEngine, fixture, engineOptions = {}) {
  const rulesetOptions = fixture.rulesetJson === null ? {} : { rulesetJson: fixture.rulesetJson };
  const engine = await createEngine({ ...engineOptions, ...rulesetOptions });
  const state = engine.newState(fixture.player, fixture.t0);
  let accepted = 0;
  let rejected = 0;
  for (const action of fixture.actions) {
    try {
      state.apply(action);
      ++accepted;
    } catch (error) {
      if (error.name !== 'LlamawoolError') throw error;
      ++rejected;
    }
  }
  const hash = state.hash;
  state.dispose();
  engine.dispose();
  return { hash, accepted, rejected };
}
