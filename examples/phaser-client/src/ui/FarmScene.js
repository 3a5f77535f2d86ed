// The farm page: everything it draws comes from the engine's view (docs/view.md), taken at the
// game clock's now a few times a second and after every action; every button plays one action
// through the farm (src/farm.js), which the engine checks before anything is queued.
import * as Phaser from 'phaser';
import {
  formatAmount, formatDuration, formatMultiplier, formatPercent, formatRate, requirementText,
} from '../format.js';
import {
  WOOL_COLOURS, achievementCondition, achievementName, buildingName, eventName, upgradeEffect, upgradeName, woolName,
} from '../labels.js';
import { Button, COLOURS, Dialogs, panel, text } from './widgets.js';

export const WIDTH = 1280;
export const HEIGHT = 720;
const REFRESH_MS = 250;

const SYNC_LABELS = {
  starting: 'Looking for the server…',
  syncing: 'Syncing…',
  synced: 'Synced',
  offline: 'Offline: playing locally',
  'no-server': 'No server: playing locally',
  waiting: 'Waiting to sync',
  halted: 'Not syncing',
  error: 'Sync error',
};

function describeReport(report) {
  const lines = [];
  const away = report.toMs - report.fromMs;
  lines.push(`You were away for ${formatDuration(away)}. Your llamas kept working ${report.mode === 'offline' ? `at ${formatPercent(report.efficiency)} efficiency` : 'at full speed'} for ${formatDuration(report.creditedMs)}${report.forfeitedMs > 0 ? ` (the ${formatDuration(report.forfeitedMs)} past the offline cap was not credited)` : ''}.`);
  const gains = Object.entries(report.woolGained).map(([id, n]) => `+${formatAmount(n)} ${woolName(id).toLowerCase()} wool`);
  if (gains.length) lines.push(gains.join(', ') + '.');
  lines.push(`Value earned: ${formatAmount(report.valueGained)}.`);
  if (report.woolUnlocked.length) lines.push(`New wool: ${report.woolUnlocked.map(woolName).join(', ')}.`);
  if (report.achievementsUnlocked?.length) lines.push(`Achievements: ${report.achievementsUnlocked.map(achievementName).join(', ')}.`);
  return lines.join('\n');
}

function eventEffects(effects) {
  const parts = [];
  if (Number(effects.production) !== 1) parts.push(`production ${formatMultiplier(effects.production)}`);
  if (Number(effects.buildingCost) !== 1) parts.push(`building prices ${formatMultiplier(effects.buildingCost)}`);
  if (Number(effects.prestige) !== 1) parts.push(`Soul Shears ${formatMultiplier(effects.prestige)}`);
  if (Number(effects.offlineEfficiency) !== 0) parts.push(`offline efficiency +${formatPercent(effects.offlineEfficiency)}`);
  return parts.join(', ');
}

export class FarmScene extends Phaser.Scene {
  constructor({ farm, syncer, onInteractive, onError }) {
    super({ key: 'farm' });
    this.farm = farm;
    this.syncer = syncer;
    this.onInteractive = onInteractive;
    this.onError = onError;
    /** name -> Button (or a thing with bounds() and enabled), for locate(). */
    this.named = new Map();
    this.mode = '1';     // the shop's quantity: '1', '10' or 'max'
    this.tab = 'buildings';
    this.lastView = null;
  }

  create() {
    this.cameras.main.setBackgroundColor('#bfe3f5');
    this.#drawBackground();
    this.dialogs = new Dialogs(this, this.named);
    this.#header();
    this.#banner();
    this.#woolPanel();
    this.#llama();
    this.#prestigePanel();
    this.#shop();
    this.time.addEvent({ delay: REFRESH_MS, loop: true, callback: () => this.refresh() });
    this.time.addEvent({ delay: 30_000, loop: true, callback: () => this.#keepOnline() });
    this.farm.addEventListener('change', (e) => {
      if (e.detail.kind === 'storage-error' && !this.storageWarned) {
        this.storageWarned = true;  // once: every later write fails the same way
        this.showMessage('Your farm could not be saved on this device', `IndexedDB refused to store it (${e.detail.error?.name ?? 'error'}: ${e.detail.error?.message ?? e.detail.error}). What you play now may be lost if the page is closed; free some space or leave private browsing.`);
      }
      this.refresh();
    });
    this.syncer.addEventListener('status', () => this.#drawStatus());
    this.syncer.addEventListener('notice', (e) => this.#showNotice(e.detail));
    this.refresh();
    this.game.events.once('postrender', () => this.onInteractive?.());
  }

  // --- layout --------------------------------------------------------------------------------

  #drawBackground() {
    const g = this.add.graphics();
    g.fillStyle(0x8cc56a, 1).fillRect(0, 430, WIDTH, HEIGHT - 430);
    g.fillStyle(0x7ab657, 1).fillEllipse(300, 470, 900, 120).fillEllipse(1050, 460, 900, 110);
    g.fillStyle(0xffffff, 0.8).fillEllipse(560, 130, 160, 44).fillEllipse(760, 170, 120, 34);
  }

  #header() {
    const g = this.add.graphics();
    g.fillStyle(COLOURS.header, 1).fillRect(0, 0, WIDTH, 56);
    text(this, 20, 12, 'Llama Wool Farm', { size: 26, bold: true, color: COLOURS.light });
    this.valueText = text(this, WIDTH / 2, 16, '', { size: 20, bold: true, color: COLOURS.light, align: 'center' });
    this.syncText = text(this, WIDTH - 20, 8, '', { size: 16, bold: true, color: COLOURS.light, align: 'right' });
    this.syncDetail = text(this, WIDTH - 20, 30, '', { size: 12, color: '#dfeccf', align: 'right' });
  }

  #banner() {
    this.bannerBg = this.add.graphics();
    this.bannerText = text(this, WIDTH / 2, 70, '', { size: 17, bold: true, align: 'center' });
  }

  #woolPanel() {
    const x = 16;
    panel(this, x, 104, 388, 600);
    text(this, x + 18, 116, 'Wool', { size: 22, bold: true });
    text(this, x + 270, 122, 'amount', { size: 13, color: COLOURS.muted, align: 'right' });
    text(this, x + 372, 122, 'per second', { size: 13, color: COLOURS.muted, align: 'right' });
    this.woolRows = [];
    const ids = this.farm.view().wool.map((w) => w.id);
    ids.forEach((id, i) => {
      const y = 150 + i * 32;
      const dot = this.add.circle(x + 26, y + 10, 8, WOOL_COLOURS[id] ?? 0xdddddd).setStrokeStyle(1, 0x8a8270);
      const name = text(this, x + 42, y, woolName(id), { size: 16 });
      const amount = text(this, x + 270, y, '', { size: 16, bold: true, align: 'right' });
      const rate = text(this, x + 372, y, '', { size: 14, color: COLOURS.good, align: 'right' });
      this.woolRows.push({ id, dot, name, amount, rate });
    });
    const y0 = 150 + ids.length * 32 + 12;
    this.statsText = text(this, x + 18, y0, '', { size: 15, color: COLOURS.ink, wrap: 352 });
  }

  #llama() {
    const cx = 640;
    const cy = 280;
    const c = this.add.container(cx, cy);
    const g = this.add.graphics();
    // legs, body of wool puffs, head
    g.fillStyle(0x8d6e63, 1);
    for (const lx of [-70, -30, 30, 70]) g.fillRoundedRect(lx - 9, 40, 18, 90, 6);
    g.fillStyle(0xfaf7ee, 1).lineStyle(3, 0xd8cfb8, 1);
    for (const [px, py, r] of [[-60, -10, 55], [0, -30, 62], [60, -10, 55], [-30, 30, 50], [30, 30, 50], [0, 5, 60]]) {
      g.fillCircle(px, py, r); g.strokeCircle(px, py, r);
    }
    g.fillCircle(0, 5, 58);
    g.fillStyle(0xfaf7ee, 1).fillRoundedRect(78, -120, 44, 120, 20).strokeRoundedRect(78, -120, 44, 120, 20);
    g.fillEllipse(118, -122, 76, 52).strokeEllipse(118, -122, 76, 52);
    g.fillStyle(0xe8c9a8, 1).fillEllipse(148, -116, 34, 26);
    g.fillStyle(0x3b2f2f, 1).fillCircle(120, -132, 5).fillCircle(158, -118, 3);
    g.fillStyle(0xfaf7ee, 1).fillTriangle(92, -140, 100, -178, 110, -142).fillTriangle(116, -144, 128, -180, 134, -142);
    c.add(g);
    this.llama = c;
    this.shearLabel = text(this, cx, 420, '', { size: 22, bold: true, align: 'center' });
    this.clicksText = text(this, cx, 452, '', { size: 15, align: 'center' });
    this.tokenBar = this.add.graphics();
    const zone = this.add.zone(cx - 190, cy - 190, 380, 330).setOrigin(0, 0).setInteractive({ useHandCursor: true });
    zone.on('pointerdown', () => this.shear());
    this.shearZone = zone;
    const shear = {
      bounds: () => new Phaser.Geom.Rectangle(zone.x, zone.y, zone.width, zone.height),
      get enabled() { return true; },
      get visible() { return true; },
      get ready() { return true; },
    };
    this.named.set('shear', shear);
  }

  #prestigePanel() {
    panel(this, 420, 540, 440, 164);
    this.soulText = text(this, 640, 552, '', { size: 16, align: 'center', wrap: 410 });
    this.prestigeButton = new Button(this, {
      x: 440, y: 634, w: 400, h: 56, label: 'Prestige', size: 18, fill: COLOURS.buttonDanger,
      onClick: () => this.prestige(), name: 'prestige', registry: this.named,
    });
  }

  #shop() {
    const x = 876;
    panel(this, x, 104, 388, 600);
    this.tabs = {};
    [['buildings', 0, 108], ['upgrades', 114, 108], ['achievements', 228, 150]].forEach(([tab, dx, w]) => {
      this.tabs[tab] = new Button(this, {
        x: x + 10 + dx, y: 114, w, h: 34, label: tab[0].toUpperCase() + tab.slice(1), size: 14,
        fill: COLOURS.buttonAlt, onClick: () => this.#setTab(tab), name: `tab:${tab}`, registry: this.named,
      });
    });
    // Buildings
    this.modeButtons = {};
    ['1', '10', 'max'].forEach((m, i) => {
      this.modeButtons[m] = new Button(this, {
        x: x + 150 + i * 78, y: 158, w: 72, h: 30, label: m === 'max' ? 'max' : `×${m}`, size: 14,
        fill: COLOURS.buttonAlt, onClick: () => { this.mode = m; this.refresh(); }, name: `mode:${m}`, registry: this.named,
      });
    });
    this.buyLabel = text(this, x + 18, 164, 'Buy', { size: 16, bold: true });
    const view = this.farm.view();
    this.buildingRows = view.buildings.map((b, i) => {
      const y = 198 + i * 62;
      const name = text(this, x + 18, y, buildingName(b.id), { size: 17, bold: true });
      const level = text(this, x + 268, y + 2, '', { size: 14, color: COLOURS.muted, align: 'right' });
      const detail = text(this, x + 18, y + 24, '', { size: 13, color: COLOURS.muted, wrap: 250 });
      const button = new Button(this, {
        x: x + 280, y: y + 2, w: 96, h: 44, label: 'Buy', size: 15,
        onClick: () => this.buyBuilding(b.id), name: `buy:${b.id}`, registry: this.named,
      });
      return { id: b.id, parts: [name, level, detail], name, level, detail, button };
    });
    // Upgrades
    this.upgradeRows = view.upgrades.map((u, i) => {
      const y = 158 + i * 41;
      const name = text(this, x + 18, y, upgradeName(u.id), { size: 15, bold: true });
      const detail = text(this, x + 18, y + 19, '', { size: 12, color: COLOURS.muted });
      const button = new Button(this, {
        x: x + 262, y: y + 2, w: 114, h: 34, label: '', size: 13,
        onClick: () => this.buyUpgrade(u.id), name: `upgrade:${u.id}`, registry: this.named,
      });
      return { id: u.id, parts: [name, detail], name, detail, button };
    });
    // Achievements
    this.achievementRows = view.achievements.map((a, i) => {
      const y = 158 + i * 36;
      const mark = text(this, x + 18, y, '○', { size: 18 });
      const name = text(this, x + 46, y, achievementName(a.id), { size: 15, bold: true });
      const detail = text(this, x + 372, y + 2, achievementCondition(a.id), { size: 12, color: COLOURS.muted, align: 'right' });
      return { id: a.id, parts: [mark, name, detail], mark, name, detail };
    });
    this.#setTab('buildings');
  }

  #setTab(tab) {
    this.tab = tab;
    for (const [t, b] of Object.entries(this.tabs)) b.setSelected(t === tab);
    const show = (rows, on) => { for (const r of rows) { for (const p of r.parts) p.setVisible(on); r.button?.setVisible(on); } };
    show(this.buildingRows, tab === 'buildings');
    show(this.upgradeRows, tab === 'upgrades');
    show(this.achievementRows, tab === 'achievements');
    for (const b of Object.values(this.modeButtons)) b.setVisible(tab === 'buildings');
    this.buyLabel.setVisible(tab === 'buildings');
    this.refresh();
  }

  // --- drawing -------------------------------------------------------------------------------

  refresh() {
    if (!this.woolRows) return;
    let v;
    try {
      v = this.farm.view();
    } catch (error) {
      this.onError?.(error);
      return;
    }
    this.lastView = v;
    this.valueText.setText(`${formatAmount(v.spendableValue)} value  ·  ${formatRate(v.valuePerSecond)}`);
    this.#drawBannerFor(v);
    for (const [i, row] of this.woolRows.entries()) {
      const w = v.wool[i];
      row.name.setColor(w.unlocked ? COLOURS.ink : COLOURS.faint);
      row.dot.setAlpha(w.unlocked ? 1 : 0.35);
      if (w.unlocked || Number(w.amount) > 0) {
        row.amount.setText(formatAmount(w.amount));
        row.rate.setText(formatRate(w.ratePerSecond)).setColor(COLOURS.good);
      } else {
        row.amount.setText('');
        row.rate.setText(`unlocks at ${formatAmount(w.unlockValue)} run value`).setColor(COLOURS.faint);
      }
    }
    const m = v.multipliers;
    this.statsText.setText([
      `Run value ${formatAmount(v.runValue)}  ·  lifetime ${formatAmount(v.lifetimeValue)}`,
      `Production ${formatMultiplier(m.total)} (upgrades ${formatMultiplier(m.upgrades)}, achievements ${formatMultiplier(m.achievements)}, Soul Shears ${formatMultiplier(m.prestige)}${Number(m.events) !== 1 ? `, events ${formatMultiplier(m.events)}` : ''})`,
      `Offline: ${formatPercent(v.offline.efficiency)} for up to ${formatDuration(v.offline.capMs)}`,
    ].join('\n'));
    // Shearing: the click limit of the rules, shown and kept.
    const c = v.clicks;
    this.shearLabel.setText(`Shear!  +${formatAmount(c.power)} wool`);
    this.shearLabel.setColor(c.available > 0 ? COLOURS.ink : COLOURS.faint);
    this.clicksText.setText(`clicks ${c.available} / ${c.burstMilli / 1000}  ·  ${c.refillPerSecond} a second${Number(c.autoPerSecond) > 0 ? `  ·  auto ${formatAmount(c.autoPerSecond)}/s` : ''}`);
    this.tokenBar.clear().fillStyle(0xffffff, 0.7).fillRoundedRect(490, 478, 300, 10, 5)
      .fillStyle(c.available > 0 ? 0x4e8a34 : 0xb3261e, 1).fillRoundedRect(490, 478, Math.max(6, 300 * c.tokensMilli / c.burstMilli), 10, 5);
    // Prestige
    const p = v.prestige;
    let next;
    if (p.ready) next = `Ready: a prestige now gives +${formatAmount(p.pendingSoulShears)} Soul Shears`;
    else if (p.threshold === null) next = 'No further prestige is possible';
    else if (Number(v.runValue) < Number(p.threshold)) next = `Next prestige at ${formatAmount(p.threshold)} run value (${formatPercent(Math.min(1, Number(v.runValue) / Number(p.threshold)))})`;
    else next = `Run value ${formatAmount(v.runValue)}: not yet enough for one Soul Shear`;
    this.soulText.setText(`Soul Shears ${formatAmount(p.soulShears)}  ·  prestiges ${p.totalPrestiges}\n${next}`);
    this.prestigeButton.setEnabled(p.ready).setLabel(p.ready ? `Prestige: +${formatAmount(p.pendingSoulShears)} Soul Shears` : 'Prestige (not ready)');
    // Shop
    for (const b of Object.values(this.modeButtons)) b.setSelected(false);
    this.modeButtons[this.mode].setSelected(true);
    for (const [i, row] of this.buildingRows.entries()) {
      const b = v.buildings[i];
      row.level.setText(`level ${b.level}`);
      let price;
      let can;
      if (this.mode === 'max') {
        can = b.max.count > 0;
        price = can ? `${b.max.count} for ${formatAmount(b.max.price)}` : `none affordable (1 for ${formatAmount(b.next1.price)})`;
      } else {
        const next = this.mode === '10' ? b.next10 : b.next1;
        can = next.affordable && b.unlocked;
        price = `${this.mode} for ${formatAmount(next.price)}`;
      }
      if (!b.unlocked) {
        row.detail.setText(`locked: needs ${requirementText(b.requirement)}`).setColor(COLOURS.bad);
        row.name.setColor(COLOURS.faint);
      } else {
        row.detail.setText(price).setColor(can ? COLOURS.good : COLOURS.muted);
        row.name.setColor(COLOURS.ink);
      }
      row.button.setEnabled(b.unlocked && can).setLabel(b.unlocked ? 'Buy' : 'Locked');
    }
    for (const [i, row] of this.upgradeRows.entries()) {
      const u = v.upgrades[i];
      row.detail.setText(u.owned || u.unlocked ? upgradeEffect(u.id) : `needs ${requirementText(u.requirement)}`)
        .setColor(u.unlocked || u.owned ? COLOURS.muted : COLOURS.bad);
      row.button.setLabel(u.owned ? 'Owned' : formatAmount(u.cost)).setEnabled(!u.owned && u.unlocked && u.affordable);
    }
    for (const [i, row] of this.achievementRows.entries()) {
      const a = v.achievements[i];
      row.mark.setText(a.unlocked ? '★' : '○').setColor(a.unlocked ? '#c79100' : COLOURS.faint);
      row.name.setColor(a.unlocked ? COLOURS.ink : COLOURS.faint);
    }
    this.tabs.achievements.setLabel(`Achievements ${v.achievements.filter((a) => a.unlocked).length}/${v.achievements.length}`);
    this.#drawStatus();
  }

  #drawBannerFor(v) {
    let line = '';
    if (v.activeEvents.length) {
      line = v.activeEvents.map((e) => `★ ${eventName(e.id)}: ${eventEffects(e.effects)}, ends in ${formatDuration(Math.max(0, e.endMs - v.atMs))}`).join('    ');
    } else {
      const next = this.farm.engine.events.filter((e) => e.startMs > v.atMs).sort((a, b) => a.startMs - b.startMs)[0];
      if (next && next.startMs - v.atMs <= 86_400_000) line = `Coming: ${eventName(next.id)} in ${formatDuration(next.startMs - v.atMs)}`;
    }
    this.bannerText.setText(line);
    this.bannerBg.clear();
    if (line) {
      const w = Math.min(WIDTH - 40, this.bannerText.width + 48);
      this.bannerBg.fillStyle(v.activeEvents.length ? COLOURS.banner : 0xfff3c4, 1).fillRoundedRect(WIDTH / 2 - w / 2, 62, w, 34, 10);
    }
    this.bannerLine = line;
  }

  #drawStatus() {
    const s = this.syncer.status;
    const queued = this.farm.queue.length;
    this.syncText.setText(`${SYNC_LABELS[s.state] ?? s.state}${queued ? `  ·  ${queued} to sync` : ''}`);
    let detail = s.message;
    if (s.state === 'no-server') detail = 'no game server answers at this address';
    else if (!detail) detail = this.farm.registered ? `player ${this.farm.playerId.slice(0, 8)}` : 'not registered yet';
    this.syncDetail.setText(detail.length > 96 ? `${detail.slice(0, 95)}…` : detail);
  }

  // --- actions -------------------------------------------------------------------------------

  #play(fields) {
    try {
      const report = this.farm.act(fields);
      return report;
    } catch (error) {
      if (error.code) {
        // The engine refused: nothing changed and nothing is queued. Say why.
        this.#flash(`${error.code}: ${error.message}`);
        this.refresh();
        return null;
      }
      throw error;
    }
  }

  shear() {
    if (this.dialogs.open) return;
    const v = this.farm.view();
    if (v.clicks.available < 1) {
      this.#flash(`no clicks left: they refill at ${v.clicks.refillPerSecond} a second`);
      return;
    }
    if (!this.#play({ type: 'shear', count: 1 })) return;
    this.tweens.killTweensOf(this.llama);
    this.llama.setScale(1);
    this.tweens.add({ targets: this.llama, scaleX: 1.05, scaleY: 0.95, duration: 60, yoyo: true });
    const puff = text(this, 560 + Phaser.Math.Between(-40, 40), 170, `+${formatAmount(v.clicks.power)}`, { size: 18, bold: true, color: '#5d4037', align: 'center' });
    this.tweens.add({ targets: puff, y: 110, alpha: 0, duration: 600, onComplete: () => puff.destroy() });
  }

  buyBuilding(id) {
    const v = this.lastView ?? this.farm.view();
    const b = v.buildings.find((x) => x.id === id);
    if (this.mode === 'max') this.#play({ type: 'buy_building', building: id, quantity: 'max' });
    // expectedCost: the price the player saw; a different one at the action's time is refused.
    else this.#play({ type: 'buy_building', building: id, quantity: Number(this.mode), expectedCost: Number((this.mode === '10' ? b.next10 : b.next1).price) });
  }

  buyUpgrade(id) { this.#play({ type: 'buy_upgrade', upgrade: id }); }

  async prestige() {
    const p = this.farm.view().prestige;
    if (!p.ready) return;
    const ok = await this.dialogs.show({
      title: `Prestige for +${formatAmount(p.pendingSoulShears)} Soul Shears?`,
      text: `Your wool, buildings, upgrades and run value go back to zero. You keep your achievements, lifetime value and Soul Shears: each Soul Shear adds 10% to production, 5% to buildings and 2% to offline efficiency.\n\nYou have ${formatAmount(p.soulShears)} Soul Shears; after this prestige, ${formatAmount(Number(p.soulShears) + Number(p.pendingSoulShears))}.`,
      buttons: [
        { label: 'Cancel', value: false, name: 'dialog:cancel', fill: COLOURS.buttonAlt },
        { label: 'Prestige', value: true, name: 'dialog:confirm', fill: COLOURS.buttonDanger },
      ],
    });
    if (!ok) return;
    // The gain shown may have grown meanwhile: confirm what a prestige gives now.
    const now = this.farm.view().prestige;
    this.#play({ type: 'prestige', expectedSoulShears: Number(now.pendingSoulShears) });
  }

  #keepOnline() {
    try {
      const report = this.farm.keepOnline();
      if (report?.advance?.mode === 'offline') this.showWelcomeBack(report.advance);
    } catch (error) {
      this.onError?.(error);
    }
  }

  showWelcomeBack(report) {
    return this.dialogs.show({ title: 'While you were away', text: describeReport(report), buttons: [{ label: 'Collect', value: true, name: 'dialog:ok' }] });
  }

  showMessage(title, body) {
    return this.dialogs.show({ title, text: body });
  }

  #showNotice(notice) {
    const titles = { desync: 'Your farm was replaced by the server\'s', rejected: 'The server refused an action', rebased: 'Synced on top of the server\'s farm', adopted: 'The server\'s farm was restored' };
    this.dialogs.show({ title: titles[notice.kind] ?? 'Sync', text: notice.text });
  }

  #flash(message) {
    this.flashText?.destroy();
    const t = text(this, 640, 500, message, { size: 14, color: COLOURS.bad, align: 'center', wrap: 420 });
    this.flashText = t;
    this.tweens.add({ targets: t, alpha: 0, delay: 2200, duration: 600, onComplete: () => t.destroy() });
  }

  /** The centre of a named element, in page (CSS) pixels, for automation and the console. */
  locate(name) {
    const item = this.named.get(name);
    if (!item) throw new Error(`no element named ${JSON.stringify(name)}; known: ${[...this.named.keys()].join(', ')}`);
    const r = item.bounds();
    const canvas = this.game.canvas.getBoundingClientRect();
    const sx = canvas.width / WIDTH;
    const sy = canvas.height / HEIGHT;
    return {
      x: canvas.left + (r.x + r.width / 2) * sx, y: canvas.top + (r.y + r.height / 2) * sy,
      enabled: item.enabled, visible: item.visible, ready: item.ready,
    };
  }
}
