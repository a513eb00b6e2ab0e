/** The IAM service: every operation Gatehouse serves, in one table the server reads. */
import { operationTable, type OperationTable } from '../operation.js';
import { accessKeyOperations } from './access-keys.js';
import { accountAliasOperations } from './account-aliases.js';
import { getAccountSummary } from './account-summary.js';
import { attachmentOperations } from './attachments.js';
import { credentialReportOperations } from './credential-report.js';
import { groupOperations } from './groups.js';
import { inlinePolicyOperations } from './inline-policies.js';
import { instanceProfileOperations, roleInstanceProfiles } from './instance-profiles.js';
import { managedPolicyOperations } from './managed-policies.js';
import { oidcProviderOperations } from './oidc-providers.js';
import { organizationRootAccessOperations } from './organization-root-access.js';
import { outboundWebIdentityFederationOperations } from './outbound-web-identity-federation.js';
import { loginProfileOperations } from './login-profiles.js';
import { mfaAssignmentOperations } from './mfa-assignment.js';
import { passwordPolicyOperations } from './password-policy.js';
import { accountAuthorizationDetailsOperation } from './authorization-details.js';
import { lastAccessedOperations } from './last-accessed.js';
import { organizationsAccessReportOperations } from './organizations-access-report.js';
import { permissionsBoundaryOperations } from './permissions-boundaries.js';
import { policyVersionOperations } from './policy-versions.js';
import { policySimulatorOperations } from './policy-simulator.js';
import { roleOperations } from './roles.js';
import { samlProviderOperations } from './saml-providers.js';
import { serviceLinkedRoleOperations } from './service-linked-roles.js';
import { setSecurityTokenServicePreferences } from './sts-preferences.js';
import { serverCertificateOperations } from './server-certificates.js';
import { serviceSpecificCredentialOperations } from './service-specific-credentials.js';
import { signingCertificateOperations } from './signing-certificates.js';
import { sshPublicKeyOperations } from './ssh-public-keys.js';
import { tagOperationDefs } from './tags.js';
import { userOperations } from './users.js';
import { virtualMfaDeviceOperations } from './virtual-mfa-devices.js';

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
  ...loginProfileOperations,
  ...passwordPolicyOperations,
  ...virtualMfaDeviceOperations,
  ...mfaAssignmentOperations,
  ...sshPublicKeyOperations,
  ...signingCertificateOperations,
  ...serverCertificateOperations,
  ...serviceSpecificCredentialOperations,
  ...credentialReportOperations,
  getAccountSummary,
  ...oidcProviderOperations,
  ...samlProviderOperations,
  ...instanceProfileOperations,
  ...serviceLinkedRoleOperations,
  ...accountAliasOperations,
  setSecurityTokenServicePreferences,
  ...organizationRootAccessOperations,
  ...outboundWebIdentityFederationOperations,
  accountAuthorizationDetailsOperation(roleInstanceProfiles),
  ...lastAccessedOperations,
  ...organizationsAccessReportOperations,
]);
