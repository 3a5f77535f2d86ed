// The checks of the arguments a host passes, before anything reaches the C ABI: every value that is
// not what a parameter takes is refused with LlamawoolError "invalid_argument" naming the parameter
// and the value, never converted (a BigInt wrapped to int64, an index truncated by the wasm call, a
// string cut at a NUL byte). docs/wasm-package.md, "Errors".
import { LlamawoolError, describe } from './errors.js';

// Passed by the package to its own constructors: Engine, GameState and PlayerBatch are made by
// createEngine, engine.newState/loadState and engine.createBatch only.
export const INTERNAL = Symbol('llamawool internal');

export function refuseConstruction(name, how) {
  throw new LlamawoolError('invalid_argument', `${name}: is not constructed directly; use ${how}`);
}

function invalid(field, what, value) {
  return new LlamawoolError('invalid_argument', `${field}: must be ${what}, got ${describe(value)}`);
}

// What the caller's own code threw (a toJSON method, an options getter), as invalid_argument.
function wrapped(field, what, error) {
  const e = new LlamawoolError('invalid_argument',
    `${field}: ${what} threw ${error instanceof Error ? `${error.name}: ${error.message}` : describe(error)}`);
  e.cause = error;
  return e;
}

// Times are integer milliseconds (docs/rules.md §1); the ABI takes them as int64.
export function toTime(value, field) {
  if (Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value !== 'bigint') throw invalid(field, 'an integer number of milliseconds', value);
  if (BigInt.asIntN(64, value) !== value) throw invalid(field, 'an integer number of milliseconds within int64', value);
  return value;
}

// Text for the ABI, which reads a NUL-terminated string: a NUL inside would silently cut it.
export function toText(value, field) {
  if (typeof value !== 'string') throw invalid(field, 'a string', value);
  const nul = value.indexOf('\0');
  if (nul !== -1) throw new LlamawoolError('invalid_argument', `${field}: must not contain a NUL character (U+0000), found at index ${nul}`);
  return value;
}

// JSON text as given, or an object as JSON.stringify writes it.
export function toJsonText(value, field) {
  if (typeof value === 'string') return toText(value, field);
  if (value === null || typeof value !== 'object') throw invalid(field, 'a JSON string or an object', value);
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw wrapped(field, 'JSON.stringify', error);
  }
  if (text === undefined) throw invalid(field, 'an object that JSON.stringify turns into text', value);
  return text;
}

// The named fields of an options argument: undefined (no options) or an object.
export function options(value, field, names) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') throw invalid(field, 'an object of options', value);
  const picked = {};
  for (const name of names) {
    try {
      picked[name] = value[name];
    } catch (error) {
      throw wrapped(`${field}.${name}`, 'reading it', error);
    }
  }
  return picked;
}

// A row of a batch of `count` players.
export function toIndex(value, count, field) {
  if (Number.isSafeInteger(value) && value >= 0 && value < count) return value;
  throw invalid(field, `a row index in [0, ${count})`, value);
}

// The bytes of a WebAssembly module (from any realm: a Buffer from Node's fs in a Jest sandbox too).
export function toBytes(value, field) {
  if (value === undefined || ArrayBuffer.isView(value) || Object.prototype.toString.call(value) === '[object ArrayBuffer]') return value;
  throw invalid(field, 'an ArrayBuffer or a typed array of the bytes of llamawool.wasm', value);
}
