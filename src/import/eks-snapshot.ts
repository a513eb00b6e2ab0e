/**
 * EKS clusters and their access entries as the EKS CLI outputs describe them: DescribeCluster
 * (name, ARN, OIDC issuer, authentication mode, role, version, VPC settings, tags),
 * DescribeAccessEntry (principal, type, username, groups, ARN, dates, tags),
 * ListAssociatedAccessPolicies (each entry's access policies and scopes) and
 * DescribePodIdentityAssociation (namespace, service account, role, ID, ARN, dates, tags,
 * session-tag and target-role settings). The account and region
 * of a cluster or entry are the ones its ARN names. A cluster keeps its issuer's ID, so its issuer
 * URL in the copy is the real cluster's (and an IAM OIDC provider imported with it matches).
 */
import type { AssociatedAccessPolicyRecord, AuthenticationMode, EksAccessEntryRecord, EksClusterRecord, EksPodIdentityAssociationRecord } from '../state/eks-records.js';
import { ImportFormatError } from './authorization-details.js';
import type { CliOutput } from './cli-outputs.js';

type Obj = Readonly<Record<string, unknown>>;

/** A cluster as DescribeCluster shows it: its record without what Gatehouse adds (signing key, creator, logging, request token). */
export type ImportedCluster = Omit<EksClusterRecord, 'signingKey' | 'signingKeyId' | 'clientRequestToken' | 'creatorArn' | 'enabledLogTypes'>;

/** An access entry as DescribeAccessEntry shows it; its cluster's incarnation and policies are joined at load. */
export type ImportedAccessEntry = Omit<EksAccessEntryRecord, 'clusterId' | 'principalId' | 'associatedAccessPolicies'>;

export interface ImportedAssociations {
  readonly clusterName: string;
  readonly principalArn: string;
  /** Known in bundles; a file of its own does not say. */
  readonly region?: string;
  readonly policies: readonly AssociatedAccessPolicyRecord[];
  readonly source: string;
}

/** A Pod Identity association as DescribePodIdentityAssociation shows it, with the file it came from. */
export type ImportedPodIdentityAssociation = Omit<EksPodIdentityAssociationRecord, 'clusterId'> & { readonly source: string };

export interface EksSnapshot {
  /** By cluster ARN. */
  readonly clusters: Map<string, ImportedCluster>;
  /** By `<account>|<region>|<cluster>|<principal ARN>`. */
  readonly entries: Map<string, ImportedAccessEntry>;
  readonly associations: ImportedAssociations[];
  /** By association ARN. */
  readonly podIdentityAssociations: Map<string, ImportedPodIdentityAssociation>;
}

export function emptyEksSnapshot(): EksSnapshot {
  return { clusters: new Map(), entries: new Map(), associations: [], podIdentityAssociations: new Map() };
}

export function hasEksData(s: EksSnapshot): boolean {
  return s.clusters.size > 0 || s.entries.size > 0 || s.associations.length > 0 || s.podIdentityAssociations.size > 0;
}

export const entryKey = (accountId: string, region: string, clusterName: string, principalArn: string): string => `${accountId}|${region}|${clusterName}|${principalArn}`;

const CLUSTER_ARN = /^arn:aws[\w-]*:eks:([a-z0-9-]+):(\d{12}):cluster\/([0-9A-Za-z][A-Za-z0-9_-]{0,99})$/;
const ENTRY_ARN = /^arn:aws[\w-]*:eks:([a-z0-9-]+):(\d{12}):access-entry\/([0-9A-Za-z][A-Za-z0-9_-]{0,99})\//;
const ISSUER = /^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/id\/([0-9A-F]{32})$/;
const ASSOCIATION_ARN = /^arn:aws[\w-]*:eks:([a-z0-9-]+):(\d{12}):podidentityassociation\/([0-9A-Za-z][A-Za-z0-9_-]{0,99})\/(a-[0-9a-z]{1,64})$/;
const ROLE = /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/;
const PRINCIPAL = /^arn:aws[\w-]*:iam::\d{12}:(role|user)\//;
const MODES: readonly AuthenticationMode[] = ['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP'];

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new ImportFormatError(`${where}: no ${key}`);
  return v;
}

function date(v: unknown, where: string): string {
  // The CLI v1 prints timestamps as the service sent them: JSON protocols send epoch seconds.
  const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new ImportFormatError(`${where}: not a date: ${JSON.stringify(v)}`);
  return d.toISOString();
}

function stringMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw new ImportFormatError(`${where}: tags are not a map`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ImportFormatError(`${where}: not a list of strings`);
  return v as string[];
}

function cluster(c: Obj, where: string): ImportedCluster {
  const arn = str(c, 'arn', where);
  const m = CLUSTER_ARN.exec(arn);
  if (m === null) throw new ImportFormatError(`${where}: ${arn} is not an EKS cluster ARN`);
  const name = str(c, 'name', where);
  if (name !== m[3]) throw new ImportFormatError(`${where}: cluster ${name} has the ARN of ${m[3]!}`);
  const issuer = isObj(c.identity) && isObj(c.identity.oidc) ? c.identity.oidc.issuer : undefined;
  const im = typeof issuer === 'string' ? ISSUER.exec(issuer) : null;
  if (im === null || im[1] !== m[1]) {
    throw new ImportFormatError(`${where}: cluster ${name}: identity.oidc.issuer ${JSON.stringify(issuer)} is not an EKS issuer URL of its region (https://oidc.eks.${m[1]!}.amazonaws.com/id/<32 hex digits>)`);
  }
  const access = isObj(c.accessConfig) ? c.accessConfig : {};
  // A cluster made before access entries existed has no accessConfig: it reads the aws-auth ConfigMap only.
  const mode = access.authenticationMode ?? 'CONFIG_MAP';
  if (!MODES.includes(mode as AuthenticationMode)) throw new ImportFormatError(`${where}: cluster ${name}: unknown authentication mode ${JSON.stringify(mode)}`);
  const vpc = isObj(c.resourcesVpcConfig) ? c.resourcesVpcConfig : {};
  const network = isObj(c.kubernetesNetworkConfig) ? c.kubernetesNetworkConfig : {};
  return {
    accountId: m[2]!,
    region: m[1]!,
    name,
    arn,
    issuerId: im[2]!,
    createdAt: c.createdAt === undefined ? new Date(0).toISOString() : date(c.createdAt, `${where} createdAt`),
    version: typeof c.version === 'string' ? c.version : '',
    platformVersion: typeof c.platformVersion === 'string' ? c.platformVersion : '',
    roleArn: str(c, 'roleArn', where),
    authenticationMode: mode as AuthenticationMode,
    bootstrapClusterCreatorAdminPermissions: access.bootstrapClusterCreatorAdminPermissions !== false,
    resourcesVpcConfig: Object.fromEntries(
      (['subnetIds', 'securityGroupIds', 'endpointPublicAccess', 'endpointPrivateAccess', 'publicAccessCidrs'] as const).filter((k) => vpc[k] !== undefined).map((k) => [k, vpc[k]]),
    ),
    kubernetesNetworkConfig: typeof network.serviceIpv4Cidr === 'string' ? { serviceIpv4Cidr: network.serviceIpv4Cidr } : {},
    tags: stringMap(c.tags, `${where} tags`),
  };
}

function accessEntry(e: Obj, where: string): ImportedAccessEntry {
  const arn = str(e, 'accessEntryArn', where);
  const m = ENTRY_ARN.exec(arn);
  if (m === null) throw new ImportFormatError(`${where}: ${arn} is not an EKS access entry ARN`);
  const clusterName = str(e, 'clusterName', where);
  if (clusterName !== m[3]) throw new ImportFormatError(`${where}: the entry of cluster ${clusterName} has an ARN of cluster ${m[3]!}`);
  const principalArn = str(e, 'principalArn', where);
  if (!PRINCIPAL.test(principalArn)) throw new ImportFormatError(`${where}: ${principalArn} is not an IAM role or user ARN`);
  return {
    accountId: m[2]!,
    region: m[1]!,
    clusterName,
    principalArn,
    kubernetesGroups: strings(e.kubernetesGroups, `${where} kubernetesGroups`),
    accessEntryArn: arn,
    createdAt: e.createdAt === undefined ? new Date(0).toISOString() : date(e.createdAt, `${where} createdAt`),
    modifiedAt: e.modifiedAt === undefined ? new Date(0).toISOString() : date(e.modifiedAt, `${where} modifiedAt`),
    tags: stringMap(e.tags, `${where} tags`),
    username: str(e, 'username', where),
    type: typeof e.type === 'string' ? e.type : 'STANDARD',
  };
}

function associated(p: unknown, where: string): AssociatedAccessPolicyRecord {
  if (!isObj(p)) throw new ImportFormatError(`${where}: an associated access policy is not an object`);
  const scope = isObj(p.accessScope) ? p.accessScope : {};
  const type = scope.type === 'namespace' ? 'namespace' : scope.type === 'cluster' || scope.type === undefined ? 'cluster' : undefined;
  if (type === undefined) throw new ImportFormatError(`${where}: unknown access scope ${JSON.stringify(scope.type)}`);
  return {
    policyArn: str(p, 'policyArn', where),
    accessScope: { type, namespaces: strings(scope.namespaces, `${where} namespaces`) },
    associatedAt: p.associatedAt === undefined ? new Date(0).toISOString() : date(p.associatedAt, `${where} associatedAt`),
    modifiedAt: p.modifiedAt === undefined ? new Date(0).toISOString() : date(p.modifiedAt, `${where} modifiedAt`),
  };
}

function optionalStr(o: Obj, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ImportFormatError(`${where}: ${key} is not a string`);
  return v;
}

function podIdentityAssociation(a: Obj, where: string): ImportedPodIdentityAssociation {
  const arn = str(a, 'associationArn', where);
  const m = ASSOCIATION_ARN.exec(arn);
  if (m === null) throw new ImportFormatError(`${where}: ${arn} is not an EKS Pod Identity association ARN`);
  const clusterName = str(a, 'clusterName', where);
  if (clusterName !== m[3]) throw new ImportFormatError(`${where}: the association of cluster ${clusterName} has an ARN of cluster ${m[3]!}`);
  const associationId = str(a, 'associationId', where);
  if (associationId !== m[4]) throw new ImportFormatError(`${where}: association ${associationId} has the ARN of ${m[4]!}`);
  const roleArn = str(a, 'roleArn', where);
  if (!ROLE.test(roleArn)) throw new ImportFormatError(`${where}: roleArn ${roleArn} is not an IAM role ARN`);
  const targetRoleArn = optionalStr(a, 'targetRoleArn', where);
  if (targetRoleArn !== undefined && !ROLE.test(targetRoleArn)) throw new ImportFormatError(`${where}: targetRoleArn ${targetRoleArn} is not an IAM role ARN`);
  if (a.disableSessionTags !== undefined && typeof a.disableSessionTags !== 'boolean') throw new ImportFormatError(`${where}: disableSessionTags is not a boolean`);
  const externalId = optionalStr(a, 'externalId', where);
  const policy = optionalStr(a, 'policy', where);
  const ownerArn = optionalStr(a, 'ownerArn', where);
  return {
    accountId: m[2]!,
    region: m[1]!,
    clusterName,
    associationId,
    associationArn: arn,
    namespace: str(a, 'namespace', where),
    serviceAccount: str(a, 'serviceAccount', where),
    roleArn,
    ...(targetRoleArn !== undefined ? { targetRoleArn } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    disableSessionTags: a.disableSessionTags === true,
    ...(policy !== undefined ? { policy } : {}),
    ...(ownerArn !== undefined ? { ownerArn } : {}),
    createdAt: a.createdAt === undefined ? new Date(0).toISOString() : date(a.createdAt, `${where} createdAt`),
    modifiedAt: a.modifiedAt === undefined ? new Date(0).toISOString() : date(a.modifiedAt, `${where} modifiedAt`),
    tags: stringMap(a.tags, `${where} tags`),
    source: where,
  };
}

/** Adds one EKS output to the snapshot. */
export function addEksOutput(s: EksSnapshot, o: CliOutput): void {
  const where = o.source;
  switch (o.kind) {
    case 'describe-cluster': {
      const c = cluster(o.output.cluster as Obj, where);
      const before = s.clusters.get(c.arn);
      if (before !== undefined && before.issuerId !== c.issuerId) throw new ImportFormatError(`${where}: cluster ${c.arn} has issuer ${c.issuerId}, another output ${before.issuerId}: import outputs of one moment`);
      s.clusters.set(c.arn, c);
      return;
    }
    case 'describe-access-entry': {
      const e = accessEntry(o.output.accessEntry as Obj, where);
      s.entries.set(entryKey(e.accountId, e.region, e.clusterName, e.principalArn), e);
      return;
    }
    case 'list-associated-access-policies': {
      const out = o.output;
      const list = out.associatedAccessPolicies as unknown[];
      s.associations.push({
        clusterName: str(out, 'clusterName', where),
        principalArn: str(out, 'principalArn', where),
        ...(o.region !== undefined ? { region: o.region } : {}),
        policies: list.map((p, i) => associated(p, `${where} associatedAccessPolicies[${i}]`)),
        source: where,
      });
      return;
    }
    case 'describe-pod-identity-association': {
      const a = podIdentityAssociation(o.output.association as Obj, where);
      const before = s.podIdentityAssociations.get(a.associationArn);
      if (before !== undefined && (before.namespace !== a.namespace || before.serviceAccount !== a.serviceAccount)) {
        throw new ImportFormatError(`${where}: association ${a.associationId} is for ${a.namespace}/${a.serviceAccount}, in ${before.source} for ${before.namespace}/${before.serviceAccount}: import outputs of one moment`);
      }
      s.podIdentityAssociations.set(a.associationArn, a);
      return;
    }
    // The lists name clusters, principals and associations only; what they list comes in the describe outputs.
    case 'list-clusters':
    case 'list-access-entries':
    case 'list-pod-identity-associations':
      return;
    default:
      throw new ImportFormatError(`${where}: not an EKS output`);
  }
}
