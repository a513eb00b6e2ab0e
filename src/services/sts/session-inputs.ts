/**
 * The inputs every session-making STS operation shares — duration, session policies, session
 * tags and their transitive keys — with AWS's checks and messages, and the credentials that come
 * out.
 */
import { deflateRawSync } from 'node:zlib';
import { AwsError } from '../../aws/aws-error.js';
import { isWireRecord, type WireRecord } from '../../aws/wire-value.js';
import type { RoleRecord } from '../../state/records.js';
import { newAccessKeyId, newSecretAccessKey } from '../../aws/ids.js';
import { asAccountId, parseIdentityArn } from '../../aws/arn.js';
import { parsePolicy } from '../../policy/index.js';
import type { ContextKeys } from '../../policy/types.js';
import type { OperationContext } from '../operation.js';
import type { SessionClaims } from './session-token.js';

/** STS's InvalidParameterValue (400). */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, 400);
}

/** The session policies given: the inline document and the managed ARNs. */
export interface SessionPolicyInput {
  readonly policy: string | undefined;
  readonly policyArns: readonly string[];
}

/** `Policy` and `PolicyArns`, checked: the inline policy must be a valid session policy, each ARN a policy ARN. */
export function sessionPolicies(input: WireRecord): SessionPolicyInput {
  const policy = typeof input.Policy === 'string' ? input.Policy : undefined;
  if (policy !== undefined) {
    const parsed = parsePolicy(policy, 'session', 'session policy');
    if (!parsed.ok) throw new AwsError('MalformedPolicyDocument', parsed.error.message, 400);
  }
  const policyArns: string[] = [];
  const list = Array.isArray(input.PolicyArns) ? (input.PolicyArns as readonly unknown[]) : [];
  for (const item of list) {
    const arn = isWireRecord(item as WireRecord) ? (item as WireRecord).arn : undefined;
    if (typeof arn !== 'string') continue;
    const parsed = parseIdentityArn(arn);
    // AWS's wording for an ARN that names no policy is not known; STS's ARN check answers so.
    if (parsed?.kind !== 'iam-resource' || parsed.type !== 'policy') throw new AwsError('ValidationError', `${arn} is invalid`, 400);
    policyArns.push(arn);
  }
  // "You can pass up to 10 managed policy ARNs" (id_credentials_temp_request.md); AWS's wording
  // beyond ten is not known.
  if (policyArns.length > 10) throw new AwsError('ValidationError', '1 validation error detected: Value at \'policyArns\' failed to satisfy constraint: Member must have length less than or equal to 10', 400);
  return { policy, policyArns };
}

/** Session tags, as given, and their transitive keys. */
export interface SessionTagsInput {
  readonly tags: readonly (readonly [string, string])[];
  readonly transitiveTagKeys: readonly string[];
}

/**
 * `Tags` and `TransitiveTagKeys`, with the tags a calling session passes on (role chaining):
 * keys are unique case-insensitively, transitive keys must be among the tags, and a session may
 * not set again a key it received as transitive.
 */
export function sessionTags(input: WireRecord, caller: SessionClaims | undefined): SessionTagsInput {
  const given: [string, string][] = [];
  const seen = new Set<string>();
  for (const item of Array.isArray(input.Tags) ? (input.Tags as readonly unknown[]) : []) {
    if (!isWireRecord(item as WireRecord)) continue;
    const { Key, Value } = item as WireRecord;
    if (typeof Key !== 'string') continue;
    const lower = Key.toLowerCase();
    if (seen.has(lower)) throw invalidParameter('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lower);
    given.push([Key, typeof Value === 'string' ? Value : '']);
  }
  const transitive = Array.isArray(input.TransitiveTagKeys) ? (input.TransitiveTagKeys as readonly unknown[]).filter((k): k is string => typeof k === 'string') : [];
  for (const key of transitive) {
    if (!seen.has(key.toLowerCase())) throw invalidParameter('The specified transitive tag key must be included in the requested tags.');
  }
  // From the calling session: its transitive tags carry over and may not be set again.
  const inherited = caller?.transitiveTagKeys ?? [];
  if (inherited.length === 0) return { tags: given, transitiveTagKeys: transitive };
  const inheritedLower = new Set(inherited.map((k) => k.toLowerCase()));
  if (given.some(([k]) => inheritedLower.has(k.toLowerCase()))) {
    throw invalidParameter("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
  }
  const carried = (caller?.tags ?? []).filter(([k]) => inheritedLower.has(k.toLowerCase()));
  return { tags: [...carried, ...given], transitiveTagKeys: [...inherited, ...transitive] };
}

/** The request's tag condition keys: `aws:RequestTag/<key>`, `aws:TagKeys`, `sts:TransitiveTagKeys`. */
export function tagConditionKeys(input: WireRecord, tags: SessionTagsInput): ContextKeys {
  const keys: Record<string, string | readonly string[]> = {};
  const given = Array.isArray(input.Tags) ? (input.Tags as readonly unknown[]).filter((t) => isWireRecord(t as WireRecord)) : [];
  if (given.length === 0) return keys;
  for (const t of given) {
    const { Key, Value } = t as WireRecord;
    if (typeof Key === 'string') keys[`aws:RequestTag/${Key}`] = typeof Value === 'string' ? Value : '';
  }
  keys['aws:TagKeys'] = given.map((t) => (t as WireRecord).Key).filter((k): k is string => typeof k === 'string');
  if (tags.transitiveTagKeys.length > 0) keys['sts:TransitiveTagKeys'] = tags.transitiveTagKeys;
  return keys;
}

/**
 * PackedPolicySize: how much of the room for session policies and tags a session takes, as a
 * percentage. AWS packs them in a binary form it does not publish; here the compressed size of
 * the same content is measured against 2,048 bytes, so that small sessions stay far below 100 and
 * a session policy near the 2,048-character limit with many tags goes over.
 */
export function packedPolicySize(policies: SessionPolicyInput, tags: SessionTagsInput): number {
  if (policies.policy === undefined && policies.policyArns.length === 0 && tags.tags.length === 0) return 0;
  let minified = '';
  if (policies.policy !== undefined) {
    try {
      minified = JSON.stringify(JSON.parse(policies.policy));
    } catch {
      minified = policies.policy;
    }
  }
  const content = [minified, ...policies.policyArns, ...tags.tags.map(([k, v]) => `${k}=${v}`)].join('\n');
  return Math.ceil((deflateRawSync(Buffer.from(content, 'utf8')).length * 100) / 2048);
}

/** Refuses a session whose policies and tags do not fit: "Packed policy consumes N% of allotted space". */
export function checkPackedSize(size: number): void {
  if (size > 100) throw new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${size}% of allotted space, please use smaller policy.`, 400);
}

/** New temporary credentials for `claims` (without the key fields), sealed. */
export function issueCredentials(
  ctx: OperationContext,
  accountId: string,
  durationSeconds: number,
  claims: Omit<SessionClaims, 'accessKeyId' | 'secretAccessKey' | 'issuedAt' | 'expiresAt' | 'accountId'>,
): { credentials: WireRecord; claims: SessionClaims } {
  const issuedAt = Math.floor(ctx.now.getTime() / 1000);
  const full: SessionClaims = {
    ...claims,
    accessKeyId: newAccessKeyId(asAccountId(accountId), true),
    secretAccessKey: newSecretAccessKey(),
    accountId,
    issuedAt,
    expiresAt: issuedAt + durationSeconds,
  };
  const credentials: WireRecord = {
    AccessKeyId: full.accessKeyId,
    SecretAccessKey: full.secretAccessKey,
    SessionToken: ctx.sessions.seal(full),
    Expiration: new Date(full.expiresAt * 1000),
  };
  return { credentials, claims: full };
}

/** AssumedRoleUser of a role session: `<role id>:<session name>` and the session's ARN. */
export function assumedRoleUser(role: RoleRecord, sessionName: string): WireRecord {
  return { AssumedRoleId: `${role.RoleId}:${sessionName}`, Arn: `arn:aws:sts::${role.AccountId}:assumed-role/${role.RoleName}/${sessionName}` };
}
