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

// The first string of a parsed JSON value (or key of one of its objects) that is not well-formed
// Unicode (a lone surrogate, which JSON's \uD800 escapes can make and the engine's parser refuses),
// as an HttpError naming its field under `base`, or null. Inside a sync's actions the code is the
// engine's `malformed`. Iterative: any depth.
export function illFormedUnicode(value, base = '', actionsAt = null) {
  const stack = [{ value, parent: null, key: null }];
  while (stack.length) {
    const node = stack.pop();
    const v = node.value;
    let bad = null;
    if (typeof v === 'string') {
      if (!v.isWellFormed()) bad = { node, what: 'must be well-formed Unicode (a lone surrogate)', got: v };
    } else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; --i) stack.push({ value: v[i], parent: node, key: i });
      } else {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; --i) {
          if (!keys[i].isWellFormed()) { bad = { node: { parent: node, key: keys[i] }, what: 'the field name is not well-formed Unicode (a lone surrogate)', got: keys[i] }; break; }
          stack.push({ value: v[keys[i]], parent: node, key: keys[i] });
        }
      }
    }
    if (bad) {
      const keys = [];
      for (let n = bad.node; n && n.parent; n = n.parent) keys.push(n.key);
      keys.reverse();
      let field = base;
      for (const k of keys) field += typeof k === 'number' ? `[${k}]` : field === '' ? k : `.${k}`;
      const inAction = actionsAt !== null && keys[0] === actionsAt && typeof keys[1] === 'number';
      return new HttpError(400, inAction ? 'malformed' : 'invalid_request', `${field || 'body'}: ${bad.what}, got ${jsonPreview(bad.got)}`,
        field || undefined);
    }
  }
  return null;
}
