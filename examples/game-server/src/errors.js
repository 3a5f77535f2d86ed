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

// A value as JSON text for a message, cut after `max` characters ("..." marks the cut). It writes
// no more than it shows: a value nested deeper than JSON.stringify's stack is no failure.
export function jsonPreview(value, max = 40) {
  let out = '';
  const walk = (v) => {
    if (out.length > max) return;
    if (v === null || typeof v !== 'object') {
      out += (typeof v === 'string' && v.length > max ? JSON.stringify(v.slice(0, max + 1)) : JSON.stringify(v)) ?? 'null';
      return;
    }
    const array = Array.isArray(v);
    out += array ? '[' : '{';
    const keys = array ? null : Object.keys(v);
    const n = array ? v.length : keys.length;
    for (let i = 0; i < n && out.length <= max; ++i) {
      if (i > 0) out += ',';
      if (array) walk(v[i]);
      else { out += `${JSON.stringify(keys[i])}:`; walk(v[keys[i]]); }
    }
    out += array ? ']' : '}';
  };
  walk(value);
  return out.length > max ? `${out.slice(0, max)}...` : out;
}

// ", got <value>" for a schema refusal about a value (not for a missing or an unknown field).
export function gotValue(ajvError) {
  if (ajvError.keyword === 'required' || ajvError.keyword === 'additionalProperties' || !('data' in ajvError)) return '';
  return `, got ${jsonPreview(ajvError.data)}`;
}
