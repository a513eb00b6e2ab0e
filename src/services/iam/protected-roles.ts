/**
 * Service-linked roles are AWS's to change (using-service-linked-roles.md): they live under
 * `/aws-service-role/<service>/`, a path only CreateServiceLinkedRole may use, and the regular
 * APIs may change nothing of them but the description (and tags). Everything else is refused with
 * UnmodifiableEntity, as AWS refuses it.
 */
import type { RoleRecord } from '../../state/records.js';
import { iamMessages } from './iam-messages.js';

export const SERVICE_ROLE_PATH_PREFIX = '/aws-service-role/';

export function isServiceLinkedRole(role: Pick<RoleRecord, 'Path'>): boolean {
  return role.Path.startsWith(SERVICE_ROLE_PATH_PREFIX);
}

/** Throws UnmodifiableEntity for a service-linked role; returns the role otherwise. */
export function requireModifiableRole<R extends Pick<RoleRecord, 'Path' | 'RoleName'>>(role: R): R {
  if (isServiceLinkedRole(role)) throw iamMessages.protectedRole(role.RoleName);
  return role;
}

/** CreateRole refuses the service-linked roles' path (recorded InvalidInput). */
export function requireUnreservedRolePath(path: string): void {
  if (path.startsWith(SERVICE_ROLE_PATH_PREFIX)) throw iamMessages.reservedRolePath();
}
