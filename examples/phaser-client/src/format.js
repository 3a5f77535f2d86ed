// Numbers and durations for people: "1.23 Qa", not 1.23e+15; "8 h 0 min", not 28800000.
// Amounts come from the engine as shortest round-trip decimal strings (docs/view.md); they are
// drawn with Number(x), which is exact for those strings.

// Short-scale suffixes by powers of 1000: K (10^3), M (10^6), B, T, Qa (10^15), Qi, Sx, Sp, Oc, No,
// then the Latin compounds idle games use (UDc = 10^36, DDc, ..., Vg = 10^63, ..., Ce = 10^303),
// enough for every finite binary64 (at most 1.8e308 = 180 UCe).
const UNITS = ['', 'U', 'D', 'T', 'Qa', 'Qi', 'Sx', 'Sp', 'O', 'N'];
const TENS = ['', 'Dc', 'Vg', 'Tg', 'Qag', 'Qig', 'Sxg', 'Spg', 'Og', 'Ng'];
const FIRST = ['', 'K', 'M', 'B', 'T', 'Qa', 'Qi', 'Sx', 'Sp', 'Oc', 'No'];

/** The suffix of 1000^group (group 1 = K). */
export function suffix(group) {
  if (group < FIRST.length) return FIRST[group];
  const n = group - 1;  // 10 = decillion (10^33), 100 = centillion (10^303)
  if (n >= 100) return `${UNITS[n - 100]}Ce`;
  return `${UNITS[n % 10]}${TENS[Math.floor(n / 10)]}`;
}

function toNumber(x, what) {
  const n = typeof x === 'number' ? x : Number(x);
  if (typeof x !== 'number' && typeof x !== 'string') throw new TypeError(`${what}: must be a number or a decimal string, got ${typeof x}`);
  if (Number.isNaN(n)) throw new TypeError(`${what}: not a number: ${JSON.stringify(x)}`);
  return n;
}

// Below 1000: at most two decimals, trailing zeros dropped ("12.5", "0.1", "999.99"); tiny
// positive amounts are "< 0.01" rather than a misleading "0".
function small(n) {
  if (n > 0 && n < 0.005) return '< 0.01';
  return String(Number(n.toFixed(2)));
}

/**
 * An amount with three significant digits and a suffix from 1000 on: 1234 -> "1.23 K",
 * 1.23e15 -> "1.23 Qa", 999999 -> "1.00 M" (rounding carries into the next suffix).
 */
export function formatAmount(x) {
  const n = toNumber(x, 'amount');
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  if (n < 0) return `-${formatAmount(-n)}`;
  if (n < 999.995) return small(n);
  let group = Math.floor(Math.log10(n) / 3);
  // log10 can land a hair on either side of a power of 1000: fix the group from the mantissa.
  let mantissa = n / 1000 ** group;
  if (mantissa < 1) { group -= 1; mantissa = n / 1000 ** group; }
  let text = mantissa.toPrecision(3);
  if (Number(text) >= 1000) { group += 1; text = (n / 1000 ** group).toPrecision(3); }
  return `${text} ${suffix(group)}`;
}

/** A rate per second: "+1.23 K/s" ("0/s" when nothing is produced). */
export function formatRate(x) {
  const n = toNumber(x, 'rate');
  return n === 0 ? '0/s' : `+${formatAmount(n)}/s`;
}

/** A duration in ms, two units at most: "950 ms", "12 s", "3 min 12 s", "8 h 0 min", "2 d 3 h". */
export function formatDuration(ms) {
  const n = toNumber(ms, 'duration');
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`duration: must be a finite number >= 0, got ${ms}`);
  if (n < 1000) return `${Math.round(n)} ms`;
  const s = Math.floor(n / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A multiplier: "×1.08". */
export function formatMultiplier(x) {
  const n = toNumber(x, 'multiplier');
  return `×${n < 1000 ? String(Number(n.toFixed(2))) : formatAmount(n)}`;
}

/** An efficiency in [0, 1] as a percentage: "80%". */
export function formatPercent(x) {
  const n = toNumber(x, 'percentage');
  return `${Number((n * 100).toFixed(1))}%`;
}

/**
 * The engine's requirement text ("golden wool >= 10000 (have 1157.9041642384034)") with its large
 * or long numbers for people ("golden wool ≥ 10.0 K (have 1.16 K)"); small whole numbers stay.
 */
export function requirementText(text) {
  return String(text).replace(/>=/g, '≥')
    .replace(/\b[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?\b/g, (n) => (Number(n) >= 1000 || /\.[0-9]{3,}|e/.test(n) ? formatAmount(n) : n));
}
