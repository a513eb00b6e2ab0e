/**
 * The global condition keys AWS puts in every request context (reference_policies_condition-keys.md),
 * from the caller and the HTTP request. Operation-specific keys are added by each operation.
 */
import type { Caller } from '../services/operation.js';
import type { PrincipalType } from '../policy/types.js';
import { isoSeconds } from '../aws/iso-seconds.js';

export interface TransportFacts {
  readonly sourceIp: string;
  readonly secure: boolean;
  readonly userAgent: string | undefined;
  readonly region: string;
  readonly now: Date;
}

/** `aws:PrincipalType` values by principal kind. */
const PRINCIPAL_TYPE: Readonly<Record<PrincipalType, string>> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  service: 'Service',
  anonymous: 'Anonymous',
};

export function globalConditionKeys(caller: Caller, t: TransportFacts): Record<string, string | readonly string[]> {
  const keys: Record<string, string | readonly string[]> = {
    'aws:CurrentTime': isoSeconds(t.now),
    'aws:EpochTime': String(Math.floor(t.now.getTime() / 1000)),
    'aws:SecureTransport': t.secure ? 'true' : 'false',
    'aws:SourceIp': t.sourceIp,
    'aws:RequestedRegion': t.region,
    'aws:PrincipalArn': caller.principal.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': PRINCIPAL_TYPE[caller.principal.type],
    'aws:userid': caller.userId,
    'aws:ViaAWSService': 'false',
    'aws:PrincipalIsAWSService': 'false',
  };
  if (t.userAgent !== undefined) keys['aws:UserAgent'] = t.userAgent;
  if (caller.userName !== undefined) keys['aws:username'] = caller.userName;
  const s = caller.session;
  if (s !== undefined) {
    // Temporary credentials (reference_policies_condition-keys.md): the role's ARN, not the
    // session's, is the principal ARN; MFA keys are present (and false without MFA) only here.
    if (caller.principal.type === 'assumed-role' && caller.principal.identityArn !== undefined) keys['aws:PrincipalArn'] = caller.principal.identityArn;
    keys['aws:TokenIssueTime'] = isoSeconds(new Date(s.issuedAt * 1000));
    keys['aws:MultiFactorAuthPresent'] = s.mfaAt !== undefined ? 'true' : 'false';
    if (s.mfaAt !== undefined) keys['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor(t.now.getTime() / 1000) - s.mfaAt));
    if (s.sourceIdentity !== undefined) keys['aws:SourceIdentity'] = s.sourceIdentity;
    if (s.federation !== undefined) {
      keys['aws:FederatedProvider'] = s.federation.provider;
      Object.assign(keys, s.federation.keys);
    }
  }
  const tagKeys = Object.keys(caller.tags);
  for (const k of tagKeys) keys[`aws:PrincipalTag/${k}`] = caller.tags[k]!;
  return keys;
}

/** The client address without the IPv4-mapped IPv6 prefix Node reports for IPv4 peers. */
export function clientAddress(remote: string | undefined): string {
  if (remote === undefined) return '127.0.0.1';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}
