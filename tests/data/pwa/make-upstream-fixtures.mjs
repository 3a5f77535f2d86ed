// Writes the upstream-*.json fixtures: what the real Llama Wool Farm PWA (github.com/gxjansen/
// llama-wool-farm, MIT) stores, made by the PWA's own code paths, copied here with the clock and
// the random draws fixed so that the files are reproducible:
//   - SyncEngine.createInitialState()        -> upstream-sync-initial.json  (woolCounts {}, buildings {}, checksum "")
//   - that state played, then a sync merge   -> upstream-sync-merged.json   (version "v<ms>_<random>", checksum)
//   - the same merge, played further before the next merge (version "1.0.0" kept by a client
//     that never merged: deviceId, syncMetadata and a checksum, the VersionedGameState wrapper)
//                                            -> upstream-versioned.json
//   - the merged save with totalWoolProduced raised by hand afterwards
//                                            -> upstream-sync-merged-edited.json (checksum mismatch)
//   - SaveSystem.saveGame()                  -> upstream-savedata.json      (the old Phaser SaveData)
// Usage: node tests/data/pwa/make-upstream-fixtures.mjs   (rewrites the files next to this script)
import { writeFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const write = (name, value) => writeFileSync(new URL(name, here), JSON.stringify(value) + '\n');

// --- upstream src/systems/sync/SyncEngine.ts, class ChecksumValidator (verbatim logic) ---------
function generateChecksum(data) {
  // Remove checksum field for calculation
  const { checksum, ...dataWithoutChecksum } = data;
  // Deterministic serialization
  const serialized = JSON.stringify(dataWithoutChecksum, Object.keys(dataWithoutChecksum).sort());
  return simpleHash(serialized);
}
function simpleHash(str) {
  let hash = 0;
  for (let i = 0; i < str.length; i++) {
    const char = str.charCodeAt(i);
    hash = ((hash << 5) - hash) + char;
    hash = hash & hash; // Convert to 32-bit integer
  }
  return hash.toString(16);
}
// --- upstream VersionControl.generateVersion, with the clock and the draw given ----------------
const generateVersion = (nowMs, random36) => `v${nowMs}_${random36}`;

// --- SyncEngine.createInitialState(), with Date.now() = t0 and the draws fixed -----------------
const t0 = 1732600000000;
const initial = {
  version: '1.0.0',
  playerId: `player_${t0}_k2x9q7m1z`,
  timestamp: t0,
  deviceId: 'device-pixel7-3b9f',
  woolCounts: {},
  soulShears: '0',
  goldenFleece: '0',
  buildings: {},
  purchasedUpgrades: [],
  totalWoolProduced: '0',
  totalPrestiges: 0,
  playTime: 0,
  lastSaveTime: t0,
  unlockedAchievements: [],
  settings: {
    masterVolume: 1.0, sfxVolume: 1.0, musicVolume: 1.0, particles: true, autoSave: true,
    cloudSync: true, notifications: true, reducedMotion: false, colorBlindMode: false, language: 'en',
  },
  syncMetadata: { lastSyncTime: t0, conflictResolutions: [], pendingOperations: [], syncState: 'idle' },
  checksum: '',
};
write('upstream-sync-initial.json', initial);

// --- Played for a while: the game fills in the wool types and buildings it has touched (Decimal
// values serialise as strings; a Building is written whole, Decimal fields as strings). -----------
const played = structuredClone(initial);
played.woolCounts = { basic: '812.4', silver: '96.5', golden: '0' };
played.buildings = {
  barn: { type: 'barn', level: 7, baseCost: '10', costMultiplier: 1.15, baseProduction: '0.5',
          productionMultiplier: '1', description: 'A cozy home for your llamas', unlocked: true },
  shears: { type: 'shears', level: 1, baseCost: '100', costMultiplier: 1.2, baseProduction: '2',
            productionMultiplier: '1', description: 'Electric shears', unlocked: true },
};
played.purchasedUpgrades = ['sharp_shears'];
played.unlockedAchievements = ['first_wool', 'first_building'];
played.totalWoolProduced = '1510.75';
played.playTime = 1265000.4;   // frame times add up to fractions of a millisecond
played.lastSaveTime = t0 + 1265000;

// --- SyncEngine.applyResolutions() after an additive wool merge, at Date.now() = tMerge ---------
const tMerge = t0 + 1300000;
const merged = structuredClone(played);
merged.woolCounts.basic = '1624.8';   // additive_merge: local 812.4 + remote 812.4
merged.syncMetadata.conflictResolutions.push({
  conflictId: 'wool-basic',
  resolution: { type: 'additive_merge', value: '1624.8', reason: 'Combined wool amounts from both devices', automatic: true },
  timestamp: tMerge,
});
merged.syncMetadata.lastSyncTime = tMerge;
merged.timestamp = tMerge;
merged.version = generateVersion(tMerge, 'q3v8b1x0n');
merged.checksum = generateChecksum(merged);
write('upstream-sync-merged.json', merged);

// --- A player who edits the stored save afterwards: the checksum no longer matches. -------------
const edited = structuredClone(merged);
edited.totalWoolProduced = '9991510.75';
write('upstream-sync-merged-edited.json', edited);

// --- A VersionedGameState of version "1.0.0" carrying a ChecksumValidator checksum (what
// SyncEngine.validateState() checks) from a client that has not completed a merge yet. -----------
const versioned = structuredClone(played);
versioned.checksum = generateChecksum(versioned);
write('upstream-versioned.json', versioned);

// --- upstream src/systems/SaveSystem.ts saveGame(), with Date.now() = tOld -----------------------
const tOld = 1731000000000;
write('upstream-savedata.json', {
  gameData: { level: 1, score: 0, lives: 3, time: 0, powerUps: [], achievements: [], lastSaved: tOld },
  settings: { soundEnabled: true, musicEnabled: true, masterVolume: 0.7, sfxVolume: 0.8, musicVolume: 0.6,
              difficulty: 'medium', autoSave: true },
  timestamp: tOld,
  version: '1.0.0',
});
