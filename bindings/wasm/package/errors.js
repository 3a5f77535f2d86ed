// The one error type of the package. `code` is the engine's snake_case code ("building_locked",
// "invalid_save", ...) or one of the package's own ("disposed", "invalid_argument"); `message`
// names the field and the value, exactly as the native engine words it.
export class LlamawoolError extends Error {
  constructor(code, message, codeNumber = undefined) {
    super(message);
    this.name = 'LlamawoolError';
    this.code = code;
    // The C ABI's number for the code (LW_E... in bindings/c/include/llamawool.h), when it has one.
    this.codeNumber = codeNumber;
  }
}
