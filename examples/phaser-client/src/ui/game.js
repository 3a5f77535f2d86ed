// Phaser and the farm scene: a chunk of its own, loaded while the engine and the stored farm load.
import * as Phaser from 'phaser';
import { FarmScene, HEIGHT, WIDTH } from './FarmScene.js';

export function startGame({ parent, farm, syncer, onInteractive, onError }) {
  const scene = new FarmScene({ farm, syncer, onInteractive, onError });
  const game = new Phaser.Game({
    type: Phaser.CANVAS,
    parent,
    width: WIDTH,
    height: HEIGHT,
    backgroundColor: '#bfe3f5',
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
    banner: false,
    audio: { noAudio: true },
    disableContextMenu: true,
    scene: [scene],
  });
  return { game, scene };
}
