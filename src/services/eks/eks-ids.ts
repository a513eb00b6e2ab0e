/** EKS's names and identifiers: ARNs, the OIDC issuer's ID and URL, association IDs. */
import { randomBytes, randomUUID } from 'node:crypto';

export function clusterArn(accountId: string, region: string, name: string): string {
  return `arn:aws:eks:${region}:${accountId}:cluster/${name}`;
}

/** 32 uppercase hex digits, as in `https://oidc.eks.<region>.amazonaws.com/id/<id>`. */
export function newIssuerId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export function issuerUrl(region: string, issuerId: string): string {
  return `https://${oidcHost(region)}/id/${issuerId}`;
}

export function oidcHost(region: string): string {
  return `oidc.eks.${region}.amazonaws.com`;
}

/**
 * An access entry's ARN: `access-entry/<cluster>/<role|user>/<account>/<name>/<uuid>` (the form
 * AWS returns; the principal's path is not part of it).
 */
export function accessEntryArn(accountId: string, region: string, clusterName: string, principal: { kind: 'role' | 'user'; account: string; name: string }): string {
  return `arn:aws:eks:${region}:${accountId}:access-entry/${clusterName}/${principal.kind}/${principal.account}/${principal.name}/${randomUUID()}`;
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `a-` and 17 lowercase letters and digits, as AWS's association IDs. */
export function newAssociationId(): string {
  const bytes = randomBytes(17);
  let out = 'a-';
  for (const b of bytes) out += LOWER_ALNUM[b % LOWER_ALNUM.length];
  return out;
}

export function podIdentityAssociationArn(accountId: string, region: string, clusterName: string, associationId: string): string {
  return `arn:aws:eks:${region}:${accountId}:podidentityassociation/${clusterName}/${associationId}`;
}

/** The IAM principal an ARN names, for access entries: role or user, account, name (path dropped). */
export function principalOf(arn: string): { kind: 'role' | 'user'; account: string; name: string; path: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):(role|user)(\/(?:[^/]+\/)*)?([^/]+)$/.exec(arn);
  if (m === null) return undefined;
  return { kind: m[2] as 'role' | 'user', account: m[1]!, path: m[3] ?? '/', name: m[4]! };
}
