/**
 * The rules of access entries (eks-user-guide/creating-access-entries.md): their types, the
 * usernames and groups EKS gives each type, and what a STANDARD entry's own username and groups
 * may be.
 */
import { eksErrors } from './eks-errors.js';
import { principalOf } from './eks-ids.js';

/** The types the EKS API accepts (its CreateAccessEntry `type`). */
export const ACCESS_ENTRY_TYPES: readonly string[] = ['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'EC2', 'HYBRID_LINUX', 'HYPERPOD_LINUX'];

/** Prefixes a username may not start with (the guide's list). */
const RESERVED_USERNAME_PREFIXES = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'];

/**
 * The username EKS sets when none is given: for a STANDARD role the assumed-role ARN with the
 * role's path removed and `{{SessionName}}`; for a user its ARN; for node types the node's name.
 */
export function defaultUsername(type: string, principalArn: string): string | undefined {
  const p = principalOf(principalArn);
  if (p === undefined) return undefined;
  switch (type) {
    case 'STANDARD':
      return p.kind === 'role' ? `arn:aws:sts::${p.account}:assumed-role/${p.name}/{{SessionName}}` : principalArn;
    case 'EC2_LINUX':
    case 'EC2_WINDOWS':
    case 'EC2':
      return 'system:node:{{EC2PrivateDNSName}}';
    default:
      // FARGATE_LINUX, HYBRID_LINUX, HYPERPOD_LINUX: the node is named by the session.
      return 'system:node:{{SessionName}}';
  }
}

/** The groups EKS gives a node entry (its nodes join as `system:nodes`). */
export function defaultGroups(type: string): readonly string[] {
  return type === 'STANDARD' ? [] : ['system:nodes'];
}

/** A STANDARD entry's username, checked as the guide says. AWS's exact messages are not known. */
export function checkUsername(username: string, clusterName: string): void {
  const reserved = RESERVED_USERNAME_PREFIXES.find((p) => username.startsWith(p));
  if (reserved !== undefined) throw eksErrors.invalidParameter(`username cannot start with ${reserved}`, clusterName);
  const at = username.indexOf('{{SessionName}}');
  if (at >= 0 && !username.slice(0, at).includes(':')) throw eksErrors.invalidParameter('username must include a colon before {{SessionName}}', clusterName);
}

/** Kubernetes groups of a STANDARD entry: none may be a reserved `system:` group. AWS's exact message is not known. */
export function checkGroups(groups: readonly string[], clusterName: string): void {
  for (const g of groups) {
    if (g.startsWith('system:')) throw eksErrors.invalidParameter(`The kubernetes group name ${g} is invalid, it cannot start with system:`, clusterName);
  }
}
