/**
 * One request's audit facts, from which the store builds the CloudTrail record (see
 * `state/audit-facts.ts`), plus Gatehouse's explanation of the authorization decision under
 * `gatehouse`.
 */
import { randomUUID } from 'node:crypto';
import type { Json, Explanation } from '../policy/types.js';
import type { WireRecord } from '../aws/wire-value.js';
import type { AuditResource } from '../state/records.js';
import type { AuditFacts, TlsDetails } from '../state/audit-facts.js';
import type { Caller } from '../services/operation.js';

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
  /** For denials: the encoded authorization message. */
  readonly encodedMessage?: string | undefined;
  readonly resources: readonly AuditResource[];
  readonly tlsDetails: TlsDetails | undefined;
}

const USER_IDENTITY_TYPE: Readonly<Record<string, string>> = {
  root: 'Root',
  user: 'IAMUser',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  service: 'AWSService',
  anonymous: 'AWSAccount',
};

/** The request's audit facts: flat values picked from what the request path already has. */
export function auditFacts(f: RequestFacts): AuditFacts {
  const c = f.caller;
  return {
    eventId: randomUUID(),
    requestId: f.requestId,
    timeMs: f.time.getTime(),
    eventSource: `${f.service}.amazonaws.com`,
    eventName: f.operation,
    awsRegion: f.region,
    sourceIp: f.sourceIp,
    userAgent: f.userAgent,
    identityType: c !== undefined ? (USER_IDENTITY_TYPE[c.principal.type] ?? 'Unknown') : 'Unknown',
    principalId: c?.userId,
    principalArn: c?.principal.arn,
    identityAccountId: c?.accountId,
    userName: c?.userName,
    accessKeyId: c?.accessKeyId ?? f.accessKeyId,
    lookupUsername: c?.userName ?? (c?.principal.type === 'root' ? 'root' : undefined),
    recipientAccountId: f.accountId,
    readOnly: f.readOnly,
    errorCode: f.errorCode,
    errorMessage: f.errorCode !== undefined ? (f.errorMessage ?? '') : undefined,
    requestParameters: f.input !== undefined && Object.keys(f.input).length > 0 ? f.input : undefined,
    responseElements: f.output !== undefined && !f.readOnly && f.errorCode === undefined ? f.output : undefined,
    gatehouse: f.explanation !== undefined ? explanationJson(f.explanation, f.encodedMessage) : undefined,
    resources: f.resources,
    tlsDetails: f.tlsDetails,
  };
}

/** The decision with its reasons; the full per-statement trace for denials. */
function explanationJson(e: Explanation, encodedMessage: string | undefined): Json {
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
    if (encodedMessage !== undefined) out.encodedAuthorizationMessage = encodedMessage;
  }
  return out;
}
