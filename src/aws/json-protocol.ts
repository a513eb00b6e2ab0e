/**
 * The awsJson 1.0 / 1.1 protocols (CloudTrail, Organizations): `POST /` with
 * `X-Amz-Target: <targetPrefix>.<Operation>` and a JSON body; JSON responses with timestamps as
 * epoch seconds and blobs as base64; errors as `{"__type": "<Code>", "message": "..."}` with the
 * code also in the `x-amzn-ErrorType` header.
 *
 * rest-json (EKS) shares the value conversions here (`decodeJsonValue` / `encodeJsonValue`); its
 * HTTP binding (path labels, query string, headers) is a separate step not written yet.
 */
import { AwsError } from './aws-error.js';
import type { LoadedModel, ShapeRef } from './model.js';
import type { EncodedResponse } from './encoded-response.js';
import { validateInput } from './shape-validation.js';
import { constraintError } from './constraint-errors.js';
import { isWireRecord, type WireRecord, type WireValue } from './wire-value.js';

export interface JsonRequest {
  readonly operation: string;
  readonly input: WireRecord;
}

/** The JSON value types a parsed body can hold. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// The error codes below are the generic ones of AWS's JSON services; the exact message texts AWS
// sends with them are not known from recordings and are written here plainly.
const UNKNOWN_OPERATION = 'UnknownOperationException';
const SERIALIZATION = 'SerializationException';

function serializationError(message: string): AwsError {
  return new AwsError(SERIALIZATION, message, 400, 'Sender');
}

function isJsonObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Convert one JSON value to its wire value per the model shape. */
export function decodeJsonValue(model: LoadedModel, ref: ShapeRef, value: Json | undefined, path: string): WireValue | undefined {
  if (value === undefined || value === null) return undefined;
  const shape = model.shape(ref.shape);
  const fail = (expected: string): never => {
    throw serializationError(`Expected ${expected} at '${path}'`);
  };
  switch (shape.type) {
    case 'structure': {
      if (!isJsonObject(value)) return fail('an object');
      const out: Record<string, WireValue> = {};
      for (const [name, memberRef] of Object.entries(shape.members)) {
        const member = decodeJsonValue(model, memberRef, value[memberRef.locationName ?? name], `${path}.${name}`);
        if (member !== undefined) out[name] = member;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return fail('an array');
      return value
        .map((item, i) => decodeJsonValue(model, shape.member, item, `${path}[${i}]`))
        .filter((v): v is WireValue => v !== undefined);
    case 'map': {
      if (!isJsonObject(value)) return fail('an object');
      const out: Record<string, WireValue> = {};
      for (const [k, v] of Object.entries(value)) {
        const decoded = decodeJsonValue(model, shape.value, v, `${path}.${k}`);
        if (decoded !== undefined) out[k] = decoded;
      }
      return out;
    }
    case 'string':
      return typeof value === 'string' ? value : fail('a string');
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) ? value : fail('an integer');
    case 'float':
    case 'double':
      return typeof value === 'number' ? value : fail('a number');
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('a boolean');
    case 'timestamp': {
      if (typeof value === 'number') return new Date(value * 1000);
      if (typeof value === 'string' && Number.isFinite(Date.parse(value))) return new Date(value);
      return fail('a timestamp');
    }
    case 'blob':
      return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : fail('a base64 string');
  }
}

/** Convert a wire value to the JSON AWS writes for it (timestamps as epoch seconds, blobs base64). */
export function encodeJsonValue(model: LoadedModel, ref: ShapeRef, value: WireValue): Json {
  const shape = model.shape(ref.shape);
  switch (shape.type) {
    case 'structure': {
      const out: { [key: string]: Json } = {};
      if (!isWireRecord(value)) return out;
      for (const [name, memberRef] of Object.entries(shape.members)) {
        const member = value[name];
        if (member !== undefined) out[memberRef.locationName ?? name] = encodeJsonValue(model, memberRef, member);
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? (value as readonly WireValue[]).map((item) => encodeJsonValue(model, shape.member, item)) : [];
    case 'map': {
      const out: { [key: string]: Json } = {};
      if (!isWireRecord(value)) return out;
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeJsonValue(model, shape.value, v);
      return out;
    }
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : (value as number);
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : typeof value === 'string' ? value : '';
    default:
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
      throw new TypeError(`cannot encode a ${typeof value} as ${shape.type}`);
  }
}

function contentType(model: LoadedModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.1'}`;
}

/** The operation an `X-Amz-Target` (full form) names, if the service has it. */
export function jsonTargetOperation(model: LoadedModel, target: string | undefined): string | undefined {
  const dot = (target ?? '').lastIndexOf('.');
  if (target === undefined || dot < 0 || target.slice(0, dot) !== (model.metadata.targetPrefix ?? '')) return undefined;
  const operationName = target.slice(dot + 1);
  return model.operation(operationName) !== undefined ? operationName : undefined;
}

/**
 * Decode an awsJson request from its `X-Amz-Target` header and body, validating the input against
 * the model. Throws `AwsError` (UnknownOperationException, SerializationException, and for broken
 * constraints the service's answer: ValidationException, or Organizations' InvalidInputException).
 */
export function decodeJsonRequest(model: LoadedModel, target: string | undefined, body: string): JsonRequest {
  const operationName = jsonTargetOperation(model, target);
  const operation = operationName !== undefined ? model.operation(operationName) : undefined;
  if (operationName === undefined || operation === undefined) throw new AwsError(UNKNOWN_OPERATION, '', 400, 'Sender');
  let parsed: Json;
  try {
    parsed = body.trim() === '' ? {} : (JSON.parse(body) as Json);
  } catch {
    throw serializationError('Body is not valid JSON');
  }
  if (operation.input === undefined) return { operation: operationName, input: {} };
  const decoded = decodeJsonValue(model, operation.input, parsed, operationName);
  const input = isWireRecord(decoded) ? decoded : {};
  const violations = validateInput(model, operation.input, input);
  if (violations.length > 0) throw constraintError(model, violations);
  return { operation: operationName, input };
}

export function encodeJsonResponse(model: LoadedModel, operationName: string, output: WireRecord | undefined, requestId: string): EncodedResponse {
  const operation = model.operation(operationName);
  if (operation === undefined) throw new Error(`${model.metadata.serviceId} has no operation ${operationName}`);
  const body = operation.output === undefined ? {} : encodeJsonValue(model, operation.output, output ?? {});
  return {
    status: 200,
    headers: { 'Content-Type': contentType(model), 'x-amzn-RequestId': requestId },
    body: JSON.stringify(body),
  };
}

/**
 * Encode an error as awsJson does. The message goes under the error shape's own member name when
 * the model has one (`Message` in Organizations), else `message`; `extra` adds members such as
 * Organizations' `Reason`.
 */
export function encodeJsonError(
  model: LoadedModel,
  error: AwsError,
  requestId: string,
  extra: Readonly<Record<string, string>> = {},
): EncodedResponse {
  const shape = model.errorShape(error.code)?.shape;
  const messageKey = shape !== undefined && Object.hasOwn(shape.members, 'Message') ? 'Message' : 'message';
  const body: Record<string, string> = { __type: error.code, ...extra };
  if (error.message !== '') body[messageKey] = error.message;
  return {
    status: error.httpStatus,
    headers: { 'Content-Type': contentType(model), 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': error.code },
    body: JSON.stringify(body),
  };
}
