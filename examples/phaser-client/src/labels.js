// What the page calls the ruleset's ids. The engine's view gives ids only (docs/view.md); these
// are the names and effects of docs/rules.md (§2, §3, §6, §7) for the default ruleset. An id of
// another ruleset that is not here is shown humanised ("timeMachine" -> "Time machine"), never dropped.

export function humanise(id) {
  const words = String(id).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const WOOL = {
  basic: 'Basic', silver: 'Silver', golden: 'Golden', rainbow: 'Rainbow', cosmic: 'Cosmic',
  ethereal: 'Ethereal', temporal: 'Temporal', dimensional: 'Dimensional', celestial: 'Celestial', quantum: 'Quantum',
};
export const WOOL_COLOURS = {
  basic: 0xf4efe1, silver: 0xc9ced6, golden: 0xf2c14e, rainbow: 0xe66fb5, cosmic: 0x6c5ce7,
  ethereal: 0x9be7ff, temporal: 0xff9f43, dimensional: 0x00b894, celestial: 0xfdcb6e, quantum: 0x0984e3,
};

const BUILDINGS = {
  barn: 'Barn', shears: 'Shearing shed', transport: 'Transport', factory: 'Factory', lab: 'Lab',
  portal: 'Portal', timeMachine: 'Time machine', dimensionGate: 'Dimension gate',
};

const UPGRADES = {
  sharp_shears: ['Sharp shears', 'production ×1.5'],
  better_tools: ['Better tools', 'click power ×2'],
  caffeine_pills: ['Caffeine pills', 'production ×1.25'],
  auto_clicker: ['Auto clicker', '+1 automatic click a second'],
  night_shift: ['Night shift', 'offline +10% efficiency, +24 h cap'],
  smart_scheduling: ['Smart scheduling', 'buildings ×1.1'],
  selective_breeding: ['Selective breeding', 'rare wool ×2'],
  workflow_optimization: ['Workflow optimisation', 'building prices ×0.9'],
  ai_management: ['AI management', '+5 automatic clicks a second'],
  genetic_enhancement: ['Genetic enhancement', 'production ×6'],
  neural_network: ['Neural network', 'production ×2'],
  quantum_computing: ['Quantum computing', 'production ×3'],
  time_dilation: ['Time dilation', 'offline +10% efficiency, +24 h cap'],
};

const ACHIEVEMENTS = {
  first_wool: ['First wool', 'earn any value'],
  wool_collector: ['Wool collector', 'lifetime value 1.00 K'],
  wool_tycoon: ['Wool tycoon', 'lifetime value 1.00 M'],
  wool_emperor: ['Wool emperor', 'lifetime value 1.00 B'],
  first_building: ['First building', 'own a building'],
  industrialist: ['Industrialist', '10 building levels'],
  mogul: ['Mogul', '100 building levels'],
  automation_master: ['Automation master', 'both auto-click upgrades'],
  first_prestige: ['First prestige', 'prestige once'],
  veteran: ['Veteran', 'prestige 10 times'],
  legend: ['Legend', 'prestige 100 times'],
  dedicated_player: ['Dedicated player', '1 h of play'],
  committed_farmer: ['Committed farmer', '24 h of play'],
  llama_devotee: ['Llama devotee', '100 h of play'],
  eternal_guardian: ['Eternal guardian', '1000 h of play'],
};

const EVENTS = {
  double_wool_weekend: 'Double Wool Weekend', summer_fair: 'Summer Fair', prestige_bonus: 'Prestige Bonus',
  autumn_harvest: 'Autumn Harvest',
};

export const woolName = (id) => WOOL[id] ?? humanise(id);
export const buildingName = (id) => BUILDINGS[id] ?? humanise(id);
export const upgradeName = (id) => UPGRADES[id]?.[0] ?? humanise(id);
export const upgradeEffect = (id) => UPGRADES[id]?.[1] ?? '';
export const achievementName = (id) => ACHIEVEMENTS[id]?.[0] ?? humanise(id);
export const achievementCondition = (id) => ACHIEVEMENTS[id]?.[1] ?? '';
export const eventName = (id) => EVENTS[id] ?? humanise(id);
