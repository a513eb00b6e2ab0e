/** The Organizations service: every operation Gatehouse serves, in one table the server reads. */
import { operationTable, type OperationTable } from '../operation.js';
import { accountOperations, type SaveRootCredentials } from './accounts.js';
import { organizationOperations } from './organizations.js';
import { organizationalUnitOperations } from './organizational-units.js';
import { policyOperations } from './policies.js';
import { policyAttachmentOperations } from './policy-attachments.js';
import { policyTypeOperations } from './policy-types.js';
import { tagOperations } from './tags.js';

export type { SaveRootCredentials } from './accounts.js';
export type { RootCredentials } from './member-account.js';
export { OrganizationPolicies, type AccountGuardrails } from './organization-policies.js';

export interface OrganizationsDeps {
  /** Keeps each new member account's root credentials where their user finds them. */
  readonly saveRootCredentials: SaveRootCredentials;
}

export function organizationsOperations(deps: OrganizationsDeps): OperationTable {
  return operationTable([
    ...organizationOperations,
    ...organizationalUnitOperations,
    ...accountOperations(deps.saveRootCredentials),
    ...policyOperations,
    ...policyAttachmentOperations,
    ...policyTypeOperations,
    ...tagOperations,
  ]);
}
