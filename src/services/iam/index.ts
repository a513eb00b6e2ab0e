/** The IAM service: every operation Gatehouse serves, in one table the server reads. */
import { operationTable, type OperationTable } from '../operation.js';
import { accessKeyOperations } from './access-keys.js';
import { getAccountSummary } from './account-summary.js';
import { attachmentOperations } from './attachments.js';
import { accountAuthorizationDetailsOperation } from './authorization-details.js';
import { groupOperations } from './groups.js';
import { inlinePolicyOperations } from './inline-policies.js';
import { lastAccessedOperations } from './last-accessed.js';
import { managedPolicyOperations } from './managed-policies.js';
import { organizationsAccessReportOperations } from './organizations-access-report.js';
import { permissionsBoundaryOperations } from './permissions-boundaries.js';
import { policyVersionOperations } from './policy-versions.js';
import { roleOperations } from './roles.js';
import { tagOperationDefs } from './tags.js';
import { userOperations } from './users.js';

export const iamOperations: OperationTable = operationTable([
  ...userOperations,
  ...groupOperations,
  ...roleOperations,
  ...managedPolicyOperations,
  ...policyVersionOperations,
  ...inlinePolicyOperations,
  ...attachmentOperations,
  ...permissionsBoundaryOperations,
  ...accessKeyOperations,
  ...tagOperationDefs,
  getAccountSummary,
  accountAuthorizationDetailsOperation(),
  ...lastAccessedOperations,
  ...organizationsAccessReportOperations,
]);
