/**
 * What the request path records of one request, and the audit trail event built from it.
 *
 * The request path only gathers facts (flat values it already has); the CloudTrail record is
 * built where the event is stored: the SQLite store's trail worker, or the PostgreSQL store. Built
 * on the request thread, a record of some forty members cost more to hand over than to build.
 */
import type { Json } from '../policy/types.js';
import type { AuditEventRecord, AuditResource } from './records.js';
import { isoSeconds } from '../aws/iso-seconds.js';

export interface AuditFacts {
  /** CloudTrail's `eventID` (a UUID). */
  readonly eventId: string;
  readonly requestId: string;
  /** The request time, in milliseconds since the epoch (the record keeps whole seconds). */
  readonly timeMs: number;
  /** `iam.amazonaws.com`. */
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  /** `userIdentity.type`: Root, IAMUser, AssumedRole, …, or Unknown when the caller is not known. */
  readonly identityType: string;
  readonly principalId: string | undefined;
  readonly principalArn: string | undefined;
  /** The caller's account (`userIdentity.accountId`). */
  readonly identityAccountId: string | undefined;
  /** `userIdentity.userName`, for IAM users. */
  readonly userName: string | undefined;
  /** The key the request was signed with, even when it did not authenticate. */
  readonly accessKeyId: string | undefined;
  /** The lookup attribute `Username`: the IAM user's name, or `root`. */
  readonly lookupUsername: string | undefined;
  readonly recipientAccountId: string;
  readonly readOnly: boolean;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  /** The operation's input as decoded (members in the wire's UpperCamelCase), when it had any. */
  readonly requestParameters: unknown;
  /** The operation's output, for mutating calls that succeeded. */
  readonly responseElements: unknown;
  /** Gatehouse's explanation of the authorization decision. */
  readonly gatehouse: Json | undefined;
  readonly resources: readonly AuditResource[];
  /** CloudTrail's `tlsDetails`, for a request that came over TLS. */
  readonly tlsDetails: TlsDetails | undefined;
}

/** CloudTrail's `tlsDetails`: the session's version and cipher suite and the Host the client sent. */
export interface TlsDetails {
  readonly tlsVersion: string;
  readonly cipherSuite: string;
  readonly clientProvidedHostHeader: string;
}

/** Members never written to the trail (CloudTrail leaves secrets out). */
const SECRET_MEMBERS = new Set([
  'addprivatekey',
  'authenticationcode1',
  'authenticationcode2',
  'base32stringseed',
  'newpassword',
  'oldpassword',
  'password',
  'privatekey',
  'qrcodepng',
  'samlassertion',
  'secretaccesskey',
  'servicecredentialsecret',
  'servicepassword',
  'sessiontoken',
  'tokencode',
  'webidentitytoken',
]);

/** A wire value in CloudTrail's style: lowerCamelCase member names, secrets left out. */
export function trailValue(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return isoSeconds(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return (v as readonly unknown[]).map(trailValue);
  if (typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
      if (value === undefined || SECRET_MEMBERS.has(k.toLowerCase())) continue;
      out[k.charAt(0).toLowerCase() + k.slice(1)] = trailValue(value);
    }
    return out;
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return typeof v === 'bigint' ? v.toString() : null;
}

/** The trail event: LookupEvents' attributes and the CloudTrail record, in CloudTrail's member order. */
export function auditEventRecord(f: AuditFacts): AuditEventRecord {
  const eventTime = isoSeconds(f.timeMs);
  const userIdentity: { [k: string]: Json } = { type: f.identityType };
  if (f.principalId !== undefined) userIdentity.principalId = f.principalId;
  if (f.principalArn !== undefined) userIdentity.arn = f.principalArn;
  if (f.identityAccountId !== undefined) userIdentity.accountId = f.identityAccountId;
  if (f.accessKeyId !== undefined) userIdentity.accessKeyId = f.accessKeyId;
  if (f.userName !== undefined) userIdentity.userName = f.userName;
  const record: { [k: string]: Json } = {
    eventVersion: '1.08',
    userIdentity,
    eventTime,
    eventSource: f.eventSource,
    eventName: f.eventName,
    awsRegion: f.awsRegion,
    sourceIPAddress: f.sourceIp,
    userAgent: f.userAgent ?? null,
  };
  if (f.errorCode !== undefined) {
    record.errorCode = f.errorCode;
    record.errorMessage = f.errorMessage ?? '';
  }
  record.requestParameters = trailValue(f.requestParameters);
  record.responseElements = trailValue(f.responseElements);
  record.requestID = f.requestId;
  record.eventID = f.eventId;
  record.readOnly = f.readOnly;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = f.recipientAccountId;
  record.eventCategory = 'Management';
  if (f.tlsDetails !== undefined) {
    record.tlsDetails = { tlsVersion: f.tlsDetails.tlsVersion, cipherSuite: f.tlsDetails.cipherSuite, clientProvidedHostHeader: f.tlsDetails.clientProvidedHostHeader };
  }
  if (f.gatehouse !== undefined) record.gatehouse = f.gatehouse;
  // Assigned in the attribute order of LookupEvents' Event, leaving out what is unknown.
  const event: { -readonly [K in keyof AuditEventRecord]: AuditEventRecord[K] } = {
    EventId: f.eventId,
    EventTime: eventTime,
    EventName: f.eventName,
    EventSource: f.eventSource,
    AccountId: f.recipientAccountId,
  } as AuditEventRecord;
  if (f.lookupUsername !== undefined) event.Username = f.lookupUsername;
  if (f.accessKeyId !== undefined) event.AccessKeyId = f.accessKeyId;
  event.ReadOnly = f.readOnly;
  if (f.errorCode !== undefined) event.ErrorCode = f.errorCode;
  event.Resources = f.resources;
  event.CloudTrailEvent = record;
  return event;
}
