// The OpenAPI file (openapi.yaml) is the contract: the server takes the schemas of every request
// body, path parameter, query parameter and header from it, so what it enforces and what it
// documents cannot drift apart; the tests check every response against the same file.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';

export const OPENAPI_PATH = new URL('../openapi.yaml', import.meta.url);
const DOC_ID = 'openapi';

export function loadOpenApi(path = OPENAPI_PATH) {
  return parse(readFileSync(path, 'utf8'));
}

// Two validators over the same document: request bodies, paths and headers are validated as
// they are (no coercion, no removal of unknown fields, no defaults: a wrong type is an error,
// never a conversion); query strings are text, so their numbers are coerced.
export function makeAjv(doc, { coerce = false } = {}) {
  const ajv = new Ajv2020({
    strict: false,  // the document carries OpenAPI keywords (examples, securitySchemes, ...)
    allErrors: false,
    coerceTypes: coerce,
    useDefaults: false,
    removeAdditional: false,
    verbose: true,  // errors carry the value they refuse (error.data): messages name it
  });
  ajv.addSchema(doc, DOC_ID);
  return ajv;
}

// A JSON pointer into the document, for $ref.
export const ref = (pointer) => ({ $ref: `${DOC_ID}#${pointer}` });

function resolve(doc, node) {
  if (node && node.$ref) {
    const path = node.$ref.replace(/^#\//, '').split('/');
    return path.reduce((n, k) => n[k], doc);
  }
  return node;
}

// Fastify route schemas for one operation: {params, querystring, headers, body}, each a JSON
// schema that refers into the document.
export function routeSchema(doc, path, method) {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`openapi.yaml has no ${method.toUpperCase()} ${path}`);
  const schema = {};
  const groups = { path: 'params', query: 'querystring', header: 'headers' };
  for (const p of op.parameters ?? []) {
    const param = resolve(doc, p);
    const part = groups[param.in];
    const name = param.in === 'header' ? param.name.toLowerCase() : param.name;
    schema[part] ??= { type: 'object', properties: {}, required: [] };
    if (part !== 'headers') schema[part].additionalProperties = false;
    schema[part].properties[name] = param.schema;
    if (param.required) schema[part].required.push(name);
  }
  // The API's routes take no query parameters but those documented (probes and metrics take any).
  if (path.startsWith('/v1/') && !schema.querystring) {
    schema.querystring = { type: 'object', additionalProperties: false, properties: {} };
  }
  const body = op.requestBody?.content?.['application/json']?.schema;
  if (body) schema.body = body;
  // Inline parameter schemas and the body refer to the document with "#/..." pointers; make them
  // absolute so that they resolve from a schema compiled on its own.
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${DOC_ID}#/`));
}

// The validator compiler fastify uses for every route.
export function validatorCompiler(doc) {
  const strict = makeAjv(doc);
  const coercing = makeAjv(doc, { coerce: true });
  return ({ schema, httpPart }) => (httpPart === 'querystring' ? coercing : strict).compile(schema);
}
