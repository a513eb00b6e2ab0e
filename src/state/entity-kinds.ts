/**
 * The entity collections, in one table: for each, its SQL table and how a record's index keys are
 * derived. Both stores are generic over this table, so adding an entity kind (STS sessions, OIDC
 * providers, EKS access entries...) is one entry here, one record type, and one migration that
 * creates its table with `entityTableStatements`.
 *
 * Every collection is stored the same way: the record as JSON plus these keys:
 * - `id`: globally unique (AWS unique IDs, access key IDs, or compositions of them);
 * - `scope`: the account ID, or `''` for organization-wide records;
 * - `parent`: the owning entity's ID for nested records (`''` at top level);
 * - `name`: the friendly name, unique case-insensitively within (scope, parent), or null;
 * - `ref`: one secondary reference to query by (a policy ARN, a member's user ID...);
 * - `path`: for path-prefix filters;
 * - `sortKey`: listing order (then `id`).
 */
import type {
  AccessKeyRecord,
  AccessReportRecord,
  AccountAliasRecord,
  AccountRecord,
  AccountSettingsRecord,
  CreateAccountStatusRecord,
  CredentialReportRecord,
  GroupMembershipRecord,
  GroupRecord,
  InlinePolicyRecord,
  InstanceProfileRecord,
  KubernetesObjectRecord,
  LoginProfileRecord,
  ManagedPolicyRecord,
  OidcProviderRecord,
  OrganizationalUnitRecord,
  OrganizationPolicyAttachmentRecord,
  OrganizationPolicyRecord,
  OrganizationRecord,
  OrganizationFeaturesRecord,
  PasswordPolicyRecord,
  PolicyAttachmentRecord,
  PolicyVersionRecord,
  RoleRecord,
  SamlProviderRecord,
  ServerCertificateRecord,
  ServiceLinkedRoleDeletionRecord,
  ServiceSpecificCredentialRecord,
  SigningCertificateRecord,
  SshPublicKeyRecord,
  UserRecord,
  VirtualMfaDeviceRecord,
} from './records.js';
import type { EksAccessEntryRecord, EksClusterRecord, EksPodIdentityAssociationRecord, EksUpdateRecord } from './eks-records.js';

export interface EntityKeys {
  readonly id: string;
  readonly scope: string;
  readonly parent: string;
  readonly ref: string;
  readonly name: string | null;
  readonly path: string;
  readonly sortKey: string;
}

/** The record type held by each collection. */
export interface EntityRecords {
  accounts: AccountRecord;
  users: UserRecord;
  groups: GroupRecord;
  groupMemberships: GroupMembershipRecord;
  roles: RoleRecord;
  policies: ManagedPolicyRecord;
  policyVersions: PolicyVersionRecord;
  inlinePolicies: InlinePolicyRecord;
  policyAttachments: PolicyAttachmentRecord;
  accessKeys: AccessKeyRecord;
  oidcProviders: OidcProviderRecord;
  samlProviders: SamlProviderRecord;
  instanceProfiles: InstanceProfileRecord;
  serviceLinkedRoleDeletions: ServiceLinkedRoleDeletionRecord;
  accountAliases: AccountAliasRecord;
  accountSettings: AccountSettingsRecord;
  organizationFeatures: OrganizationFeaturesRecord;
  loginProfiles: LoginProfileRecord;
  passwordPolicies: PasswordPolicyRecord;
  virtualMfaDevices: VirtualMfaDeviceRecord;
  sshPublicKeys: SshPublicKeyRecord;
  signingCertificates: SigningCertificateRecord;
  serverCertificates: ServerCertificateRecord;
  serviceSpecificCredentials: ServiceSpecificCredentialRecord;
  credentialReports: CredentialReportRecord;
  accessReports: AccessReportRecord;
  organizations: OrganizationRecord;
  organizationalUnits: OrganizationalUnitRecord;
  orgPolicies: OrganizationPolicyRecord;
  orgPolicyAttachments: OrganizationPolicyAttachmentRecord;
  createAccountStatuses: CreateAccountStatusRecord;
  eksClusters: EksClusterRecord;
  eksAccessEntries: EksAccessEntryRecord;
  eksPodIdentityAssociations: EksPodIdentityAssociationRecord;
  eksUpdates: EksUpdateRecord;
  kubernetesObjects: KubernetesObjectRecord;
}

export type CollectionName = keyof EntityRecords;

export interface EntityKind<R> {
  /** The SQL table (same name in both stores). */
  readonly table: string;
  readonly keys: (record: R) => EntityKeys;
}

/** Names compare case-insensitively; IAM names are ASCII, so this is locale-free. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** `v12` sorts after `v9`. */
function versionSortKey(versionId: string): string {
  const n = /^v(\d+)$/.exec(versionId);
  return n?.[1] !== undefined ? n[1].padStart(10, '0') : versionId;
}

const TOP = '';
const NO_REF = '';
const ROOT_PATH = '/';

/** The key of the one organization Gatehouse holds. */
export const ORGANIZATION_KEY = 'organization';

export const ENTITY_KINDS: { readonly [C in CollectionName]: EntityKind<EntityRecords[C]> } = {
  accounts: {
    table: 'org_accounts',
    // `ref` is the root or OU the account is in (ListAccountsForParent).
    keys: (r) => ({ id: r.Id, scope: '', parent: TOP, ref: r.ParentId ?? NO_REF, name: null, path: ROOT_PATH, sortKey: r.Id }),
  },
  users: {
    table: 'iam_users',
    keys: (r) => ({
      id: r.UserId,
      scope: r.AccountId,
      parent: TOP,
      ref: r.PermissionsBoundary?.PermissionsBoundaryArn ?? NO_REF,
      name: nameKey(r.UserName),
      path: r.Path,
      sortKey: nameKey(r.UserName),
    }),
  },
  groups: {
    table: 'iam_groups',
    keys: (r) => ({
      id: r.GroupId,
      scope: r.AccountId,
      parent: TOP,
      ref: NO_REF,
      name: nameKey(r.GroupName),
      path: r.Path,
      sortKey: nameKey(r.GroupName),
    }),
  },
  groupMemberships: {
    table: 'iam_group_memberships',
    keys: (r) => ({
      id: `${r.GroupId}|${r.UserId}`,
      scope: r.AccountId,
      parent: r.GroupId,
      ref: r.UserId,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.GroupId}|${r.UserId}`,
    }),
  },
  roles: {
    table: 'iam_roles',
    keys: (r) => ({
      id: r.RoleId,
      scope: r.AccountId,
      parent: TOP,
      ref: r.PermissionsBoundary?.PermissionsBoundaryArn ?? NO_REF,
      name: nameKey(r.RoleName),
      path: r.Path,
      sortKey: nameKey(r.RoleName),
    }),
  },
  policies: {
    table: 'iam_policies',
    keys: (r) => ({
      id: r.PolicyId,
      scope: r.AccountId,
      parent: TOP,
      ref: NO_REF,
      name: nameKey(r.PolicyName),
      path: r.Path,
      sortKey: nameKey(r.PolicyName),
    }),
  },
  policyVersions: {
    table: 'iam_policy_versions',
    keys: (r) => ({
      id: `${r.PolicyId}|${r.VersionId}`,
      scope: r.AccountId,
      parent: r.PolicyId,
      ref: NO_REF,
      name: nameKey(r.VersionId),
      path: ROOT_PATH,
      sortKey: versionSortKey(r.VersionId),
    }),
  },
  inlinePolicies: {
    table: 'iam_inline_policies',
    // AWS documents inline names as unique per holder but not whether that is case-insensitive;
    // like every other IAM name, they are compared case-insensitively here.
    keys: (r) => ({
      id: `${r.PrincipalId}|${nameKey(r.PolicyName)}`,
      scope: r.AccountId,
      parent: r.PrincipalId,
      ref: NO_REF,
      name: nameKey(r.PolicyName),
      path: ROOT_PATH,
      sortKey: nameKey(r.PolicyName),
    }),
  },
  policyAttachments: {
    table: 'iam_policy_attachments',
    keys: (r) => ({
      id: `${r.PrincipalId}|${r.PolicyArn}`,
      scope: r.AccountId,
      parent: r.PrincipalId,
      ref: r.PolicyArn,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.PolicyArn}|${r.PrincipalId}`,
    }),
  },
  accessKeys: {
    table: 'iam_access_keys',
    keys: (r) => ({
      id: r.AccessKeyId,
      scope: r.AccountId,
      parent: r.UserId,
      ref: NO_REF,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.CreateDate}|${r.AccessKeyId}`,
    }),
  },
  oidcProviders: {
    table: 'iam_oidc_providers',
    // The ARN is the identity: it carries the account and the issuer URL exactly as given (IAM
    // compares provider URLs case-sensitively), so a second provider for one URL collides on it.
    keys: (r) => ({ id: r.Arn, scope: r.AccountId, parent: TOP, ref: NO_REF, name: null, path: ROOT_PATH, sortKey: r.Arn }),
  },
  samlProviders: {
    table: 'iam_saml_providers',
    keys: (r) => ({
      id: r.SAMLProviderUUID,
      scope: r.AccountId,
      parent: TOP,
      ref: NO_REF,
      name: nameKey(r.Name),
      path: ROOT_PATH,
      sortKey: nameKey(r.Name),
    }),
  },
  instanceProfiles: {
    table: 'iam_instance_profiles',
    // `ref` is the role in the profile, for ListInstanceProfilesForRole and DeleteRole's check.
    keys: (r) => ({
      id: r.InstanceProfileId,
      scope: r.AccountId,
      parent: TOP,
      ref: r.RoleId ?? NO_REF,
      name: nameKey(r.InstanceProfileName),
      path: r.Path,
      sortKey: nameKey(r.InstanceProfileName),
    }),
  },
  serviceLinkedRoleDeletions: {
    table: 'iam_slr_deletion_tasks',
    keys: (r) => ({
      id: r.DeletionTaskId,
      scope: r.AccountId,
      parent: TOP,
      ref: NO_REF,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.CreateDate}|${r.DeletionTaskId}`,
    }),
  },
  accountAliases: {
    table: 'iam_account_aliases',
    // Organization-wide scope and the alias as name: an alias is unique across all accounts, and
    // the account ID as ID keeps one alias per account.
    keys: (r) => ({ id: r.AccountId, scope: '', parent: TOP, ref: NO_REF, name: nameKey(r.AccountAlias), path: ROOT_PATH, sortKey: r.AccountId }),
  },
  accountSettings: {
    table: 'iam_account_settings',
    keys: (r) => ({ id: r.AccountId, scope: r.AccountId, parent: TOP, ref: NO_REF, name: null, path: ROOT_PATH, sortKey: r.AccountId }),
  },
  organizationFeatures: {
    table: 'iam_organization_features',
    keys: (r) => ({
      id: r.OrganizationId,
      scope: '',
      parent: TOP,
      ref: r.ManagementAccountId,
      name: null,
      path: ROOT_PATH,
      sortKey: r.OrganizationId,
    }),
  },
  loginProfiles: {
    table: 'iam_login_profiles',
    // One per user: filed under the user, by the user's ID.
    keys: (r) => ({ id: r.UserId, scope: r.AccountId, parent: r.UserId, ref: NO_REF, name: null, path: ROOT_PATH, sortKey: r.UserId }),
  },
  passwordPolicies: {
    table: 'iam_password_policies',
    // One per account.
    keys: (r) => ({ id: r.AccountId, scope: r.AccountId, parent: TOP, ref: NO_REF, name: null, path: ROOT_PATH, sortKey: r.AccountId }),
  },
  virtualMfaDevices: {
    table: 'iam_virtual_mfa_devices',
    // Named uniquely per account (a device created and never enabled blocks its name until it is
    // deleted); `ref` is the user it is enabled for, '' while unassigned.
    keys: (r) => ({
      id: r.SerialNumber,
      scope: r.AccountId,
      parent: TOP,
      ref: r.UserId ?? NO_REF,
      name: nameKey(r.VirtualMFADeviceName),
      path: r.Path,
      sortKey: r.SerialNumber,
    }),
  },
  sshPublicKeys: {
    table: 'iam_ssh_public_keys',
    keys: (r) => ({
      id: r.SSHPublicKeyId,
      scope: r.AccountId,
      parent: r.UserId,
      ref: r.Fingerprint,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.UploadDate}|${r.SSHPublicKeyId}`,
    }),
  },
  signingCertificates: {
    table: 'iam_signing_certificates',
    // `ref` is the certificate's fingerprint: one certificate belongs to one holder per account.
    keys: (r) => ({
      id: r.CertificateId,
      scope: r.AccountId,
      parent: r.UserId,
      ref: r.Fingerprint,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.UploadDate}|${r.CertificateId}`,
    }),
  },
  serverCertificates: {
    table: 'iam_server_certificates',
    keys: (r) => ({
      id: r.ServerCertificateId,
      scope: r.AccountId,
      parent: TOP,
      ref: NO_REF,
      name: nameKey(r.ServerCertificateName),
      path: r.Path,
      sortKey: nameKey(r.ServerCertificateName),
    }),
  },
  serviceSpecificCredentials: {
    table: 'iam_service_specific_credentials',
    keys: (r) => ({
      id: r.ServiceSpecificCredentialId,
      scope: r.AccountId,
      parent: r.UserId,
      ref: r.ServiceName,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.CreateDate}|${r.ServiceSpecificCredentialId}`,
    }),
  },
  credentialReports: {
    table: 'iam_credential_reports',
    // The account's latest report only.
    keys: (r) => ({ id: r.AccountId, scope: r.AccountId, parent: TOP, ref: NO_REF, name: null, path: ROOT_PATH, sortKey: r.AccountId }),
  },
  accessReports: {
    table: 'iam_access_reports',
    keys: (r) => ({
      id: r.JobId,
      scope: r.AccountId,
      parent: TOP,
      ref: r.EntityArn,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.JobCreationDate}|${r.JobId}`,
    }),
  },
  organizations: {
    table: 'org_organizations',
    // One organization, under one fixed key, so that every request finds it by ID.
    keys: () => ({ id: ORGANIZATION_KEY, scope: '', parent: TOP, ref: NO_REF, name: null, path: ROOT_PATH, sortKey: ORGANIZATION_KEY }),
  },
  organizationalUnits: {
    table: 'org_units',
    // Organizations documents OU names as unique within a parent but not whether the comparison
    // ignores case; like IAM names, they are compared case-insensitively here.
    keys: (r) => ({
      id: r.Id,
      scope: '',
      parent: r.ParentId,
      ref: NO_REF,
      name: nameKey(r.Name),
      path: ROOT_PATH,
      sortKey: nameKey(r.Name),
    }),
  },
  orgPolicies: {
    table: 'org_policies',
    // Names are unique per policy type (DuplicatePolicyException names "name and type").
    keys: (r) => ({
      id: r.Id,
      scope: '',
      parent: r.Type,
      ref: NO_REF,
      name: nameKey(r.Name),
      path: ROOT_PATH,
      sortKey: nameKey(r.Name),
    }),
  },
  orgPolicyAttachments: {
    table: 'org_policy_attachments',
    // Listed by target (`parent`) or by policy (`ref`).
    keys: (r) => ({
      id: `${r.TargetId}|${r.PolicyId}`,
      scope: '',
      parent: r.TargetId,
      ref: r.PolicyId,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.PolicyType}|${r.PolicyId}|${r.TargetId}`,
    }),
  },
  createAccountStatuses: {
    table: 'org_create_account_status',
    keys: (r) => ({
      id: r.Id,
      scope: '',
      parent: TOP,
      ref: r.AccountId ?? NO_REF,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.RequestedTimestamp}|${r.Id}`,
    }),
  },
  eksClusters: {
    table: 'eks_clusters',
    // By issuer ID (the endpoint and issuer name it); names are unique per account and region.
    keys: (r) => ({ id: r.issuerId, scope: r.accountId, parent: r.region, ref: r.arn, name: r.name, path: ROOT_PATH, sortKey: r.name }),
  },
  eksAccessEntries: {
    table: 'eks_access_entries',
    // Under the cluster's issuer ID; one entry per principal ARN.
    keys: (r) => ({ id: `${r.clusterId}|${r.principalArn}`, scope: r.accountId, parent: r.clusterId, ref: r.principalArn, name: null, path: ROOT_PATH, sortKey: r.principalArn }),
  },
  eksPodIdentityAssociations: {
    table: 'eks_pod_identity_associations',
    // `ref` is namespace and service account: one association per pair.
    keys: (r) => ({
      id: r.associationId,
      scope: r.accountId,
      parent: r.clusterId,
      ref: `${r.namespace}|${r.serviceAccount}`,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.namespace}|${r.serviceAccount}|${r.associationId}`,
    }),
  },
  eksUpdates: {
    table: 'eks_updates',
    // Under the cluster's issuer ID, listed by update ID (the order of the ID lists AWS shows).
    keys: (r) => ({ id: r.id, scope: r.accountId, parent: r.clusterId, ref: NO_REF, name: null, path: ROOT_PATH, sortKey: r.id }),
  },
  kubernetesObjects: {
    table: 'eks_kubernetes_objects',
    // Filed under the cluster (`parent` = region|cluster) and listed by kind (`ref`). Kubernetes
    // names are case-sensitive, so the friendly-name index is not used.
    keys: (r) => ({
      id: `${r.AccountId}|${r.Region}|${r.ClusterName}|${r.Group}|${r.Kind}|${r.Namespace}|${r.Name}`,
      scope: r.AccountId,
      parent: `${r.Region}|${r.ClusterName}`,
      ref: r.Kind,
      name: null,
      path: ROOT_PATH,
      sortKey: `${r.Kind}|${r.Namespace}|${r.Name}|${r.Group}`,
    }),
  },
};

export const COLLECTION_NAMES = Object.keys(ENTITY_KINDS) as readonly CollectionName[];
