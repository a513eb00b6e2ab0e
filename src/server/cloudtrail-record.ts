/**
 * One request as a CloudTrail record (CloudTrail's event record shape: eventVersion, userIdentity,
 * eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent, requestParameters,
 * responseElements, errorCode, errorMessage, requestID, eventID, readOnly, eventType...), plus
 * Gatehouse's explanation of the authorization decision under `gatehouse`.
 */
import { randomUUID } from 'node:crypto';
import type { Json, Explanation } from '../policy/types.js';
import type { WireRecord, WireValue } from '../aws/wire-value.js';
import type { AuditEventRecord, AuditResource } from '../state/records.js';
import type { Caller } from '../services/operation.js';
import { isoSeconds } from './request-time.js';

/** Members never written to the trail (CloudTrail leaves secrets out). */
const SECRET_MEMBERS = new Set(['secretaccesskey', 'password', 'oldpassword', 'newpassword', 'sessiontoken', 'privatekey', 'authenticationcode1', 'authenticationcode2', 'base32stringseed', 'qrcodepng']);

export interface RequestFacts {
  readonly requestId: string;
  readonly time: Date;
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  readonly readOnly: boolean;
  readonly caller: Caller | undefined;
  /** The key the request was signed with, even when it did not authenticate. */
  readonly accessKeyId: string | undefined;
  readonly accountId: string;
  readonly input: WireRecord | undefined;
  readonly output: WireRecord | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly explanation: Explanation | undefined;
  readonly resources: readonly AuditResource[];
}

const USER_IDENTITY_TYPE: Readonly<Record<string, string>> = {
  root: 'Root',
  user: 'IAMUser',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  service: 'AWSService',
  anonymous: 'AWSAccount',
};

export function auditEvent(f: RequestFacts): AuditEventRecord {
  const eventId = randomUUID();
  const eventTime = isoSeconds(f.time);
  const eventSource = `${f.service}.amazonaws.com`;
  const c = f.caller;
  // Built by assignment, in CloudTrail's field order (object spreads cost more on this path).
  const userIdentity: { [k: string]: Json } = { type: c !== undefined ? (USER_IDENTITY_TYPE[c.principal.type] ?? 'Unknown') : 'Unknown' };
  if (c !== undefined) {
    userIdentity.principalId = c.userId;
    userIdentity.arn = c.principal.arn;
    userIdentity.accountId = c.accountId;
    userIdentity.accessKeyId = c.accessKeyId;
    if (c.userName !== undefined) userIdentity.userName = c.userName;
  } else if (f.accessKeyId !== undefined) {
    userIdentity.accessKeyId = f.accessKeyId;
  }
  const record: { [k: string]: Json } = {
    eventVersion: '1.08',
    userIdentity,
    eventTime,
    eventSource,
    eventName: f.operation,
    awsRegion: f.region,
    sourceIPAddress: f.sourceIp,
    userAgent: f.userAgent ?? null,
  };
  if (f.errorCode !== undefined) {
    record.errorCode = f.errorCode;
    record.errorMessage = f.errorMessage ?? '';
  }
  record.requestParameters = f.input !== undefined && Object.keys(f.input).length > 0 ? trailValue(f.input) : null;
  record.responseElements = f.output !== undefined && !f.readOnly && f.errorCode === undefined ? trailValue(f.output) : null;
  record.requestID = f.requestId;
  record.eventID = eventId;
  record.readOnly = f.readOnly;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = f.accountId;
  record.eventCategory = 'Management';
  if (f.explanation !== undefined) record.gatehouse = explanationJson(f.explanation);
  return {
    EventId: eventId,
    EventTime: eventTime,
    EventName: f.operation,
    EventSource: eventSource,
    AccountId: f.accountId,
    Username: c?.userName ?? (c?.principal.type === 'root' ? 'root' : undefined),
    AccessKeyId: c?.accessKeyId ?? f.accessKeyId,
    ReadOnly: f.readOnly,
    ErrorCode: f.errorCode,
    Resources: f.resources,
    CloudTrailEvent: record,
  };
}

/** The decision with its reasons; the full per-statement trace for denials. */
function explanationJson(e: Explanation): Json {
  const out: { [k: string]: Json } = {
    decision: e.decision,
    summary: e.summary,
    deciding: e.deciding.map((r) => ({ policy: r.policy, kind: r.kind, statement: r.statement, effect: r.effect })),
  };
  if (e.deniedBy !== undefined) out.deniedBy = e.deniedBy;
  if (e.message !== undefined) out.message = e.message;
  if (e.decision !== 'Allow') {
    out.policies = JSON.parse(JSON.stringify(e.policies)) as Json;
    if (e.fix !== undefined) out.fix = { kind: e.fix.kind, policyKind: e.fix.policyKind, policy: e.fix.policy ?? null, statement: e.fix.statement, text: e.fix.text };
  }
  return out;
}

/** A wire value in CloudTrail's style: lowerCamelCase member names, secrets left out. */
function trailValue(v: WireValue): Json {
  if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return (v as readonly WireValue[]).map(trailValue);
  if (typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, value] of Object.entries(v as WireRecord)) {
      if (value === undefined || SECRET_MEMBERS.has(k.toLowerCase())) continue;
      out[k.charAt(0).toLowerCase() + k.slice(1)] = trailValue(value);
    }
    return out;
  }
  return v;
}
