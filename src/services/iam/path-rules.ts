/**
 * IAM paths (reference_identifiers.md, reference_iam-quotas.md): `/` or `/a/b/`, beginning and
 * ending with a slash. The model's pattern is checked by the decoder; IAM also refuses empty
 * segments.
 */
import { iamMessages } from './iam-messages.js';

export const ROOT_PATH = '/';

export function requireValidPath(path: string): void {
  if (path !== ROOT_PATH && (!path.startsWith('/') || !path.endsWith('/') || path.includes('//'))) {
    throw iamMessages.invalidPath();
  }
}

/**
 * The resource a list operation is authorized on: `arn:aws:iam::<acct>:user/` plus the path
 * prefix without its leading slash (`user/` for all users, `user/division/` under a prefix). AWS
 * names this resource in access-denied messages for ListUsers, ListRoles and ListGroups.
 */
export function listResource(accountId: string, type: 'user' | 'role' | 'group' | 'policy' | 'instance-profile', pathPrefix: string | undefined): string {
  const prefix = pathPrefix === undefined || pathPrefix === '' ? '/' : pathPrefix.startsWith('/') ? pathPrefix : `/${pathPrefix}`;
  return `arn:aws:iam::${accountId}:${type}${prefix}`;
}
