/**
 * The store contract's tests, run against every store implementation (sqlite-store.test.ts,
 * postgres-store.test.ts): one suite, so both stores keep exactly the same semantics.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CollectionName, EntityRecords } from './entity-kinds.js';
import type { EksAccessEntryRecord, EksClusterRecord, EksPodIdentityAssociationRecord, EksUpdateRecord } from './eks-records.js';
import type {
  AccessKeyRecord,
  AuditEventRecord,
  GroupRecord,
  LoginProfileRecord,
  ManagedPolicyRecord,
  OrganizationPolicyRecord,
  OrganizationRecord,
  PasswordHash,
  PasswordPolicyRecord,
  OidcProviderRecord,
  PolicyVersionRecord,
  RoleRecord,
  SamlProviderRecord,
  ServiceLinkedRoleDeletionRecord,
  SealedSecret,
  ServerCertificateRecord,
  ServiceSpecificCredentialRecord,
  SigningCertificateRecord,
  SshPublicKeyRecord,
  UserRecord,
  VirtualMfaDeviceRecord,
} from './records.js';
import type { Change, ReadCollection, Revision, Store, WriteCollection } from './store.js';
import { auditEventRecord, type AuditFacts } from './audit-facts.js';
import type { StoreOptions } from './index.js';
import { DuplicateNameError, InvalidMarkerError, TransactionMisuseError } from './store-errors.js';

/** A fresh, empty store, and what the durability tests need to reach the same state again. */
export interface StoreUnderTest {
  readonly store: Store;
  /** Opens another handle on the same state; the caller closes it. */
  readonly reopen: () => Promise<Store>;
  /** Arguments for crash-writer.js: the data directory and, for PostgreSQL, the URL. */
  readonly crashWriterArgs: readonly string[];
  /** Closes the store and removes its state. */
  readonly dispose: () => Promise<void>;
}

export interface StoreHarness {
  readonly name: string;
  fresh(options?: StoreOptions): Promise<StoreUnderTest>;
}

const A = '123456789012';
const B = '210987654321';
const T0 = '2024-05-01T12:00:00Z';

function user(name: string, id: string, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    AccountId: A,
    Path: '/',
    UserName: name,
    UserId: id,
    Arn: `arn:aws:iam::${A}:user/${name}`,
    CreateDate: T0,
    Tags: [],
    ...extra,
  };
}

function group(name: string, id: string, extra: Partial<GroupRecord> = {}): GroupRecord {
  return { AccountId: A, Path: '/', GroupName: name, GroupId: id, Arn: `arn:aws:iam::${A}:group/${name}`, CreateDate: T0, ...extra };
}

const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

function role(name: string, id: string, extra: Partial<RoleRecord> = {}): RoleRecord {
  return {
    AccountId: A,
    Path: '/',
    RoleName: name,
    RoleId: id,
    Arn: `arn:aws:iam::${A}:role/${name}`,
    CreateDate: T0,
    AssumeRolePolicyDocument: TRUST,
    MaxSessionDuration: 3600,
    Tags: [],
    ...extra,
  };
}

function policy(name: string, id: string, extra: Partial<ManagedPolicyRecord> = {}): ManagedPolicyRecord {
  return {
    AccountId: A,
    PolicyName: name,
    PolicyId: id,
    Arn: `arn:aws:iam::${A}:policy/${name}`,
    Path: '/',
    DefaultVersionId: 'v1',
    IsAttachable: true,
    CreateDate: T0,
    UpdateDate: T0,
    Tags: [],
    ...extra,
  };
}

function accessKey(id: string, userId: string, extra: Partial<AccessKeyRecord> = {}): AccessKeyRecord {
  return {
    AccountId: A,
    UserId: userId,
    AccessKeyId: id,
    SecretAccessKey: `secret/${id}`,
    Status: 'Active',
    CreateDate: T0,
    ...extra,
  };
}

function version(policyId: string, versionId: string): PolicyVersionRecord {
  return { AccountId: A, PolicyId: policyId, VersionId: versionId, Document: ALLOW_ALL, CreateDate: T0 };
}

interface Sample<R> {
  readonly record: R;
  readonly updated: R;
  readonly id: string;
  /** How to look it up by name (upper-cased to prove case-insensitivity), if it has one. */
  readonly byName?: { readonly scope: string; readonly name: string; readonly parent?: string };
  readonly scope: string;
}

const SAMPLES: { readonly [C in CollectionName]: Sample<EntityRecords[C]> } = {
  accounts: {
    record: {
      Id: A,
      Arn: `arn:aws:organizations::${A}:account/o-exampleorgid/${A}`,
      Name: 'Production',
      Email: 'prod@example.com',
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: T0,
    },
    updated: {
      Id: A,
      Arn: `arn:aws:organizations::${A}:account/o-exampleorgid/${A}`,
      Name: 'Production',
      Email: 'prod@example.com',
      Status: 'SUSPENDED',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: T0,
    },
    id: A,
    scope: '',
  },
  users: {
    record: user('Alice', 'AIDAALICE0000000001'),
    updated: user('Alice', 'AIDAALICE0000000001', {
      Path: '/eng/',
      Tags: [{ Key: 'team', Value: 'web' }],
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/Boundary`,
      },
    }),
    id: 'AIDAALICE0000000001',
    byName: { scope: A, name: 'ALICE' },
    scope: A,
  },
  groups: {
    record: group('Developers', 'AGPADEV000000000001'),
    updated: group('Developers', 'AGPADEV000000000001', { Path: '/eng/' }),
    id: 'AGPADEV000000000001',
    byName: { scope: A, name: 'developers' },
    scope: A,
  },
  groupMemberships: {
    record: { AccountId: A, GroupId: 'AGPADEV000000000001', UserId: 'AIDAALICE0000000001' },
    updated: { AccountId: A, GroupId: 'AGPADEV000000000001', UserId: 'AIDAALICE0000000001' },
    id: 'AGPADEV000000000001|AIDAALICE0000000001',
    scope: A,
  },
  roles: {
    record: role('S3Access', 'AROAS3ACCESS0000001'),
    updated: role('S3Access', 'AROAS3ACCESS0000001', { Description: 'reads buckets', MaxSessionDuration: 43200 }),
    id: 'AROAS3ACCESS0000001',
    byName: { scope: A, name: 's3access' },
    scope: A,
  },
  policies: {
    record: policy('ReadOnly', 'ANPAREADONLY0000001'),
    updated: policy('ReadOnly', 'ANPAREADONLY0000001', { DefaultVersionId: 'v2', UpdateDate: '2024-06-01T00:00:00Z' }),
    id: 'ANPAREADONLY0000001',
    byName: { scope: A, name: 'READONLY' },
    scope: A,
  },
  policyVersions: {
    record: version('ANPAREADONLY0000001', 'v1'),
    updated: { ...version('ANPAREADONLY0000001', 'v1'), Document: TRUST },
    id: 'ANPAREADONLY0000001|v1',
    byName: { scope: A, name: 'V1', parent: 'ANPAREADONLY0000001' },
    scope: A,
  },
  inlinePolicies: {
    record: { AccountId: A, PrincipalType: 'user', PrincipalId: 'AIDAALICE0000000001', PolicyName: 'Inline', PolicyDocument: ALLOW_ALL },
    updated: { AccountId: A, PrincipalType: 'user', PrincipalId: 'AIDAALICE0000000001', PolicyName: 'Inline', PolicyDocument: TRUST },
    id: 'AIDAALICE0000000001|inline',
    byName: { scope: A, name: 'INLINE', parent: 'AIDAALICE0000000001' },
    scope: A,
  },
  policyAttachments: {
    record: {
      AccountId: A,
      PrincipalType: 'role',
      PrincipalId: 'AROAS3ACCESS0000001',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      PolicyName: 'ReadOnlyAccess',
    },
    updated: {
      AccountId: A,
      PrincipalType: 'role',
      PrincipalId: 'AROAS3ACCESS0000001',
      PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      PolicyName: 'ReadOnlyAccess',
    },
    id: 'AROAS3ACCESS0000001|arn:aws:iam::aws:policy/ReadOnlyAccess',
    scope: A,
  },
  accessKeys: {
    record: accessKey('AKIAIOSFODNN7EXAMPLE', 'AIDAALICE0000000001'),
    updated: accessKey('AKIAIOSFODNN7EXAMPLE', 'AIDAALICE0000000001', {
      Status: 'Inactive',
      LastUsed: { LastUsedDate: '2024-05-02T08:00:00Z', ServiceName: 'iam', Region: 'us-east-1' },
    }),
    id: 'AKIAIOSFODNN7EXAMPLE',
    scope: A,
  },
  loginProfiles: {
    record: loginProfile(false),
    updated: { ...loginProfile(true), PreviousPasswordHashes: ['scrypt$16384$8$1$b2xk$b2xkaGFzaA' as PasswordHash] },
    id: 'AIDAALICE0000000001',
    scope: A,
  },
  passwordPolicies: {
    record: passwordPolicy(),
    updated: { ...passwordPolicy(), MinimumPasswordLength: 14, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: true },
    id: A,
    scope: A,
  },
  virtualMfaDevices: {
    record: mfaDevice(),
    updated: { ...mfaDevice(), UserId: 'AIDAALICE0000000001', EnableDate: T0, LastUsedStep: 57_133_440, DriftSteps: -1 },
    id: `arn:aws:iam::${A}:mfa/Alice`,
    byName: { scope: A, name: 'ALICE' },
    scope: A,
  },
  sshPublicKeys: {
    record: sshKey('Active'),
    updated: sshKey('Inactive'),
    id: 'APKAEIBAERJR2EXAMPLE',
    scope: A,
  },
  signingCertificates: {
    record: signingCertificate('Active'),
    updated: signingCertificate('Inactive'),
    id: 'TA7SMP42TDN5Z26OBPJE7EXAMPLE',
    scope: A,
  },
  serverCertificates: {
    record: serverCertificate(),
    updated: { ...serverCertificate(), Path: '/cloudfront/', Tags: [{ Key: 'env', Value: 'prod' }] },
    id: 'ASCA1111111111EXAMPLE',
    byName: { scope: A, name: 'WWW-EXAMPLE' },
    scope: A,
  },
  serviceSpecificCredentials: {
    record: serviceCredential('Active'),
    updated: serviceCredential('Inactive'),
    id: 'ACCAEXAMPLE123EXAMPLE',
    scope: A,
  },
  credentialReports: {
    record: { AccountId: A, GeneratedTime: T0, Content: 'user,arn\n' },
    updated: { AccountId: A, GeneratedTime: '2024-05-01T16:00:00Z', Content: 'user,arn\nalice,arn:aws:iam::123456789012:user/alice' },
    id: A,
    scope: A,
  },
  oidcProviders: {
    record: oidcProvider([]),
    updated: oidcProvider(['sts.amazonaws.com']),
    id: `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`,
    scope: A,
  },
  samlProviders: {
    record: samlProvider('Allowed'),
    updated: samlProvider('Required'),
    id: 'SAMLUUIDEXAMPLE0000000001',
    byName: { scope: A, name: 'OKTA' },
    scope: A,
  },
  instanceProfiles: {
    record: { AccountId: A, Path: '/', InstanceProfileName: 'Web', InstanceProfileId: 'AIPAWEB000000000001', Arn: `arn:aws:iam::${A}:instance-profile/Web`, CreateDate: T0, Tags: [] },
    updated: {
      AccountId: A,
      Path: '/',
      InstanceProfileName: 'Web',
      InstanceProfileId: 'AIPAWEB000000000001',
      Arn: `arn:aws:iam::${A}:instance-profile/Web`,
      CreateDate: T0,
      RoleId: 'AROAS3ACCESS0000001',
      Tags: [],
    },
    id: 'AIPAWEB000000000001',
    byName: { scope: A, name: 'web' },
    scope: A,
  },
  serviceLinkedRoleDeletions: {
    record: slrDeletion('IN_PROGRESS'),
    updated: slrDeletion('SUCCEEDED'),
    id: 'task/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS/0b8e7c1e-4d49-4b39-9c5b-2b7f3f9f4e11',
    scope: A,
  },
  accountAliases: {
    record: { AccountId: A, AccountAlias: 'example-corp' },
    updated: { AccountId: A, AccountAlias: 'example-corp-2' },
    id: A,
    byName: { scope: '', name: 'EXAMPLE-CORP' },
    scope: '',
  },
  accountSettings: {
    record: { AccountId: A },
    updated: { AccountId: A, GlobalEndpointTokenVersion: 'v2Token' },
    id: A,
    scope: A,
  },
  organizationFeatures: {
    record: { OrganizationId: 'o-exampleorgid', ManagementAccountId: A, EnabledFeatures: [] },
    updated: { OrganizationId: 'o-exampleorgid', ManagementAccountId: A, EnabledFeatures: ['RootCredentialsManagement'] },
    id: 'o-exampleorgid',
    scope: '',
  },
  accessReports: {
    record: {
      AccountId: A,
      JobId: '2eb6c2b8-7b4c-4b4c-9c13-03b72c8cdfdc',
      JobType: 'SERVICE_LEVEL',
      EntityArn: `arn:aws:iam::${A}:user/Alice`,
      JobCreationDate: T0,
      JobCompletionDate: T0,
      Entities: [{ Arn: `arn:aws:iam::${A}:user/Alice`, Name: 'Alice', Type: 'USER', Id: 'AIDAALICE0000000001', Path: '/' }],
      Services: [{ ServiceNamespace: 'iam', ServiceName: 'AWS Identity and Access Management (IAM)' }],
      Uses: [],
    },
    updated: {
      AccountId: A,
      JobId: '2eb6c2b8-7b4c-4b4c-9c13-03b72c8cdfdc',
      JobType: 'SERVICE_LEVEL',
      EntityArn: `arn:aws:iam::${A}:user/Alice`,
      JobCreationDate: T0,
      JobCompletionDate: T0,
      Entities: [{ Arn: `arn:aws:iam::${A}:user/Alice`, Name: 'Alice', Type: 'USER', Id: 'AIDAALICE0000000001', Path: '/' }],
      Services: [{ ServiceNamespace: 'iam', ServiceName: 'AWS Identity and Access Management (IAM)' }],
      Uses: [{ ServiceNamespace: 'iam', Entity: 0, LastAuthenticated: T0, Region: 'us-east-1' }],
    },
    id: '2eb6c2b8-7b4c-4b4c-9c13-03b72c8cdfdc',
    scope: A,
  },
  organizations: {
    record: organization('ALL'),
    updated: organization('CONSOLIDATED_BILLING'),
    id: 'organization',
    scope: '',
  },
  organizationalUnits: {
    record: { Id: 'ou-ab12-abcdefgh', Arn: `arn:aws:organizations::${A}:ou/o-exampleorg/ou-ab12-abcdefgh`, Name: 'Workloads', ParentId: 'r-ab12', Tags: [] },
    updated: { Id: 'ou-ab12-abcdefgh', Arn: `arn:aws:organizations::${A}:ou/o-exampleorg/ou-ab12-abcdefgh`, Name: 'Apps', ParentId: 'r-ab12', Tags: [{ Key: 'k', Value: 'v' }] },
    id: 'ou-ab12-abcdefgh',
    byName: { scope: '', name: 'WORKLOADS', parent: 'r-ab12' },
    scope: '',
  },
  orgPolicies: {
    record: orgPolicy('DenyAll'),
    updated: { ...orgPolicy('DenyAll'), Description: 'changed' },
    id: 'p-abcdefgh',
    byName: { scope: '', name: 'denyall', parent: 'SERVICE_CONTROL_POLICY' },
    scope: '',
  },
  orgPolicyAttachments: {
    record: { PolicyId: 'p-abcdefgh', PolicyType: 'SERVICE_CONTROL_POLICY', TargetId: 'r-ab12' },
    updated: { PolicyId: 'p-abcdefgh', PolicyType: 'SERVICE_CONTROL_POLICY', TargetId: 'r-ab12' },
    id: 'r-ab12|p-abcdefgh',
    scope: '',
  },
  createAccountStatuses: {
    record: { Id: 'car-0123456789abcdef0123456789abcdef', AccountName: 'dev', State: 'IN_PROGRESS', RequestedTimestamp: T0 },
    updated: { Id: 'car-0123456789abcdef0123456789abcdef', AccountName: 'dev', State: 'SUCCEEDED', RequestedTimestamp: T0, CompletedTimestamp: T0, AccountId: A },
    id: 'car-0123456789abcdef0123456789abcdef',
    scope: '',
  },
  eksClusters: {
    record: eksCluster('API_AND_CONFIG_MAP'),
    updated: eksCluster('API'),
    id: '0123456789ABCDEF0123456789ABCDEF',
    byName: { scope: A, name: 'MY-CLUSTER', parent: 'us-east-1' },
    scope: A,
  },
  eksAccessEntries: {
    record: eksAccessEntry([]),
    updated: eksAccessEntry(['viewers']),
    id: `0123456789ABCDEF0123456789ABCDEF|arn:aws:iam::${A}:role/dev`,
    scope: A,
  },
  eksPodIdentityAssociations: {
    record: podIdentityAssociation('arn:aws:iam::' + A + ':role/one'),
    updated: podIdentityAssociation('arn:aws:iam::' + A + ':role/two'),
    id: 'a-abcdefghijklmnop1',
    scope: A,
  },
  eksUpdates: {
    record: eksUpdate('InProgress'),
    updated: eksUpdate('Successful'),
    id: '10bddb13-a71b-425a-b0a6-71cd03e59161',
    scope: A,
  },
  kubernetesObjects: {
    record: { AccountId: A, Region: 'us-east-1', ClusterName: 'dev', Group: '', Kind: 'ServiceAccount', Namespace: 'default', Name: 'app', Object: { kind: 'ServiceAccount' }, UpdatedAt: T0 },
    updated: { AccountId: A, Region: 'us-east-1', ClusterName: 'dev', Group: '', Kind: 'ServiceAccount', Namespace: 'default', Name: 'app', Object: { kind: 'ServiceAccount', metadata: { name: 'app' } }, UpdatedAt: T0 },
    id: `${A}|us-east-1|dev||ServiceAccount|default|app`,
    scope: A,
  },
};

function eksCluster(mode: EksClusterRecord['authenticationMode']): EksClusterRecord {
  return {
    accountId: A,
    region: 'us-east-1',
    name: 'my-cluster',
    arn: `arn:aws:eks:us-east-1:${A}:cluster/my-cluster`,
    issuerId: '0123456789ABCDEF0123456789ABCDEF',
    createdAt: T0,
    version: '1.32',
    platformVersion: 'eks.1',
    roleArn: `arn:aws:iam::${A}:role/eks`,
    authenticationMode: mode,
    bootstrapClusterCreatorAdminPermissions: true,
    resourcesVpcConfig: {},
    kubernetesNetworkConfig: {},
    tags: {},
    signingKey: 'v1.sealed' as SealedSecret,
    signingKeyId: 'kid',
  };
}

function eksAccessEntry(groups: string[]): EksAccessEntryRecord {
  return {
    accountId: A,
    region: 'us-east-1',
    clusterName: 'my-cluster',
    clusterId: '0123456789ABCDEF0123456789ABCDEF',
    principalArn: `arn:aws:iam::${A}:role/dev`,
    kubernetesGroups: groups,
    accessEntryArn: `arn:aws:eks:us-east-1:${A}:access-entry/my-cluster/role/${A}/dev/0`,
    createdAt: T0,
    modifiedAt: T0,
    tags: {},
    username: `arn:aws:sts::${A}:assumed-role/dev/{{SessionName}}`,
    type: 'STANDARD',
    associatedAccessPolicies: [],
  };
}

function eksUpdate(status: EksUpdateRecord['status']): EksUpdateRecord {
  return {
    accountId: A,
    region: 'us-east-1',
    clusterName: 'my-cluster',
    clusterId: '0123456789ABCDEF0123456789ABCDEF',
    id: '10bddb13-a71b-425a-b0a6-71cd03e59161',
    status,
    type: 'AccessConfigUpdate',
    params: [{ type: 'AuthenticationMode', value: 'API' }],
    createdAt: T0,
    errors: [],
  };
}

function podIdentityAssociation(roleArn: string): EksPodIdentityAssociationRecord {
  return {
    accountId: A,
    region: 'us-east-1',
    clusterName: 'my-cluster',
    clusterId: '0123456789ABCDEF0123456789ABCDEF',
    associationId: 'a-abcdefghijklmnop1',
    associationArn: `arn:aws:eks:us-east-1:${A}:podidentityassociation/my-cluster/a-abcdefghijklmnop1`,
    namespace: 'default',
    serviceAccount: 'app',
    roleArn,
    disableSessionTags: false,
    createdAt: T0,
    modifiedAt: T0,
    tags: {},
  };
}

function organization(featureSet: OrganizationRecord['FeatureSet']): OrganizationRecord {
  return {
    Id: 'o-exampleorg',
    Arn: `arn:aws:organizations::${A}:organization/o-exampleorg`,
    FeatureSet: featureSet,
    MasterAccountId: A,
    MasterAccountArn: `arn:aws:organizations::${A}:account/o-exampleorg/${A}`,
    MasterAccountEmail: 'root@example.com',
    Root: { Id: 'r-ab12', Arn: `arn:aws:organizations::${A}:root/o-exampleorg/r-ab12`, Name: 'Root', PolicyTypes: [], Tags: [] },
    CreatedTimestamp: T0,
  };
}

function orgPolicy(name: string): OrganizationPolicyRecord {
  return {
    Id: 'p-abcdefgh',
    Arn: `arn:aws:organizations::${A}:policy/o-exampleorg/service_control_policy/p-abcdefgh`,
    Name: name,
    Description: '',
    Type: 'SERVICE_CONTROL_POLICY',
    Content: ALLOW_ALL,
    Tags: [],
  };
}

function oidcProvider(clientIds: readonly string[]): OidcProviderRecord {
  const url = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
  return { AccountId: A, Arn: `arn:aws:iam::${A}:oidc-provider/${url}`, Url: url, ClientIDList: clientIds, ThumbprintList: [], CreateDate: T0, Tags: [] };
}

function samlProvider(mode: 'Required' | 'Allowed'): SamlProviderRecord {
  return {
    AccountId: A,
    Name: 'Okta',
    Arn: `arn:aws:iam::${A}:saml-provider/Okta`,
    SAMLProviderUUID: 'SAMLUUIDEXAMPLE0000000001',
    SAMLMetadataDocument: '<md:EntityDescriptor/>',
    Metadata: { EntityId: 'http://www.okta.com/exk1', SsoEndpoints: [], SigningCertificates: [] },
    CreateDate: T0,
    ValidUntil: '2124-05-01T12:00:00Z',
    AssertionEncryptionMode: mode,
    PrivateKeys: [],
    Tags: [],
  };
}

function slrDeletion(status: ServiceLinkedRoleDeletionRecord['Status']): ServiceLinkedRoleDeletionRecord {
  return {
    AccountId: A,
    DeletionTaskId: 'task/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS/0b8e7c1e-4d49-4b39-9c5b-2b7f3f9f4e11',
    RoleName: 'AWSServiceRoleForAmazonEKS',
    AWSServiceName: 'eks.amazonaws.com',
    Status: status,
    CreateDate: T0,
  };
}

function loginProfile(resetRequired: boolean): LoginProfileRecord {
  return {
    AccountId: A,
    UserId: 'AIDAALICE0000000001',
    CreateDate: T0,
    PasswordResetRequired: resetRequired,
    PasswordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA' as PasswordHash,
    PasswordLastChanged: T0,
    PreviousPasswordHashes: [],
  };
}

function passwordPolicy(): PasswordPolicyRecord {
  return {
    AccountId: A,
    MinimumPasswordLength: 8,
    RequireSymbols: true,
    RequireNumbers: true,
    RequireUppercaseCharacters: true,
    RequireLowercaseCharacters: true,
    AllowUsersToChangePassword: false,
  };
}

function mfaDevice(): VirtualMfaDeviceRecord {
  return {
    AccountId: A,
    SerialNumber: `arn:aws:iam::${A}:mfa/Alice`,
    Path: '/',
    VirtualMFADeviceName: 'Alice',
    SealedSeed: 'v1.aXY.dGFn.Y3Q' as SealedSecret,
    CreateDate: T0,
    Tags: [],
  };
}

function sshKey(status: 'Active' | 'Inactive'): SshPublicKeyRecord {
  return {
    AccountId: A,
    UserId: 'AIDAALICE0000000001',
    SSHPublicKeyId: 'APKAEIBAERJR2EXAMPLE',
    SSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ',
    Fingerprint: '7a:1d:ea:9e:b0:80:ac:f8:ec:d8:dc:e6:a7:2c:fc:51',
    Status: status,
    UploadDate: T0,
  };
}

function signingCertificate(status: 'Active' | 'Inactive'): SigningCertificateRecord {
  return {
    AccountId: A,
    UserId: 'AIDAALICE0000000001',
    CertificateId: 'TA7SMP42TDN5Z26OBPJE7EXAMPLE',
    CertificateBody: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    Fingerprint: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    Status: status,
    UploadDate: T0,
  };
}

function serverCertificate(): ServerCertificateRecord {
  return {
    AccountId: A,
    Path: '/',
    ServerCertificateName: 'www-example',
    ServerCertificateId: 'ASCA1111111111EXAMPLE',
    Arn: `arn:aws:iam::${A}:server-certificate/www-example`,
    CertificateBody: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    UploadDate: T0,
    Expiration: '2025-05-01T12:00:00Z',
    Tags: [],
  };
}

function serviceCredential(status: 'Active' | 'Inactive'): ServiceSpecificCredentialRecord {
  return {
    AccountId: A,
    UserId: 'AIDAALICE0000000001',
    ServiceSpecificCredentialId: 'ACCAEXAMPLE123EXAMPLE',
    ServiceName: 'codecommit.amazonaws.com',
    ServiceUserName: `Alice-at-${A}`,
    SecretHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA' as PasswordHash,
    Status: status,
    CreateDate: T0,
  };
}

/** Audit facts numbered n, a minute apart: odd ones read, 5 denied, every third by `admin`, every fourth over TLS. */
function auditFactsOf(n: number): AuditFacts {
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    requestId: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timeMs: Date.parse(T0) + n * 60_000,
    eventSource: 'iam.amazonaws.com',
    eventName: n % 2 === 0 ? 'CreateUser' : 'GetUser',
    awsRegion: 'us-east-1',
    sourceIp: '127.0.0.1',
    userAgent: n === 1 ? undefined : 'test-agent',
    identityType: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    principalArn: `arn:aws:iam::${A}:user/${n % 3 === 0 ? 'admin' : 'alice'}`,
    identityAccountId: A,
    userName: n % 3 === 0 ? 'admin' : 'alice',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    lookupUsername: n % 3 === 0 ? 'admin' : 'alice',
    recipientAccountId: A,
    readOnly: n % 2 === 1,
    errorCode: n === 5 ? 'AccessDenied' : undefined,
    errorMessage: n === 5 ? 'User: … is not authorized' : undefined,
    requestParameters: { UserName: `user-${n}`, Tags: [{ Key: 'k', Value: 'v' }], SecretAccessKey: 'never stored' },
    responseElements: n % 2 === 0 ? { User: { UserName: `user-${n}`, CreateDate: new Date(Date.parse(T0)) } } : undefined,
    gatehouse: { decision: n === 5 ? 'ExplicitDeny' : 'Allow' },
    resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: `user-${n}` }],
    tlsDetails: n % 4 === 0 ? { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'iam.amazonaws.com' } : undefined,
  };
}

/** The trail event stored for auditFactsOf(n). */
function auditEvent(n: number): AuditEventRecord {
  return auditEventRecord(auditFactsOf(n));
}

async function allPages<R>(collection: ReadCollection<R>, query: { scope: string; maxItems: number }): Promise<R[][]> {
  const pages: R[][] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await collection.list({ ...query, ...(marker === undefined ? {} : { marker }) });
    pages.push([...page.items]);
    if (!page.isTruncated) {
      assert.equal(page.marker, undefined);
      return pages;
    }
    assert.ok(page.marker !== undefined && page.marker.length <= 320);
    marker = page.marker;
  }
}

/** Resolves with the lines the child printed when `until` accepts them, then SIGKILLs it. */
function runCrashWriter(args: readonly string[], acksBeforeKill: number): Promise<number[]> {
  const script = fileURLToPath(new URL('./crash-writer.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match?.[1] !== undefined) acked.push(Number(match[1]));
      }
      if (!killed && acked.length >= acksBeforeKill) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`crash writer exited by itself (${String(signal)}): ${stderr}`));
      else resolve(acked);
    });
  });
}

export function runStoreContractSuite(harness: StoreHarness): void {
  async function withStore(body: (subject: StoreUnderTest) => Promise<void>, options?: StoreOptions): Promise<void> {
    const subject = await harness.fresh(options);
    try {
      await body(subject);
    } finally {
      await subject.dispose();
    }
  }

  void describe(`store contract: ${harness.name}`, () => {
    void it('every collection: put, get by id and by name, list, count, replace, delete', () =>
      withStore(async ({ store }) => {
        for (const name of Object.keys(SAMPLES) as CollectionName[]) {
          const sample = SAMPLES[name] as Sample<unknown>;
          await store.transaction(async (tx) => {
            const collection = tx[name] as WriteCollection<unknown>;
            await collection.put(sample.record);
            assert.deepEqual(await collection.getById(sample.id), sample.record, name);
          });
          const read = store.read[name];
          assert.deepEqual(await read.getById(sample.id), sample.record, name);
          if (sample.byName !== undefined) {
            const { scope, name: entityName, parent } = sample.byName;
            assert.deepEqual(await read.getByName(scope, entityName, parent), sample.record, `${name} by name`);
            assert.equal(await read.getByName(B, entityName, parent), undefined, `${name} in another account`);
          }
          assert.deepEqual((await read.list({ scope: sample.scope })).items, [sample.record], name);
          assert.equal(await read.count({ scope: sample.scope }), 1, name);
          await store.transaction((tx) => (tx[name] as WriteCollection<unknown>).put(sample.updated));
          assert.deepEqual(await read.getById(sample.id), sample.updated, `${name} replaced`);
          assert.equal(await read.count({ scope: sample.scope }), 1, `${name} replaced, not added`);
          assert.equal(await store.transaction((tx) => tx[name].delete(sample.id)), true, name);
          assert.equal(await read.getById(sample.id), undefined, `${name} deleted`);
          assert.equal(await store.transaction((tx) => tx[name].delete(sample.id)), false, `${name} deleted twice`);
        }
      }),
    );

    void it('names of users, groups, roles and policies are unique per account, case-insensitively', () =>
      withStore(async ({ store }) => {
        const cases: { [C in 'users' | 'groups' | 'roles' | 'policies']: [EntityRecords[C], EntityRecords[C], EntityRecords[C]] } = {
          users: [user('Admins', 'AIDA1'), user('ADMINS', 'AIDA2'), { ...user('admins', 'AIDA3'), AccountId: B }],
          groups: [group('Admins', 'AGPA1'), group('ADMINS', 'AGPA2'), { ...group('admins', 'AGPA3'), AccountId: B }],
          roles: [role('Admins', 'AROA1'), role('ADMINS', 'AROA2'), { ...role('admins', 'AROA3'), AccountId: B }],
          policies: [policy('Admins', 'ANPA1'), policy('ADMINS', 'ANPA2'), { ...policy('admins', 'ANPA3'), AccountId: B }],
        };
        for (const name of Object.keys(cases) as (keyof typeof cases)[]) {
          const [first, clash, otherAccount] = cases[name];
          const collection = (tx: Parameters<Parameters<Store['transaction']>[0]>[0]): WriteCollection<unknown> =>
            tx[name];
          await store.transaction((tx) => collection(tx).put(first));
          await assert.rejects(
            store.transaction((tx) => collection(tx).put(clash)),
            (error: unknown) => error instanceof DuplicateNameError && error.collection === name && error.scope === A,
            name,
          );
          await store.transaction((tx) => collection(tx).put(otherAccount));
          assert.equal(await store.read[name].count({ scope: A }), 1, name);
          assert.equal(await store.read[name].count({ scope: B }), 1, name);
        }
        // Renaming keeps the ID, and a name freed by a rename can be taken.
        await store.transaction((tx) => tx.users.put(user('Operators', 'AIDA1')));
        await store.transaction((tx) => tx.users.put(user('admins', 'AIDA2')));
        assert.equal((await store.read.users.getByName(A, 'OPERATORS'))?.UserId, 'AIDA1');
        assert.equal((await store.read.users.getByName(A, 'Admins'))?.UserId, 'AIDA2');
      }),
    );

    void it('an account alias is unique across accounts, and an account holds one', () =>
      withStore(async ({ store }) => {
        await store.transaction((tx) => tx.accountAliases.put({ AccountId: A, AccountAlias: 'example' }));
        await assert.rejects(
          store.transaction((tx) => tx.accountAliases.put({ AccountId: B, AccountAlias: 'example' })),
          (error: unknown) => error instanceof DuplicateNameError && error.collection === 'accountAliases',
        );
        await store.transaction((tx) => tx.accountAliases.put({ AccountId: A, AccountAlias: 'renamed' }));
        await store.transaction((tx) => tx.accountAliases.put({ AccountId: B, AccountAlias: 'example' }));
        assert.equal((await store.read.accountAliases.getByName('', 'example'))?.AccountId, B);
        assert.equal((await store.read.accountAliases.getById(A))?.AccountAlias, 'renamed');
        assert.equal(await store.read.accountAliases.count({ scope: '' }), 2);
      }),
    );

    void it('instance profiles are found by the role they hold', () =>
      withStore(async ({ store }) => {
        const profile = (name: string, id: string, roleId?: string) => ({
          AccountId: A,
          Path: '/',
          InstanceProfileName: name,
          InstanceProfileId: id,
          Arn: `arn:aws:iam::${A}:instance-profile/${name}`,
          CreateDate: T0,
          Tags: [],
          ...(roleId === undefined ? {} : { RoleId: roleId }),
        });
        await store.transaction(async (tx) => {
          await tx.instanceProfiles.put(profile('a', 'AIPA1', 'AROA1'));
          await tx.instanceProfiles.put(profile('b', 'AIPA2', 'AROA1'));
          await tx.instanceProfiles.put(profile('c', 'AIPA3'));
        });
        const held = await store.read.instanceProfiles.list({ scope: A, ref: 'AROA1' });
        assert.deepEqual(held.items.map((p) => p.InstanceProfileName), ['a', 'b']);
        assert.equal(await store.read.instanceProfiles.count({ scope: A, ref: 'AROA2' }), 0);
      }),
    );

    void it('inline policy names are unique per holder, not per account', () =>
      withStore(async ({ store }) => {
        await store.transaction(async (tx) => {
          for (const holder of ['AIDA1', 'AROA1']) {
            await tx.inlinePolicies.put({ AccountId: A, PrincipalType: 'user', PrincipalId: holder, PolicyName: 'S3', PolicyDocument: ALLOW_ALL });
          }
          // The same name with another case is the same inline policy: it is replaced.
          await tx.inlinePolicies.put({ AccountId: A, PrincipalType: 'user', PrincipalId: 'AIDA1', PolicyName: 's3', PolicyDocument: TRUST });
        });
        assert.equal(await store.read.inlinePolicies.count({ scope: A }), 2);
        assert.equal(await store.read.inlinePolicies.count({ scope: A, parent: 'AIDA1' }), 1);
        assert.equal((await store.read.inlinePolicies.getByName(A, 'S3', 'AIDA1'))?.PolicyDocument, TRUST);
      }),
    );

    void it('a transaction that throws writes nothing and does not bump the revision', () =>
      withStore(async ({ store }) => {
        const before = store.revision();
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.users.put(user('Ghost', 'AIDAGHOST'));
            throw new Error('validation failed');
          }),
          /validation failed/,
        );
        await store.transaction((tx) => tx.users.put(user('Taken', 'AIDATAKEN')));
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.groups.put(group('Half', 'AGPAHALF'));
            await tx.users.put(user('TAKEN', 'AIDAOTHER'));
          }),
          DuplicateNameError,
        );
        assert.equal(await store.read.users.getById('AIDAGHOST'), undefined);
        assert.equal(await store.read.groups.getById('AGPAHALF'), undefined);
        assert.equal(store.revision(), before + 1);
        assert.equal(await store.latestRevision(), before + 1);
      }),
    );

    void it('lists in pages ordered by name case-insensitively, with markers', () =>
      withStore(async ({ store }) => {
        const names = Array.from({ length: 25 }, (_, i) => (i % 2 === 0 ? `User${String(i).padStart(2, '0')}` : `user${String(i).padStart(2, '0')}`));
        await store.transaction(async (tx) => {
          for (const [i, name] of [...names].reverse().entries()) await tx.users.put(user(name, `AIDAPAGE${i}`));
          await tx.users.put({ ...user('elsewhere', 'AIDAELSEWHERE'), AccountId: B });
        });
        const pages = await allPages(store.read.users, { scope: A, maxItems: 10 });
        assert.deepEqual(
          pages.map((page) => page.length),
          [10, 10, 5],
        );
        assert.deepEqual(
          pages.flat().map((u) => u.UserName),
          [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
        );
        const exact = await store.read.users.list({ scope: A, maxItems: 25 });
        assert.equal(exact.isTruncated, false);
        assert.equal(exact.items.length, 25);
        assert.equal((await store.read.users.list({ scope: A })).items.length, 25, 'default page size is 100');
        await assert.rejects(store.read.users.list({ scope: A, marker: 'not-a-marker' }), InvalidMarkerError);
      }),
    );

    void it('filters by path prefix', () =>
      withStore(async ({ store }) => {
        const paths = { root: '/', eng: '/eng/', web: '/eng/web/', engineering: '/engineering/' };
        await store.transaction(async (tx) => {
          for (const [name, path] of Object.entries(paths)) await tx.roles.put(role(name, `AROA${name}`, { Path: path }));
        });
        const names = async (pathPrefix: string): Promise<string[]> =>
          (await store.read.roles.list({ scope: A, pathPrefix })).items.map((r) => r.RoleName);
        assert.deepEqual(await names('/'), ['eng', 'engineering', 'root', 'web']);
        assert.deepEqual(await names('/eng/'), ['eng', 'web']);
        assert.deepEqual(await names('/eng'), ['eng', 'engineering', 'web']);
        assert.deepEqual(await names('/eng/web/'), ['web']);
        assert.deepEqual(await names('/nothing/'), []);
        assert.equal(await store.read.roles.count({ scope: A, pathPrefix: '/eng/' }), 2);
      }),
    );

    void it('queries nested records by parent and by reference', () =>
      withStore(async ({ store }) => {
        const boundary = `arn:aws:iam::${A}:policy/Boundary`;
        const readOnly = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
        await store.transaction(async (tx) => {
          for (const g of ['AGPA1', 'AGPA2']) {
            for (const u of ['AIDA1', 'AIDA2', 'AIDA3']) {
              if (g === 'AGPA2' && u === 'AIDA3') continue;
              await tx.groupMemberships.put({ AccountId: A, GroupId: g, UserId: u });
            }
          }
          for (const [principal, type] of [['AIDA1', 'user'], ['AGPA1', 'group'], ['AROA1', 'role']] as const) {
            await tx.policyAttachments.put({ AccountId: A, PrincipalType: type, PrincipalId: principal, PolicyArn: readOnly, PolicyName: 'ReadOnlyAccess' });
          }
          await tx.policyAttachments.put({ AccountId: A, PrincipalType: 'user', PrincipalId: 'AIDA1', PolicyArn: boundary, PolicyName: 'Boundary' });
          const bounded = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary } as const;
          await tx.users.put(user('bounded', 'AIDA1', { PermissionsBoundary: bounded }));
          await tx.users.put(user('free', 'AIDA2'));
          await tx.roles.put(role('bounded', 'AROA1', { PermissionsBoundary: bounded }));
        });
        const r = store.read;
        assert.equal(await r.groupMemberships.count({ scope: A, parent: 'AGPA1' }), 3);
        assert.deepEqual(
          (await r.groupMemberships.list({ scope: A, ref: 'AIDA3' })).items.map((m) => m.GroupId),
          ['AGPA1'],
        );
        assert.deepEqual(
          (await r.groupMemberships.list({ scope: A, ref: 'AIDA1' })).items.map((m) => m.GroupId),
          ['AGPA1', 'AGPA2'],
        );
        assert.equal(await r.policyAttachments.count({ scope: A, ref: readOnly }), 3, 'AttachmentCount');
        assert.deepEqual(
          (await r.policyAttachments.list({ scope: A, parent: 'AIDA1' })).items.map((a) => a.PolicyName).sort(),
          ['Boundary', 'ReadOnlyAccess'],
        );
        const boundaryUsage = (await r.users.count({ scope: A, ref: boundary })) + (await r.roles.count({ scope: A, ref: boundary }));
        assert.equal(boundaryUsage, 2, 'PermissionsBoundaryUsageCount');
      }),
    );

    void it('50 parallel "create an access key if the user has fewer than 2" make exactly 2', () =>
      withStore(async ({ store }) => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.transaction(async (tx) => {
              const existing = await tx.accessKeys.count({ scope: A, parent: 'AIDAALICE' });
              // Give other transactions every chance to interleave between the check and the write.
              await new Promise((resolve) => setImmediate(resolve));
              if (existing >= 2) return false;
              await tx.accessKeys.put(accessKey(`AKIAPARALLEL${String(i).padStart(8, '0')}`, 'AIDAALICE'));
              return true;
            }),
          ),
        );
        assert.equal(results.filter(Boolean).length, 2);
        assert.equal(await store.read.accessKeys.count({ scope: A, parent: 'AIDAALICE' }), 2);
      }),
    );

    void it('50 parallel "add the next policy version if fewer than 5" make exactly v1..v5', () =>
      withStore(async ({ store }) => {
        await Promise.all(
          Array.from({ length: 50 }, () =>
            store.transaction(async (tx) => {
              const count = await tx.policyVersions.count({ scope: A, parent: 'ANPA1' });
              await new Promise((resolve) => setImmediate(resolve));
              if (count >= 5) return;
              await tx.policyVersions.put(version('ANPA1', `v${count + 1}`));
            }),
          ),
        );
        const versions = await store.read.policyVersions.list({ scope: A, parent: 'ANPA1' });
        assert.deepEqual(
          versions.items.map((v) => v.VersionId),
          ['v1', 'v2', 'v3', 'v4', 'v5'],
        );
      }),
    );

    void it('the revision counts committed changing transactions and logs what changed', () =>
      withStore(async ({ store }) => {
        const seen: Revision[] = [];
        const unsubscribe = store.onRevision((revision) => seen.push(revision));
        const start = await store.latestRevision();
        assert.equal(store.revision(), start);

        await store.transaction(async (tx) => {
          await tx.users.put(user('alice', 'AIDA1'));
          await tx.users.put(user('alice', 'AIDA1', { Path: '/x/' }));
          await tx.inlinePolicies.put({ AccountId: A, PrincipalType: 'user', PrincipalId: 'AIDA1', PolicyName: 'P', PolicyDocument: ALLOW_ALL });
        });
        assert.equal(store.revision(), start + 1);
        await store.transaction(async (tx) => {
          await tx.users.getById('AIDA1');
        });
        assert.equal(store.revision(), start + 1, 'a read-only transaction does not bump');
        await store.appendAuditEvents([auditFactsOf(1)]);
        assert.equal(store.revision(), start + 1, 'audit events alone do not bump');
        await store.transaction((tx) => tx.inlinePolicies.delete('AIDA1|p'));
        assert.equal(store.revision(), start + 2);
        assert.equal(await store.latestRevision(), start + 2);
        unsubscribe();
        await store.transaction((tx) => tx.groups.put(group('g', 'AGPA1')));
        assert.deepEqual(seen, [start + 1, start + 2]);

        const since = await store.changesSince(start);
        assert.equal(since.complete, true);
        assert.equal(since.revision, start + 3);
        const expected: Change[][] = [
          [
            { collection: 'users', op: 'put', id: 'AIDA1', scope: A, parent: '' },
            { collection: 'inlinePolicies', op: 'put', id: 'AIDA1|p', scope: A, parent: 'AIDA1' },
          ],
          [{ collection: 'inlinePolicies', op: 'delete', id: 'AIDA1|p', scope: A, parent: 'AIDA1' }],
          [{ collection: 'groups', op: 'put', id: 'AGPA1', scope: A, parent: '' }],
        ];
        assert.deepEqual(
          since.batches.map((b) => b.revision),
          [start + 1, start + 2, start + 3],
        );
        assert.deepEqual(
          since.batches.map((b) => b.changes),
          expected,
        );
        assert.deepEqual(await store.changesSince(start + 3), { revision: start + 3, complete: true, batches: [] });
        assert.equal((await store.changesSince(start + 99)).complete, false, 'a revision ahead of the store');
      }),
    );

    void it('reads outside a transaction never see its uncommitted writes', () =>
      withStore(async ({ store }) => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        let written!: () => void;
        const wrote = new Promise<void>((resolve) => {
          written = resolve;
        });
        const tx = store.transaction(async (t) => {
          await t.users.put(user('pending', 'AIDAPENDING'));
          assert.ok(await t.users.getById('AIDAPENDING'), 'the transaction sees its own write');
          written();
          await gate;
        });
        await wrote;
        assert.equal(await store.read.users.getById('AIDAPENDING'), undefined);
        release();
        await tx;
        assert.equal((await store.read.users.getById('AIDAPENDING'))?.UserName, 'pending');
      }),
    );

    void it('refuses a transaction used after it ended, and nested transactions', () =>
      withStore(async ({ store }) => {
        let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store.transaction((tx) => {
          leaked = tx;
          return Promise.resolve();
        });
        assert.ok(leaked !== undefined);
        const stale = leaked;
        await assert.rejects(async () => stale.users.put(user('late', 'AIDALATE')), TransactionMisuseError);
        await assert.rejects(
          store.transaction(() => store.transaction(() => Promise.resolve())),
          TransactionMisuseError,
        );
        // Still refused after the body has awaited, and only inside the body: transactions that
        // merely overlap in time, and those after, run.
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.users.getById('AIDALATE');
            await new Promise((resolve) => setImmediate(resolve));
            await store.transaction(() => Promise.resolve());
          }),
          TransactionMisuseError,
        );
        const overlapping = await Promise.all([1, 2, 3].map((n) => store.transaction(async (tx) => (await tx.users.getById(`AIDA${n}`)) ?? n)));
        assert.deepEqual(overlapping, [1, 2, 3]);
        assert.equal(await store.transaction(() => Promise.resolve('after')), 'after');
        assert.equal(await store.read.users.getById('AIDALATE'), undefined);
      }),
    );

    void it('queries the audit trail newest first, by time range and attributes, in pages', () =>
      withStore(async ({ store }) => {
        await store.appendAuditEvents([1, 2, 3, 4, 5, 6].map((n) => auditFactsOf(n)));
        await store.appendAuditEvents([auditFactsOf(7)]);
        const ids = (events: readonly AuditEventRecord[]): number[] => events.map((e) => Number(e.EventId.slice(-12)));
        const audit = store.read.audit;
        assert.deepEqual(ids((await audit.query({})).events), [7, 6, 5, 4, 3, 2, 1]);
        assert.deepEqual(await audit.query({ filter: { EventId: auditEvent(3).EventId } }), { events: [auditEvent(3)] });
        assert.deepEqual(ids((await audit.query({ startTime: auditEvent(3).EventTime, endTime: auditEvent(5).EventTime })).events), [5, 4, 3]);
        assert.deepEqual(ids((await audit.query({ filter: { EventName: 'CreateUser' } })).events), [6, 4, 2]);
        assert.deepEqual(ids((await audit.query({ filter: { ReadOnly: true, Username: 'alice' } })).events), [7, 5, 1]);
        assert.deepEqual(ids((await audit.query({ filter: { ErrorCode: 'AccessDenied' } })).events), [5]);
        assert.deepEqual(ids((await audit.query({ filter: { ResourceName: 'user-2', ResourceType: 'AWS::IAM::User' } })).events), [2]);
        assert.deepEqual(ids((await audit.query({ filter: { ResourceType: 'AWS::IAM::Role' } })).events), []);
        // The stored record is CloudTrail's: lowerCamelCase members, secrets left out, times in seconds.
        const [second] = (await audit.query({ filter: { EventId: auditEvent(2).EventId } })).events;
        assert.deepEqual(second?.CloudTrailEvent.requestParameters, { userName: 'user-2', tags: [{ key: 'k', value: 'v' }] });
        assert.deepEqual(second?.CloudTrailEvent.responseElements, { user: { userName: 'user-2', createDate: T0 } });
        assert.equal(second?.CloudTrailEvent.eventTime, second?.EventTime);
        assert.match(second?.EventTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        // A request over TLS keeps CloudTrail's tlsDetails, after eventCategory as CloudTrail places it; others have none.
        const [fourth] = (await audit.query({ filter: { EventId: auditEvent(4).EventId } })).events;
        assert.deepEqual(fourth?.CloudTrailEvent.tlsDetails, { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'iam.amazonaws.com' });
        assert.deepEqual(Object.keys(fourth?.CloudTrailEvent ?? {}).slice(-3), ['eventCategory', 'tlsDetails', 'gatehouse']);
        assert.equal(second?.CloudTrailEvent.tlsDetails, undefined);

        const pages: number[][] = [];
        let nextToken: string | undefined;
        do {
          const page = await audit.query({ maxResults: 3, filter: { AccountId: A }, ...(nextToken === undefined ? {} : { nextToken }) });
          pages.push(ids(page.events));
          nextToken = page.nextToken;
        } while (nextToken !== undefined);
        assert.deepEqual(pages, [[7, 6, 5], [4, 3, 2], [1]]);
        await assert.rejects(audit.query({ nextToken: 'bogus' }), InvalidMarkerError);
      }),
    );

    void it('keeps the newest audit events of the retention window, trimming as it appends', () =>
      withStore(
        async ({ store }) => {
          const now = Date.now();
          const at = (n: number, timeMs: number): AuditFacts => ({ ...auditFactsOf(n), timeMs });
          // One event from before the window, then five recent ones, appended one at a time.
          await store.appendAuditEvents([at(1, now - 3 * 24 * 3600 * 1000)]);
          for (const n of [2, 3, 4, 5, 6]) await store.appendAuditEvents([at(n, now - (10 - n) * 60_000)]);
          const ids = (await store.read.audit.query({})).events.map((e) => Number(e.EventId.slice(-12)));
          assert.deepEqual(ids, [6, 5, 4], 'the newest three; the old one went by age and 2, 3 by count');
        },
        { auditRetention: { maxEvents: 3, maxAgeMs: 24 * 3600 * 1000, trimEvery: 1 } },
      ));

    void it('keeps committed state across close and reopen', () =>
      withStore(async ({ store, reopen }) => {
        await store.transaction(async (tx) => {
          await tx.users.put(SAMPLES.users.updated);
          await tx.accessKeys.put(SAMPLES.accessKeys.updated);
        });
        await store.appendAuditEvents([auditFactsOf(1)]);
        const revision = store.revision();
        await store.close();
        const again = await reopen();
        try {
          assert.deepEqual(await again.read.users.getById(SAMPLES.users.id), SAMPLES.users.updated);
          assert.deepEqual(await again.read.accessKeys.getById(SAMPLES.accessKeys.id), SAMPLES.accessKeys.updated);
          assert.deepEqual((await again.read.audit.query({})).events, [auditEvent(1)]);
          assert.equal(again.revision(), revision);
        } finally {
          await again.close();
        }
      }),
    );

    void it('a second handle on the same state sees commits and the revision', () =>
      withStore(async ({ store, reopen }) => {
        const other = await reopen();
        try {
          await store.transaction((tx) => tx.users.put(user('shared', 'AIDASHARED')));
          assert.equal((await other.read.users.getByName(A, 'shared'))?.UserId, 'AIDASHARED');
          assert.equal(await other.latestRevision(), store.revision());
          assert.equal(other.revision(), store.revision());
          await other.transaction((tx) => tx.users.put(user('second', 'AIDASECOND')));
          assert.equal(await store.latestRevision(), other.revision());
          await assert.rejects(store.transaction((tx) => tx.users.put(user('SECOND', 'AIDATHIRD'))), DuplicateNameError);
        } finally {
          await other.close();
        }
      }),
    );

    void it('every acknowledged write survives SIGKILL of the writing process', () =>
      withStore(async ({ store, reopen, crashWriterArgs }) => {
        await store.close();
        const acked = await runCrashWriter(crashWriterArgs, 40);
        assert.ok(acked.length >= 40);
        const after = await reopen();
        try {
          const missing: number[] = [];
          for (const i of acked) {
            if ((await after.read.users.getByName('111122223333', `crash-${i}`)) === undefined) missing.push(i);
          }
          assert.deepEqual(missing, []);
          assert.ok((await after.latestRevision()) >= acked.length);
          // The store is usable after the crash.
          await after.transaction((tx) => tx.users.put({ ...user('after-crash', 'AIDAAFTER'), AccountId: '111122223333' }));
        } finally {
          await after.close();
        }
      }),
    );
  });
}
