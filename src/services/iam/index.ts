/** The IAM service: every operation Gatehouse serves, in one table the server reads. */
import { operationTable, type OperationTable } from '../operation.js';
import { accessKeyOperations } from './access-keys.js';
import { accountAliasOperations } from './account-aliases.js';
import { getAccountSummary } from './account-summary.js';
import { attachmentOperations } from './attachments.js';
import { groupOperations } from './groups.js';
import { inlinePolicyOperations } from './inline-policies.js';
import { instanceProfileOperations } from './instance-profiles.js';
import { managedPolicyOperations } from './managed-policies.js';
import { oidcProviderOperations } from './oidc-providers.js';
import { organizationRootAccessOperations } from './organization-root-access.js';
import { outboundWebIdentityFederationOperations } from './outbound-web-identity-federation.js';
import { permissionsBoundaryOperations } from './permissions-boundaries.js';
import { policyVersionOperations } from './policy-versions.js';
import { policySimulatorOperations } from './policy-simulator.js';
import { roleOperations } from './roles.js';
import { samlProviderOperations } from './saml-providers.js';
import { serviceLinkedRoleOperations } from './service-linked-roles.js';
import { setSecurityTokenServicePreferences } from './sts-preferences.js';
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
  ...policySimulatorOperations,
  getAccountSummary,
  ...oidcProviderOperations,
  ...samlProviderOperations,
  ...instanceProfileOperations,
  ...serviceLinkedRoleOperations,
  ...accountAliasOperations,
  setSecurityTokenServicePreferences,
  ...organizationRootAccessOperations,
  ...outboundWebIdentityFederationOperations,
]);
