/**
 * The rest-json protocol (EKS, EKS Auth): the operation is named by the HTTP method and the path
 * (`GET /clusters/{name}`), its input travels in path labels, the query string, headers and a JSON
 * body; the output is a JSON body (plus any header-bound members) with the operation's status
 * code; errors are `{"message": "..."}` with the code in the `x-amzn-ErrorType` header.
 *
 * The value conversions are awsJson's (`decodeJsonValue` / `encodeJsonValue`).
 */
import { AwsError } from './aws-error.js';
import type { LoadedModel, Operation, ShapeRef, StructureShape } from './model.js';
import type { EncodedResponse } from './encoded-response.js';
import { decodeJsonValue, encodeJsonValue } from './json-protocol.js';
import { validateInput } from './shape-validation.js';
import { constraintError } from './constraint-errors.js';
import type { WireRecord, WireValue } from './wire-value.js';
import type { HeaderMap } from '../server/http/header-map.js';

interface RouteMatcher {
  readonly operation: Operation;
  readonly method: string;
  /** Literal segments and labels (`{name}`; `{name+}` takes the rest of the path). */
  readonly segments: readonly ({ readonly literal: string } | { readonly label: string; readonly greedy: boolean })[];
  /** Query parameters the request URI fixes (`?include=...` forms), by name. */
  readonly fixedQuery: ReadonlyMap<string, string>;
}

const matchers = new WeakMap<LoadedModel, readonly RouteMatcher[]>();

function routesOf(model: LoadedModel): readonly RouteMatcher[] {
  let routes = matchers.get(model);
  if (routes !== undefined) return routes;
  const built: RouteMatcher[] = [];
  for (const name of model.operationNames()) {
    const operation = model.operation(name)!;
    const [path = '/', query = ''] = operation.http.requestUri.split('?');
    const segments = path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => {
        const m = /^\{([^}+]+)(\+)?\}$/.exec(s);
        return m !== null ? { label: m[1]!, greedy: m[2] === '+' } : { literal: s };
      });
    const fixedQuery = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(query)) fixedQuery.set(k, v);
    built.push({ operation, method: operation.http.method, segments, fixedQuery });
  }
  // More literal segments first, so `/clusters/{name}/updates` wins over a label.
  built.sort((a, b) => b.segments.filter((s) => 'literal' in s).length - a.segments.filter((s) => 'literal' in s).length || b.segments.length - a.segments.length);
  routes = built;
  matchers.set(model, routes);
  return routes;
}

function decodeLabel(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function matchRoute(route: RouteMatcher, method: string, parts: readonly string[], query: URLSearchParams): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const labels: Record<string, string> = {};
  let i = 0;
  for (const seg of route.segments) {
    if ('literal' in seg) {
      if (parts[i] !== seg.literal) return undefined;
      i++;
      continue;
    }
    if (seg.greedy) {
      if (i >= parts.length) return undefined;
      const v = decodeLabel(parts.slice(i).join('/'));
      if (v === undefined) return undefined;
      labels[seg.label] = v;
      i = parts.length;
      continue;
    }
    const raw = parts[i];
    if (raw === undefined || raw === '') return undefined;
    const v = decodeLabel(raw);
    if (v === undefined) return undefined;
    labels[seg.label] = v;
    i++;
  }
  if (i !== parts.length) return undefined;
  for (const [k, v] of route.fixedQuery) if (query.get(k) !== v) return undefined;
  return labels;
}

/** The operation a request's method and path name, with its path labels. */
export function restJsonOperation(model: LoadedModel, method: string, url: string): { readonly operation: Operation; readonly labels: Readonly<Record<string, string>> } | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const parts = path.split('/').filter((s) => s !== '');
  for (const route of routesOf(model)) {
    const labels = matchRoute(route, method, parts, query);
    if (labels !== undefined) return { operation: route.operation, labels };
  }
  return undefined;
}

export interface RestJsonRequest {
  readonly operation: string;
  readonly input: WireRecord;
}

function scalarFromText(model: LoadedModel, ref: ShapeRef, text: string, path: string): WireValue | undefined {
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(text)) throw new AwsError('SerializationException', `Expected an integer at '${path}'`, 400, 'Sender');
      return Number(text);
    }
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return new Date(text);
    default:
      return text;
  }
}

/**
 * Decodes a rest-json request. Throws AwsError: `UnknownOperationException` (404) for a method and
 * path no operation has, SerializationException for a body that is not JSON, and the service's
 * constraint answer for input the model refuses.
 */
export function decodeRestJsonRequest(model: LoadedModel, method: string, url: string, headers: HeaderMap, body: string): RestJsonRequest {
  const found = restJsonOperation(model, method, url);
  // AWS's answer to a path no operation has is not known from recordings; 404 with this code.
  if (found === undefined) throw new AwsError('UnknownOperationException', '', 404, 'Sender');
  const { operation, labels } = found;
  if (operation.input === undefined) return { operation: operation.name, input: {} };
  const shape = model.shape(operation.input.shape) as StructureShape;
  let parsed: unknown = {};
  if (body.trim() !== '') {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new AwsError('SerializationException', 'Body is not valid JSON', 400, 'Sender');
    }
  }
  const bodyMembers: Record<string, unknown> = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const q = url.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const input: Record<string, WireValue> = {};
  for (const [name, ref] of Object.entries(shape.members)) {
    const wireName = ref.locationName ?? name;
    switch (ref.location) {
      case 'uri': {
        const v = labels[wireName];
        if (v !== undefined) input[name] = v;
        break;
      }
      case 'querystring': {
        const member = model.shape(ref.shape);
        if (member.type === 'list') {
          const all = query.getAll(wireName);
          if (all.length > 0) input[name] = all.map((v, i) => scalarFromText(model, member.member, v, `${name}[${i}]`)).filter((v): v is WireValue => v !== undefined);
        } else {
          const v = query.get(wireName);
          if (v !== null) {
            const decoded = scalarFromText(model, ref, v, name);
            if (decoded !== undefined) input[name] = decoded;
          }
        }
        break;
      }
      case 'header': {
        const v = headers.get(wireName.toLowerCase())?.[0];
        if (v !== undefined) {
          const decoded = scalarFromText(model, ref, v, name);
          if (decoded !== undefined) input[name] = decoded;
        }
        break;
      }
      case undefined: {
        const decoded = decodeJsonValue(model, ref, bodyMembers[wireName] as Parameters<typeof decodeJsonValue>[2], `${operation.name}.${name}`);
        if (decoded !== undefined) input[name] = decoded;
        break;
      }
      default:
        break;
    }
  }
  const violations = validateInput(model, operation.input, input);
  if (violations.length > 0) throw constraintError(model, violations);
  return { operation: operation.name, input };
}

export function encodeRestJsonResponse(model: LoadedModel, operationName: string, output: WireRecord | undefined, requestId: string): EncodedResponse {
  const operation = model.operation(operationName);
  if (operation === undefined) throw new Error(`${model.metadata.serviceId} has no operation ${operationName}`);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId };
  const body: Record<string, unknown> = {};
  if (operation.output !== undefined && output !== undefined) {
    const shape = model.shape(operation.output.shape) as StructureShape;
    for (const [name, ref] of Object.entries(shape.members)) {
      const value = output[name];
      if (value === undefined) continue;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- header members are scalars
      if (ref.location === 'header') headers[ref.locationName ?? name] = String(value as string | number | boolean);
      else if (ref.location === undefined) body[ref.locationName ?? name] = encodeJsonValue(model, ref, value);
    }
  }
  return { status: operation.http.responseCode ?? 200, headers, body: JSON.stringify(body) };
}

/**
 * An error as rest-json services send it: the code in `x-amzn-ErrorType`, the status of the
 * model's error shape (or the error's own), and `{"message": ...}` with the shape's other members
 * (EKS's `clusterName`, `nodegroupName`...) from `extra`.
 */
export function encodeRestJsonError(model: LoadedModel, error: AwsError, requestId: string, extra: Readonly<Record<string, string>> = {}): EncodedResponse {
  const shape = model.errorShape(error.code)?.shape;
  const status = shape?.error?.httpStatusCode ?? error.httpStatus;
  const body: Record<string, string> = { ...extra };
  if (error.message !== '' || shape !== undefined) body.message = error.message;
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': error.code },
    body: JSON.stringify(body),
  };
}

