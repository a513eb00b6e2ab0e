/**
 * The AWS Query protocol (IAM, STS): form-encoded requests in, XML responses out.
 *
 * Request keys follow the model the way AWS clients serialize them: structure members by name
 * (or `locationName`), lists as `Name.member.N` (flattened lists `Name.N`), maps as
 * `Name.entry.N.key` / `Name.entry.N.value`; an empty list is sent as `Name=`.
 *
 * Responses:
 *   <{Op}Response xmlns="..."><{Op}Result>...</{Op}Result>
 *   <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></{Op}Response>
 * and errors:
 *   <ErrorResponse xmlns="..."><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error>
 *   <RequestId>..</RequestId></ErrorResponse>
 */
import { AwsError, awsErrors } from './aws-error.js';
import type { EncodedResponse } from './encoded-response.js';
import type { LoadedModel, Shape, ShapeRef } from './model.js';
import { javaHashMapOrder, memberPath, validateInput, validationMessage, violationStyle, violationText, type Violation } from './shape-validation.js';
import { isWireRecord, type WireRecord, type WireValue } from './wire-value.js';
import { escapeXml, xmlElement } from './xml-text.js';
import { isoSeconds } from './iso-seconds.js';

export interface QueryRequest {
  readonly operation: string;
  readonly input: WireRecord;
}

/** IAM's name parameters share this pattern, and IAM reports it with its own message. */
const IAM_NAME_PATTERN = '[\\w+=,.@-]+';
/** IAM's path parameters share this pattern, and IAM reports it with its own message too. */
const IAM_PATH_PATTERN = '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)';

// ---------------------------------------------------------------------------------------------
// Request decoding

/** The request parameters as a tree split on dots: `Tags.member.1.Key` → Tags › member › 1 › Key. */
interface ParamNode {
  value?: string;
  readonly children: Map<string, ParamNode>;
}

function paramTree(params: URLSearchParams): ParamNode {
  const root: ParamNode = { children: new Map() };
  for (const [key, value] of params) {
    let node = root;
    for (const part of key.split('.')) {
      let child = node.children.get(part);
      if (child === undefined) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

/** Children whose names are positive integers, in numeric order. */
function indexed(node: ParamNode | undefined): ParamNode[] {
  if (node === undefined) return [];
  return [...node.children.entries()]
    .filter(([name]) => /^[1-9]\d*$/.test(name))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

interface DecodeContext {
  readonly model: LoadedModel;
  readonly violations: Violation[];
}

// AWS's wording for a value that cannot be read as the member's type is not known; these
// violations use the same sentence form as the other constraint violations.
function typeViolation(ctx: DecodeContext, shape: Shape, path: string, raw: string, expected: string): undefined {
  ctx.violations.push({ path, kind: 'type', text: violationText(raw, shape, path, `Member must be ${expected}`, violationStyle(ctx.model)) });
  return undefined;
}

function decodeScalar(ctx: DecodeContext, shape: Shape, raw: string, path: string): WireValue | undefined {
  switch (shape.type) {
    case 'string':
      return raw;
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : typeViolation(ctx, shape, path, raw, 'an integer');
    case 'float':
    case 'double': {
      const n = Number(raw.trim());
      return raw.trim() !== '' && Number.isFinite(n) ? n : typeViolation(ctx, shape, path, raw, 'a number');
    }
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      return typeViolation(ctx, shape, path, raw, 'a boolean');
    }
    case 'timestamp': {
      const trimmed = raw.trim();
      const ms = /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
      return Number.isFinite(ms) ? new Date(ms) : typeViolation(ctx, shape, path, raw, 'a timestamp');
    }
    case 'blob':
      return new Uint8Array(Buffer.from(raw, 'base64'));
    default:
      return undefined;
  }
}

function decodeNode(ctx: DecodeContext, ref: ShapeRef, node: ParamNode | undefined, path: string): WireValue | undefined {
  if (node === undefined) return undefined;
  const shape = ctx.model.shape(ref.shape);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, WireValue> = {};
      for (const [name, memberRef] of Object.entries(shape.members)) {
        const value = decodeNode(ctx, memberRef, node.children.get(memberRef.locationName ?? name), memberPath(path, name));
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case 'list': {
      const flattened = shape.flattened === true || ref.flattened === true;
      const items = flattened ? indexed(node) : indexed(node.children.get(shape.member.locationName ?? 'member'));
      if (items.length === 0) return node.value !== undefined || node.children.size > 0 ? [] : undefined;
      return items
        .map((item, i) => decodeNode(ctx, shape.member, item, `${path}.${i + 1}.member`))
        .filter((v): v is WireValue => v !== undefined);
    }
    case 'map': {
      const flattened = shape.flattened === true || ref.flattened === true;
      const entries = flattened ? indexed(node) : indexed(node.children.get('entry'));
      const out: Record<string, WireValue> = {};
      entries.forEach((entry, i) => {
        const key = entry.children.get(shape.key.locationName ?? 'key')?.value;
        const value = decodeNode(ctx, shape.value, entry.children.get(shape.value.locationName ?? 'value'), `${path}.entry.${i + 1}.value`);
        if (key !== undefined && value !== undefined) out[key] = value;
      });
      return entries.length === 0 && node.value === undefined ? undefined : out;
    }
    default:
      return node.value === undefined ? undefined : decodeScalar(ctx, shape, node.value, path);
  }
}

export interface QueryDecodeOptions {
  /**
   * Report violations of IAM's name pattern `[\w+=,.@-]+` the way IAM does ("The specified value
   * for roleName is invalid. It must contain only alphanumeric characters and/or the following:
   * +=,.@_-"), after the other constraint checks have passed. On by default for IAM.
   */
  readonly iamNameMessages?: boolean;
}

/**
 * Decode a Query request into its operation name and typed input, validating the input against the
 * model. Throws `AwsError` (InvalidAction, MissingAction, ValidationError).
 *
 * `params` is the union of the URL query and the form body.
 */
export function decodeQueryRequest(model: LoadedModel, params: URLSearchParams, options: QueryDecodeOptions = {}): QueryRequest {
  const action = params.get('Action');
  if (action === null || action === '') throw awsErrors.missingAction();
  const version = params.get('Version');
  const operation = model.operation(action);
  // A request without Version is accepted: AWS's answer to a missing Version is not known.
  if (operation === undefined || (version !== null && version !== model.metadata.apiVersion)) {
    throw awsErrors.invalidAction(action, version ?? model.metadata.apiVersion);
  }
  if (operation.input === undefined) return { operation: action, input: {} };

  const ctx: DecodeContext = { model, violations: [] };
  const decoded = decodeNode(ctx, operation.input, paramTree(params), '');
  const input = isWireRecord(decoded) ? decoded : {};
  const violations = [...ctx.violations, ...validateInput(model, operation.input, input)];
  const iamNames = options.iamNameMessages ?? model.metadata.endpointPrefix === 'iam';
  throwViolations(violations, iamNames);
  return { operation: action, input };
}

/**
 * AWS checks the modelled constraints first and reports them together; IAM's name and path checks
 * come after them, so a name- or path-pattern violation is reported alone and only when nothing
 * else failed (recorded: CreateVirtualMFADevice with Path `invalid-path/` or `/invalid-path`
 * answers IAM's path message, a 514-character path the length violation).
 */
function throwViolations(violations: readonly Violation[], iamNames: boolean): void {
  const isName = (v: Violation): boolean => iamNames && v.kind === 'pattern' && v.pattern === IAM_NAME_PATTERN;
  const isPath = (v: Violation): boolean => iamNames && v.kind === 'pattern' && v.pattern === IAM_PATH_PATTERN;
  const others = violations.filter((v) => !isName(v) && !isPath(v));
  if (others.length > 0) throw awsErrors.validation(validationMessage(iamNames ? javaHashMapOrder(others) : others));
  if (violations.some(isPath)) throw awsErrors.invalidPath();
  const name = violations.find(isName);
  if (name !== undefined) throw awsErrors.invalidName(name.path);
}

// ---------------------------------------------------------------------------------------------
// Response encoding

function encodeScalar(shape: Shape, value: WireValue): string {
  if (value instanceof Date) {
    if (shape.type === 'timestamp' && shape.timestampFormat === 'unixTimestamp') return String(value.getTime() / 1000);
    return isoSeconds(value);
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'string') return escapeXml(String(value));
  throw new TypeError(`cannot encode a ${typeof value} as ${shape.type}`);
}

/**
 * The response being written: pieces appended in order and joined once (building each element's
 * text from its children's would copy a large answer once per level of nesting).
 */
class XmlWriter {
  readonly parts: string[] = [];
  /** Characters written so far; an element whose content adds none is written `<name/>`. */
  length = 0;

  text(t: string): void {
    if (t === '') return;
    this.parts.push(t);
    this.length += t.length;
  }

  /** `<name>content</name>`, or `<name/>` when `content` writes nothing (as `xmlElement`). */
  element(name: string, content: () => void): void {
    const at = this.parts.length;
    const before = this.length;
    this.parts.push('');
    content();
    if (this.length === before) {
      this.parts[at] = `<${name}/>`;
    } else {
      this.parts[at] = `<${name}>`;
      this.parts.push(`</${name}>`);
    }
    this.length += 1;
  }
}

/** The XML content (not the enclosing element) of one value. */
function encodeContent(model: LoadedModel, ref: ShapeRef, value: WireValue, out: XmlWriter): void {
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure':
      if (isWireRecord(value)) encodeMembers(model, shape.members, value, out);
      return;
    case 'list': {
      if (!Array.isArray(value)) return;
      const tag = shape.member.locationName ?? 'member';
      for (const item of value as readonly WireValue[]) out.element(tag, () => encodeContent(model, shape.member, item, out));
      return;
    }
    case 'map': {
      if (!isWireRecord(value)) return;
      const keyTag = shape.key.locationName ?? 'key';
      const valueTag = shape.value.locationName ?? 'value';
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        out.element('entry', () => {
          out.text(xmlElement(keyTag, escapeXml(k)));
          out.element(valueTag, () => encodeContent(model, shape.value, v, out));
        });
      }
      return;
    }
    default:
      out.text(encodeScalar(shape, value));
  }
}

/** Each structure's members as a list, made once per model shape (responses are encoded per request). */
const memberLists = new WeakMap<Readonly<Record<string, ShapeRef>>, readonly (readonly [string, ShapeRef])[]>();

function memberList(members: Readonly<Record<string, ShapeRef>>): readonly (readonly [string, ShapeRef])[] {
  let list = memberLists.get(members);
  if (list === undefined) {
    list = Object.entries(members);
    memberLists.set(members, list);
  }
  return list;
}

function encodeMembers(model: LoadedModel, members: Readonly<Record<string, ShapeRef>>, value: WireRecord, out: XmlWriter): void {
  for (const [name, ref] of memberList(members)) {
    const memberValue = value[name];
    if (memberValue === undefined) continue;
    const tag = ref.locationName ?? name;
    const shape = model.shape(ref.shape);
    if (shape.type === 'list' && (shape.flattened === true || ref.flattened === true)) {
      const items = Array.isArray(memberValue) ? (memberValue as readonly WireValue[]) : [];
      for (const item of items) out.element(shape.member.locationName ?? tag, () => encodeContent(model, shape.member, item, out));
      continue;
    }
    out.element(tag, () => encodeContent(model, ref, memberValue, out));
  }
}

function responseMetadata(requestId: string): string {
  return `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`;
}

const XML_HEADERS = (requestId: string): Record<string, string> => ({
  'Content-Type': 'text/xml',
  'x-amzn-RequestId': requestId,
});

/** Encode an operation's output; an operation without output still answers its ResponseMetadata. */
export function encodeQueryResponse(
  model: LoadedModel,
  operationName: string,
  output: WireRecord | undefined,
  requestId: string,
): EncodedResponse {
  const operation = model.operation(operationName);
  if (operation === undefined) throw new Error(`${model.metadata.serviceId} has no operation ${operationName}`);
  const ns = model.metadata.xmlNamespace ?? '';
  let result = '';
  if (operation.output !== undefined) {
    const wrapper = operation.output.resultWrapper ?? `${operationName}Result`;
    const out = new XmlWriter();
    encodeContent(model, operation.output, output ?? {}, out);
    result = `<${wrapper}>${out.parts.join('')}</${wrapper}>`;
  }
  const body = `<${operationName}Response xmlns="${escapeXml(ns)}">${result}${responseMetadata(requestId)}</${operationName}Response>\n`;
  return { status: 200, headers: XML_HEADERS(requestId), body };
}

/** Encode an AWS error as the Query protocol's `<ErrorResponse>`, with the error's HTTP status. */
export function encodeQueryError(model: LoadedModel, error: AwsError, requestId: string): EncodedResponse {
  const ns = model.metadata.xmlNamespace ?? '';
  // An error without a message is answered without a Message element, as IAM answers
  // GetCredentialReport before any report exists (recorded: Code and Type only).
  const message = error.message === '' ? '' : `<Message>${escapeXml(error.message)}</Message>`;
  const body =
    `<ErrorResponse xmlns="${escapeXml(ns)}"><Error><Type>${error.fault}</Type>` +
    `<Code>${escapeXml(error.code)}</Code>${message}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>\n`;
  return { status: error.httpStatus, headers: XML_HEADERS(requestId), body };
}

/**
 * Parameters one Query request may carry. The largest requests IAM takes (SAML metadata up to 10
 * million characters, certificate chains, simulations of many actions) carry a few thousand at
 * most; a body of millions of tiny parameters would cost hundreds of megabytes to parse and is
 * refused first. AWS's own limit and wording for this are not known.
 */
export const MAX_QUERY_PARAMETERS = 100_000;

/**
 * The `Action` parameter alone, without parsing the whole request: from the URL query, else the
 * form body (the order `queryParams` gives). Used to name a request before it is authenticated.
 */
export function queryAction(urlQuery: string, formBody: Buffer): string | undefined {
  if (urlQuery.includes('Action=')) {
    const fromUrl = new URLSearchParams(urlQuery).get('Action');
    if (fromUrl !== null) return fromUrl;
  }
  let at = formBody.indexOf('Action=');
  while (at > 0 && formBody[at - 1] !== 0x26 /* & */) at = formBody.indexOf('Action=', at + 1);
  if (at < 0) return undefined;
  const start = at + 'Action='.length;
  const end = formBody.indexOf(0x26, start);
  const raw = formBody.toString('latin1', start, end < 0 ? Math.min(formBody.length, start + 256) : Math.min(end, start + 256));
  return new URLSearchParams(`Action=${raw}`).get('Action') ?? undefined;
}

/** Merge the URL query and an `application/x-www-form-urlencoded` body into one parameter set. */
export function queryParams(urlQuery: string, formBody: string): URLSearchParams {
  let separators = 0;
  for (let i = formBody.indexOf('&'); i >= 0; i = formBody.indexOf('&', i + 1)) {
    if (++separators >= MAX_QUERY_PARAMETERS) throw awsErrors.validation(`The request has more than ${MAX_QUERY_PARAMETERS} parameters.`);
  }
  const params = new URLSearchParams(urlQuery);
  for (const [k, v] of new URLSearchParams(formBody)) params.append(k, v);
  return params;
}
