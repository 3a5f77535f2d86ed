// Small Phaser widgets: text in the page's style, buttons, panels and a modal dialog.
import * as Phaser from 'phaser';

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
export const COLOURS = {
  ink: '#1f2d1a', muted: '#6b7a63', faint: '#a3ad9c', good: '#2e7d32', bad: '#b3261e', light: '#ffffff',
  panel: 0xfffdf6, panelEdge: 0xd9cfb4, header: 0x3f6b2a, banner: 0xffd54f, button: 0x4e8a34,
  buttonHover: 0x5fa03f, buttonOff: 0xc9c5b8, buttonAlt: 0x8d6e63, buttonDanger: 0x7b3fa0, dim: 0x000000,
};

export function text(scene, x, y, value, { size = 16, color = COLOURS.ink, bold = false, align = 'left', wrap = 0, origin } = {}) {
  const t = scene.add.text(x, y, value, {
    fontFamily: FONT, fontSize: `${size}px`, color, fontStyle: bold ? 'bold' : 'normal', align,
    ...(wrap ? { wordWrap: { width: wrap, useAdvancedWrap: true } } : {}),
  });
  if (origin) t.setOrigin(...origin);
  else if (align === 'right') t.setOrigin(1, 0);
  else if (align === 'center') t.setOrigin(0.5, 0);
  return t;
}

export function panel(scene, x, y, w, h, { fill = COLOURS.panel, alpha = 0.94, edge = COLOURS.panelEdge, radius = 14 } = {}) {
  const g = scene.add.graphics();
  g.fillStyle(fill, alpha).fillRoundedRect(x, y, w, h, radius);
  if (edge !== null) g.lineStyle(2, edge, 1).strokeRoundedRect(x, y, w, h, radius);
  return g;
}

/**
 * A button: a rounded rectangle with a label. Disabled buttons are grey and ignore the pointer
 * (the page never sends what it shows as impossible). `name` registers it for locate().
 */
export class Button {
  #enabled = true;
  #selected = false;
  #hover = false;

  constructor(scene, { x, y, w, h, label, onClick, size = 16, fill = COLOURS.button, name = null, registry = null }) {
    this.scene = scene;
    this.x = x; this.y = y; this.w = w; this.h = h;
    this.fill = fill;
    this.g = scene.add.graphics();
    this.label = text(scene, x + w / 2, y + h / 2, label, { size, color: COLOURS.light, bold: true, origin: [0.5, 0.5] });
    this.zone = scene.add.zone(x, y, w, h).setOrigin(0, 0).setInteractive({ useHandCursor: true });
    // Phaser hit-tests a new interactive object from the next frame on.
    this.bornFrame = scene.game.loop.frame;
    this.zone.on('pointerdown', () => { if (this.#enabled && this.zone.visible) onClick(); });
    this.zone.on('pointerover', () => { this.#hover = true; this.#draw(); });
    this.zone.on('pointerout', () => { this.#hover = false; this.#draw(); });
    this.#draw();
    if (name && registry) registry.set(name, this);
  }

  #draw() {
    const colour = !this.#enabled ? COLOURS.buttonOff : this.#selected ? COLOURS.header : this.#hover ? COLOURS.buttonHover : this.fill;
    this.g.clear().fillStyle(colour, 1).fillRoundedRect(this.x, this.y, this.w, this.h, Math.min(10, this.h / 3));
    if (this.#selected) this.g.lineStyle(3, 0xffd54f, 1).strokeRoundedRect(this.x, this.y, this.w, this.h, Math.min(10, this.h / 3));
  }

  setLabel(value) { this.label.setText(value); return this; }

  setEnabled(on) {
    if (on !== this.#enabled) { this.#enabled = on; this.#draw(); }
    return this;
  }

  setSelected(on) {
    if (on !== this.#selected) { this.#selected = on; this.#draw(); }
    return this;
  }

  setVisible(on) {
    this.g.setVisible(on); this.label.setVisible(on); this.zone.setVisible(on);
    if (on) this.zone.setInteractive(); else this.zone.disableInteractive();
    return this;
  }

  setDepth(d) { this.g.setDepth(d); this.label.setDepth(d + 1); this.zone.setDepth(d + 2); return this; }

  get enabled() { return this.#enabled; }
  /** It takes clicks (created before this frame). */
  get ready() { return this.scene.game.loop.frame > this.bornFrame; }
  get visible() { return this.zone.visible; }
  bounds() { return new Phaser.Geom.Rectangle(this.x, this.y, this.w, this.h); }

  destroy() { this.g.destroy(); this.label.destroy(); this.zone.destroy(); }
}

/**
 * Modal dialogs, one at a time (later ones wait): a title, a text and buttons. The dim layer
 * swallows clicks on what is behind.
 */
export class Dialogs {
  #queue = [];
  #open = null;

  constructor(scene, registry) {
    this.scene = scene;
    this.registry = registry;
  }

  get open() { return this.#open?.spec ?? null; }

  show(spec) {
    return new Promise((resolve) => {
      this.#queue.push({ spec, resolve });
      if (!this.#open) this.#next();
    });
  }

  #next() {
    const item = this.#queue.shift();
    if (!item) { this.#open = null; return; }
    const { scene } = this;
    const { width, height } = scene.scale.gameSize;
    const w = 660;
    const objects = [];
    const dim = scene.add.rectangle(0, 0, width, height, COLOURS.dim, 0.45).setOrigin(0, 0).setInteractive();
    objects.push(dim);
    const body = text(scene, width / 2 - w / 2 + 28, 0, item.spec.text, { size: 17, wrap: w - 56 });
    const h = Math.max(220, body.height + 150);
    const top = height / 2 - h / 2;
    objects.push(panel(scene, width / 2 - w / 2, top, w, h, { alpha: 1 }));
    objects.push(text(scene, width / 2 - w / 2 + 28, top + 22, item.spec.title, { size: 24, bold: true }));
    body.setY(top + 66);
    objects.push(body);
    const buttons = item.spec.buttons ?? [{ label: 'OK', value: true, name: 'dialog:ok' }];
    const bw = 180;
    let bx = width / 2 + w / 2 - 28 - bw;
    const close = (value) => {
      for (const o of objects) o.destroy();
      for (const b of made) { b.destroy(); this.registry.delete(b.name); }
      item.resolve(value);
      this.#next();
    };
    const made = [];
    for (const spec of buttons.slice().reverse()) {
      const b = new Button(scene, {
        x: bx, y: top + h - 72, w: bw, h: 48, label: spec.label, size: 18, fill: spec.fill ?? COLOURS.button,
        onClick: () => close(spec.value), name: spec.name, registry: this.registry,
      });
      b.name = spec.name;
      made.push(b);
      bx -= bw + 16;
    }
    let depth = 1000;
    for (const o of objects) o.setDepth(depth++);
    for (const b of made) b.setDepth(depth += 3);
    this.#open = { spec: item.spec };
  }
}
