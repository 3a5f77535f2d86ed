// A refusal with its HTTP status, a snake_case code and, when there is one, the field it is about.
export class HttpError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
  get body() {
    return { error: { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) } };
  }
}

// An ajv error's instance path ("/actions/2/count") as the engine writes fields ("actions[2].count").
export function fieldFromPointer(pointer, base) {
  let field = base ?? '';
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    field += /^[0-9]+$/.test(key) ? `[${key}]` : field === '' ? key : `.${key}`;
  }
  return field;
}
