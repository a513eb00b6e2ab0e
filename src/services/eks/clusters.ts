/**
 * Clusters: CreateCluster (passing the cluster role to EKS), DescribeCluster, ListClusters,
 * DeleteCluster and UpdateClusterConfig (authentication mode, logging, endpoint access; each call
 * recorded as one update, see updates.ts). A cluster is ACTIVE as soon as it
 * is made, with its OIDC issuer and its signing key; with access entries enabled and
 * `bootstrapClusterCreatorAdminPermissions` (the default), its creator gets an access entry with
 * AmazonEKSClusterAdminPolicy, as EKS does.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { AuthenticationMode, EksAccessEntryRecord, EksClusterRecord } from '../../state/eks-records.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { optionalBoolean, optionalNumber, optionalString, requiredString } from '../iam/input-fields.js';
import { eksErrors } from './eks-errors.js';
import { accessEntryArn, clusterArn, issuerUrl, newIssuerId, principalOf } from './eks-ids.js';
import { clusterEndpoint, findCluster, pageWithToken, recordOf, requestTagKeys, requireCluster, resourceTagKeys, stringMap, type EksDeps } from './eks-context.js';
import { newSigningKey } from './issuer-keys.js';
import { CLUSTER_ADMIN_POLICY_ARN } from './access-policy-catalogue.js';
import { defaultUsername } from './access-entry-rules.js';
import { recordUpdate, updateShape } from './updates.js';

/** The Kubernetes version a cluster gets when none is asked for. */
export const DEFAULT_KUBERNETES_VERSION = '1.32';
const EKS_SERVICE = 'eks.amazonaws.com';

/** The cluster as DescribeCluster shows it. */
export async function clusterShape(cluster: EksClusterRecord, deps: EksDeps, requestHost: string | undefined, status = 'ACTIVE'): Promise<WireRecord> {
  const vpc = cluster.resourcesVpcConfig;
  return {
    name: cluster.name,
    arn: cluster.arn,
    createdAt: new Date(cluster.createdAt),
    version: cluster.version,
    endpoint: clusterEndpoint(cluster, requestHost),
    roleArn: cluster.roleArn,
    resourcesVpcConfig: {
      subnetIds: (vpc.subnetIds as string[] | undefined) ?? [],
      securityGroupIds: (vpc.securityGroupIds as string[] | undefined) ?? [],
      clusterSecurityGroupId: `sg-${cluster.issuerId.slice(0, 17).toLowerCase()}`,
      vpcId: `vpc-${cluster.issuerId.slice(15, 32).toLowerCase()}`,
      endpointPublicAccess: (vpc.endpointPublicAccess as boolean | undefined) ?? true,
      endpointPrivateAccess: (vpc.endpointPrivateAccess as boolean | undefined) ?? false,
      publicAccessCidrs: (vpc.publicAccessCidrs as string[] | undefined) ?? ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: (cluster.kubernetesNetworkConfig.serviceIpv4Cidr as string | undefined) ?? '10.100.0.0/16', ipFamily: 'ipv4' },
    logging: { clusterLogging: clusterLogging(cluster.enabledLogTypes ?? []) },
    identity: { oidc: { issuer: issuerUrl(cluster.region, cluster.issuerId) } },
    status,
    certificateAuthority: { data: Buffer.from(await deps.caPem(), 'utf8').toString('base64') },
    platformVersion: cluster.platformVersion,
    tags: { ...cluster.tags },
    accessConfig: { bootstrapClusterCreatorAdminPermissions: cluster.bootstrapClusterCreatorAdminPermissions, authenticationMode: cluster.authenticationMode },
    upgradePolicy: { supportType: 'EXTENDED' },
    deletionProtection: false,
  };
}

/**
 * Whether a trust policy lets EKS assume the role: an Allow statement for the service principal
 * `eks.amazonaws.com` with `sts:AssumeRole` (conditions are not evaluated: EKS's own request
 * carries none that a trust policy could test here).
 */
export function trustsService(document: string, service: string, action = 'sts:AssumeRole'): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    return false;
  }
  const statements = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  const anyOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
  let allowed = false;
  for (const s of list as { Effect?: unknown; Principal?: unknown; Action?: unknown }[]) {
    if (typeof s !== 'object' || s === null) continue;
    const principal = s.Principal;
    const services = principal === '*' ? ['*'] : anyOf((principal as { Service?: unknown } | undefined)?.Service);
    if (!services.some((p) => p === '*' || p === service)) continue;
    const actions = anyOf(s.Action).map((a) => a.toLowerCase());
    if (!actions.some((a) => a === '*' || a === 'sts:*' || a === action.toLowerCase())) continue;
    if (s.Effect === 'Deny') return false;
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

/** The IAM principal ARN EKS records as a cluster's creator: an assumed role's role ARN (with its path), else the caller's ARN. */
export function creatorPrincipalArn(ctx: OperationContext): string {
  const session = ctx.caller.session;
  if (session?.kind === 'role' && session.roleArn !== undefined) return session.roleArn;
  return ctx.caller.principal.arn;
}

function authorizeCreate(input: WireRecord, ctx: OperationContext): Authorization[] {
  const name = requiredString(input, 'name');
  const arn = clusterArn(ctx.accountId, ctx.region, name);
  const tags = stringMap(input.tags);
  const roleArn = requiredString(input, 'roleArn');
  return [
    { action: 'eks:CreateCluster', resource: arn, keys: requestTagKeys(tags) },
    // The seed's wording: "User: <arn> is not authorized to perform: iam:PassRole".
    { action: 'iam:PassRole', resource: roleArn, keys: { 'iam:PassedToService': 'eks.amazonaws.com', 'iam:AssociatedResourceARN': arn }, omitsResourceInMessage: true },
  ];
}

const AUTHENTICATION_MODES: readonly AuthenticationMode[] = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** DescribeCluster's `logging.clusterLogging`: the enabled types, then the disabled ones. */
function clusterLogging(enabled: readonly string[]): WireRecord[] {
  const on = LOG_TYPES.filter((t) => enabled.includes(t));
  const off = LOG_TYPES.filter((t) => !enabled.includes(t));
  return [...(on.length > 0 ? [{ types: on, enabled: true }] : []), ...(off.length > 0 ? [{ types: off, enabled: false }] : [])];
}

interface ClusterConfigChange {
  /** EKS's UpdateType. */
  readonly type: string;
  readonly params: readonly { type: string; value: string }[];
  /** The change to the cluster record, when Gatehouse keeps the setting. */
  readonly apply?: (c: EksClusterRecord) => EksClusterRecord;
}

/**
 * Settings of UpdateClusterConfig that Gatehouse accepts and does not model, with their update
 * type and the parameter naming them. The parameter's value is the setting as sent, in JSON, as
 * AWS shows ClusterLogging's (the AWS CLI's recorded example); for these others AWS's value format
 * is not known from recordings.
 */
const OTHER_SETTINGS: readonly { readonly member: string; readonly type: string; readonly param: string }[] = [
  { member: 'upgradePolicy', type: 'UpgradePolicyUpdate', param: 'UpgradePolicy' },
  { member: 'zonalShiftConfig', type: 'ZonalShiftConfigUpdate', param: 'ZonalShiftConfig' },
  { member: 'computeConfig', type: 'AutoModeUpdate', param: 'ComputeConfig' },
  { member: 'storageConfig', type: 'AutoModeUpdate', param: 'StorageConfig' },
  { member: 'kubernetesNetworkConfig', type: 'AutoModeUpdate', param: 'KubernetesNetworkConfig' },
  { member: 'remoteNetworkConfig', type: 'RemoteNetworkConfigUpdate', param: 'RemoteNetworkConfig' },
  { member: 'deletionProtection', type: 'DeletionProtectionUpdate', param: 'DeletionProtection' },
];

/**
 * What one UpdateClusterConfig call changes: exactly one type of update (EKS refuses more, in
 * its recorded words). The authentication mode moves one step forward only; logging types are
 * switched on and off in the order given, and a logging update that changes nothing is refused
 * (recorded); endpoint access and the VPC's subnets and security groups are kept as sent.
 */
function clusterConfigChange(input: WireRecord, cluster: EksClusterRecord): ClusterConfigChange {
  const changes: (() => ClusterConfigChange)[] = [];
  const access = recordOf(input.accessConfig);
  const wanted = optionalString(access, 'authenticationMode') as AuthenticationMode | undefined;
  if (wanted !== undefined) {
    changes.push(() => {
      const from = AUTHENTICATION_MODES.indexOf(cluster.authenticationMode);
      const to = AUTHENTICATION_MODES.indexOf(wanted);
      // One step forward only: CONFIG_MAP → API_AND_CONFIG_MAP → API (recorded: "from CONFIG_MAP to API" and "from X to X" are refused).
      if (to !== from + 1) throw eksErrors.authenticationModeUpdate(cluster.authenticationMode, wanted, cluster.name);
      return { type: 'AccessConfigUpdate', params: [{ type: 'AuthenticationMode', value: wanted }], apply: (c) => ({ ...c, authenticationMode: wanted }) };
    });
  }
  if (input.logging !== undefined) {
    changes.push(() => {
      const given = recordOf(input.logging).clusterLogging;
      const setups = Array.isArray(given) ? given.map(recordOf) : [];
      const before = cluster.enabledLogTypes ?? [];
      let enabled = new Set(before);
      for (const setup of setups) {
        const types = (Array.isArray(setup.types) ? setup.types : []).filter((t): t is string => typeof t === 'string' && (LOG_TYPES as readonly string[]).includes(t));
        if (setup.enabled === true) for (const t of types) enabled.add(t);
        else if (setup.enabled === false) enabled = new Set([...enabled].filter((t) => !types.includes(t)));
      }
      const after = LOG_TYPES.filter((t) => enabled.has(t));
      if (after.length === before.length && after.every((t) => before.includes(t))) throw eksErrors.noLoggingChange(cluster.name);
      return { type: 'LoggingUpdate', params: [{ type: 'ClusterLogging', value: JSON.stringify(input.logging) }], apply: (c) => ({ ...c, enabledLogTypes: after }) };
    });
  }
  const vpc = recordOf(input.resourcesVpcConfig);
  const endpoint: [string, string][] = [
    ['endpointPublicAccess', 'EndpointPublicAccess'],
    ['endpointPrivateAccess', 'EndpointPrivateAccess'],
    ['publicAccessCidrs', 'PublicAccessCidrs'],
  ];
  const network: [string, string][] = [
    ['subnetIds', 'Subnets'],
    ['securityGroupIds', 'SecurityGroups'],
  ];
  for (const [fields, type] of [[endpoint, 'EndpointAccessUpdate'], [network, 'VpcConfigUpdate']] as const) {
    const given = fields.filter(([member]) => vpc[member] !== undefined);
    if (given.length === 0) continue;
    changes.push(() => ({
      type,
      // Booleans as "true"/"false" (recorded); lists in JSON (AWS's form for these is not known from recordings).
      params: given.map(([member, param]) => ({ type: param, value: typeof vpc[member] === 'boolean' ? String(vpc[member]) : JSON.stringify(vpc[member]) })),
      apply: (c) => ({ ...c, resourcesVpcConfig: { ...c.resourcesVpcConfig, ...Object.fromEntries(given.map(([member]) => [member, vpc[member]])) } }),
    }));
  }
  for (const other of OTHER_SETTINGS) {
    if (input[other.member] === undefined) continue;
    changes.push(() => ({ type: other.type, params: [{ type: other.param, value: JSON.stringify(input[other.member]) }] }));
  }
  if (changes.length > 1) throw eksErrors.oneUpdateType(cluster.name);
  // A call that names no setting is accepted as a ConfigUpdate without parameters (AWS's answer to it is not known from recordings).
  return changes[0]?.() ?? { type: 'ConfigUpdate', params: [] };
}

export function clusterOperations(deps: EksDeps): OperationDef[] {
  const createCluster: OperationDef = {
    name: 'CreateCluster',
    readOnly: false,
    authorize: authorizeCreate,
    async handler(input, ctx) {
      const name = requiredString(input, 'name');
      const roleArn = requiredString(input, 'roleArn');
      if ((await findCluster(ctx, name)) !== undefined) throw eksErrors.clusterExists(name);
      const role = principalOf(roleArn);
      const roleRecord = role?.kind === 'role' && role.account === ctx.accountId ? await ctx.store.read.roles.getByName(ctx.accountId, role.name) : undefined;
      if (roleRecord === undefined || roleRecord.Arn !== roleArn || !trustsService(roleRecord.AssumeRolePolicyDocument, EKS_SERVICE)) throw eksErrors.roleNotAssumable(roleArn, name);
      const access = recordOf(input.accessConfig);
      const mode = (optionalString(access, 'authenticationMode') ?? 'CONFIG_MAP') as AuthenticationMode;
      if (!AUTHENTICATION_MODES.includes(mode)) throw eksErrors.invalidParameter(`Unsupported authentication mode: ${mode}`, name);
      const bootstrap = optionalBoolean(access, 'bootstrapClusterCreatorAdminPermissions') ?? true;
      // AWS refuses this combination (nobody could reach the cluster); its exact text is not known.
      if (mode === 'CONFIG_MAP' && !bootstrap) throw eksErrors.invalidParameter('bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to CONFIG_MAP', name);
      const arn = clusterArn(ctx.accountId, ctx.region, name);
      const issuerId = newIssuerId();
      const key = await newSigningKey(ctx.sealer, arn);
      const now = ctx.now.toISOString();
      const vpc = recordOf(input.resourcesVpcConfig);
      const network = recordOf(input.kubernetesNetworkConfig);
      const record: EksClusterRecord = {
        accountId: ctx.accountId,
        region: ctx.region,
        name,
        arn,
        issuerId,
        createdAt: now,
        version: optionalString(input, 'version') ?? DEFAULT_KUBERNETES_VERSION,
        platformVersion: 'eks.1',
        roleArn,
        authenticationMode: mode,
        bootstrapClusterCreatorAdminPermissions: bootstrap,
        resourcesVpcConfig: vpc,
        kubernetesNetworkConfig: network,
        tags: stringMap(input.tags),
        signingKey: key.sealed,
        signingKeyId: key.keyId,
        creatorArn: creatorPrincipalArn(ctx),
        ...(optionalString(input, 'clientRequestToken') !== undefined ? { clientRequestToken: optionalString(input, 'clientRequestToken')! } : {}),
      };
      await ctx.store.transaction(async (tx) => {
        await tx.eksClusters.put(record);
        if (bootstrap && mode !== 'CONFIG_MAP') {
          const principal = principalOf(record.creatorArn!);
          if (principal !== undefined) {
            const entry: EksAccessEntryRecord = {
              accountId: ctx.accountId,
              region: ctx.region,
              clusterName: name,
              clusterId: issuerId,
              principalArn: record.creatorArn!,
              kubernetesGroups: [],
              accessEntryArn: accessEntryArn(ctx.accountId, ctx.region, name, principal),
              createdAt: now,
              modifiedAt: now,
              tags: {},
              username: defaultUsername('STANDARD', record.creatorArn!)!,
              type: 'STANDARD',
              associatedAccessPolicies: [{ policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: 'cluster', namespaces: [] }, associatedAt: now, modifiedAt: now }],
            };
            await tx.eksAccessEntries.put(entry);
          }
        }
      });
      return { cluster: await clusterShape(record, deps, ctx.requestHost, 'ACTIVE') };
    },
  };

  const describeCluster: OperationDef = {
    name: 'DescribeCluster',
    readOnly: true,
    async authorize(input, ctx) {
      const name = requiredString(input, 'name');
      const found = await findCluster(ctx, name);
      return { action: 'eks:DescribeCluster', resource: clusterArn(ctx.accountId, ctx.region, name), keys: found !== undefined ? resourceTagKeys(found.tags) : {} };
    },
    async handler(input, ctx) {
      return { cluster: await clusterShape(await requireCluster(ctx, requiredString(input, 'name')), deps, ctx.requestHost) };
    },
  };

  const listClusters: OperationDef = {
    name: 'ListClusters',
    readOnly: true,
    authorize: (_input, ctx) => ({ action: 'eks:ListClusters', resource: `arn:aws:eks:${ctx.region}:${ctx.accountId}:cluster/*` }),
    async handler(input, ctx) {
      const maxItems = optionalNumber(input, 'maxResults') ?? 100;
      const marker = optionalString(input, 'nextToken');
      const page = await pageWithToken(() => ctx.store.read.eksClusters.list({ scope: ctx.accountId, parent: ctx.region, maxItems, ...(marker !== undefined ? { marker } : {}) }));
      return { clusters: page.items.map((c) => c.name), ...(page.isTruncated && page.marker !== undefined ? { nextToken: page.marker } : {}) };
    },
  };

  const deleteCluster: OperationDef = {
    name: 'DeleteCluster',
    readOnly: false,
    async authorize(input, ctx) {
      const name = requiredString(input, 'name');
      const found = await findCluster(ctx, name);
      return { action: 'eks:DeleteCluster', resource: clusterArn(ctx.accountId, ctx.region, name), keys: found !== undefined ? resourceTagKeys(found.tags) : {} };
    },
    async handler(input, ctx) {
      const cluster = await requireCluster(ctx, requiredString(input, 'name'));
      await ctx.store.transaction(async (tx) => {
        await tx.eksClusters.delete(cluster.issuerId);
        for (const collection of [tx.eksAccessEntries, tx.eksPodIdentityAssociations, tx.eksUpdates] as const) {
          for (;;) {
            const page = await collection.list({ scope: cluster.accountId, parent: cluster.issuerId, maxItems: 1000 });
            for (const item of page.items) {
              const id = 'associationId' in item ? item.associationId : 'principalArn' in item ? `${item.clusterId}|${item.principalArn}` : item.id;
              await collection.delete(id);
            }
            if (!page.isTruncated) break;
          }
        }
      });
      return { cluster: await clusterShape(cluster, deps, ctx.requestHost, 'DELETING') };
    },
  };

  const updateClusterConfig: OperationDef = {
    name: 'UpdateClusterConfig',
    readOnly: false,
    async authorize(input, ctx) {
      const name = requiredString(input, 'name');
      const found = await findCluster(ctx, name);
      return { action: 'eks:UpdateClusterConfig', resource: clusterArn(ctx.accountId, ctx.region, name), keys: found !== undefined ? resourceTagKeys(found.tags) : {} };
    },
    async handler(input, ctx) {
      const cluster = await requireCluster(ctx, requiredString(input, 'name'));
      const change = clusterConfigChange(input, cluster);
      const update = await ctx.store.transaction(async (tx) => {
        const current = await tx.eksClusters.getById(cluster.issuerId);
        if (current !== undefined && change.apply !== undefined) await tx.eksClusters.put(change.apply(current));
        return recordUpdate(tx, cluster, change.type, change.params, ctx.now);
      });
      // The change is effective at once, so the update is reported (and kept) as done.
      return { update: updateShape(update) };
    },
  };

  return [createCluster, describeCluster, listClusters, deleteCluster, updateClusterConfig];
}
