// The one error type of the package. `code` is the engine's snake_case code ("building_locked",
// "invalid_save", ...) or one of the package's own ("invalid_argument", "disposed", "out_of_memory",
// "load_failed"); `message` names the field and the value, exactly as the native engine words it.
export class LlamawoolError extends Error {
  constructor(code, message, codeNumber = undefined) {
    // Like Error's, but it never throws: a message that is not a string is described, not converted.
    super(typeof message === 'string' ? message : message === undefined ? '' : describe(message));
    this.name = 'LlamawoolError';
    this.code = code;
    // The C ABI's number for the code (LW_E... in bindings/c/include/llamawool.h), when it has one.
    this.codeNumber = codeNumber;
  }
}

// A short description of any value for a message ("got ..."). Never throws, whatever the value
// (a symbol, an object without a prototype, one whose toString throws, a revoked proxy).
export function describe(value) {
  try {
    switch (typeof value) {
      case 'string': return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
      case 'bigint': return `${value}n`;
      case 'symbol': return value.toString();
      case 'function': return 'a function';
      case 'object': return value === null ? 'null' : Object.prototype.toString.call(value);
      default: return String(value);
    }
  } catch {
    return `a value of type ${typeof value}`;
  }
}
