/**
 * A permissions boundary must be an existing managed policy (customer managed in the account, or
 * AWS managed); IAM answers anything else with NoSuchEntity "Scope ARN: ... does not exist or is
 * not attachable." (access_policies_boundaries.md).
 */
import type { AttachedPermissionsBoundary } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import { findManagedPolicy, requirePolicyArn } from './entity-lookup.js';
import { iamMessages } from './iam-messages.js';

export async function requireBoundary(c: ReadCollections, accountId: string, policyArn: string): Promise<AttachedPermissionsBoundary> {
  requirePolicyArn(policyArn);
  const policy = await findManagedPolicy(c, accountId, policyArn);
  if (policy?.IsAttachable !== true) {
    throw iamMessages.boundaryNotAttachable(policyArn);
  }
  return { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: policyArn };
}
