/**
 * EKS Pod Identity associations: a service account of a namespace of a cluster, and the role its
 * pods get credentials for (Create/Describe/List/Update/DeletePodIdentityAssociation).
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { EksClusterRecord, EksPodIdentityAssociationRecord } from '../../state/eks-records.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { optionalBoolean, optionalNumber, optionalString, requiredString } from '../iam/input-fields.js';
import { eksErrors } from './eks-errors.js';
import { clusterArn, newAssociationId, podIdentityAssociationArn } from './eks-ids.js';
import { findCluster, requestTagKeys, requireCluster, resourceTagKeys, stringMap } from './eks-context.js';

export function associationShape(a: EksPodIdentityAssociationRecord): WireRecord {
  return {
    clusterName: a.clusterName,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    roleArn: a.roleArn,
    associationArn: a.associationArn,
    associationId: a.associationId,
    tags: { ...a.tags },
    createdAt: new Date(a.createdAt),
    modifiedAt: new Date(a.modifiedAt),
    disableSessionTags: a.disableSessionTags,
    ...(a.targetRoleArn !== undefined ? { targetRoleArn: a.targetRoleArn } : {}),
    ...(a.externalId !== undefined ? { externalId: a.externalId } : {}),
    ...(a.policy !== undefined ? { policy: a.policy } : {}),
    ...(a.ownerArn !== undefined ? { ownerArn: a.ownerArn } : {}),
  };
}

export async function allAssociations(ctx: Pick<OperationContext, 'store'>, cluster: EksClusterRecord): Promise<EksPodIdentityAssociationRecord[]> {
  const out: EksPodIdentityAssociationRecord[] = [];
  let marker: string | undefined;
  for (;;) {
    const p = await ctx.store.read.eksPodIdentityAssociations.list({ scope: cluster.accountId, parent: cluster.issuerId, maxItems: 1000, ...(marker !== undefined ? { marker } : {}) });
    out.push(...p.items);
    if (!p.isTruncated || p.marker === undefined) return out;
    marker = p.marker;
  }
}

async function findAssociation(ctx: OperationContext, cluster: EksClusterRecord, id: string): Promise<EksPodIdentityAssociationRecord | undefined> {
  const a = await ctx.store.read.eksPodIdentityAssociations.getById(id);
  return a?.clusterId === cluster.issuerId ? a : undefined;
}

async function associationAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  const clusterName = requiredString(input, 'clusterName');
  const id = requiredString(input, 'associationId');
  const cluster = await findCluster(ctx, clusterName);
  const a = cluster !== undefined ? await findAssociation(ctx, cluster, id) : undefined;
  return {
    action,
    resource: a?.associationArn ?? podIdentityAssociationArn(ctx.accountId, ctx.region, clusterName, id),
    keys: a !== undefined ? resourceTagKeys(a.tags) : {},
  };
}

async function requireAssociation(ctx: OperationContext, input: WireRecord): Promise<EksPodIdentityAssociationRecord> {
  const clusterName = requiredString(input, 'clusterName');
  const cluster = await requireCluster(ctx, clusterName);
  const id = requiredString(input, 'associationId');
  const a = await findAssociation(ctx, cluster, id);
  if (a === undefined) throw eksErrors.noPodIdentityAssociation(clusterName, id);
  return a;
}

const passRole = (roleArn: string, arn: string): Authorization => ({ action: 'iam:PassRole', resource: roleArn, keys: { 'iam:PassedToService': 'pods.eks.amazonaws.com', 'iam:AssociatedResourceARN': arn } });

const createAssociation: OperationDef = {
  name: 'CreatePodIdentityAssociation',
  readOnly: false,
  authorize(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const arn = clusterArn(ctx.accountId, ctx.region, clusterName);
    return [
      { action: 'eks:CreatePodIdentityAssociation', resource: arn, keys: requestTagKeys(stringMap(input.tags)) },
      passRole(requiredString(input, 'roleArn'), arn),
    ];
  },
  async handler(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const cluster = await requireCluster(ctx, clusterName);
    const namespace = requiredString(input, 'namespace');
    const serviceAccount = requiredString(input, 'serviceAccount');
    const roleArn = requiredString(input, 'roleArn');
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn)) throw eksErrors.invalidParameter(`Invalid role arn: ${roleArn}`, clusterName);
    const id = newAssociationId();
    const now = ctx.now.toISOString();
    const targetRoleArn = optionalString(input, 'targetRoleArn');
    const policy = optionalString(input, 'policy');
    const record: EksPodIdentityAssociationRecord = {
      accountId: cluster.accountId,
      region: cluster.region,
      clusterName,
      clusterId: cluster.issuerId,
      associationId: id,
      associationArn: podIdentityAssociationArn(cluster.accountId, cluster.region, clusterName, id),
      namespace,
      serviceAccount,
      roleArn,
      disableSessionTags: optionalBoolean(input, 'disableSessionTags') ?? false,
      ...(targetRoleArn !== undefined ? { targetRoleArn, externalId: id } : {}),
      ...(policy !== undefined ? { policy } : {}),
      createdAt: now,
      modifiedAt: now,
      tags: stringMap(input.tags),
    };
    await ctx.store.transaction(async (tx) => {
      const same = await tx.eksPodIdentityAssociations.list({ scope: cluster.accountId, parent: cluster.issuerId, ref: `${namespace}|${serviceAccount}`, maxItems: 1 });
      if (same.items.length > 0) throw eksErrors.podIdentityAssociationExists(clusterName, namespace, serviceAccount);
      await tx.eksPodIdentityAssociations.put(record);
    });
    return { association: associationShape(record) };
  },
};

const describeAssociation: OperationDef = {
  name: 'DescribePodIdentityAssociation',
  readOnly: true,
  authorize: (input, ctx) => associationAuthorization('eks:DescribePodIdentityAssociation', input, ctx),
  async handler(input, ctx) {
    return { association: associationShape(await requireAssociation(ctx, input)) };
  },
};

const listAssociations: OperationDef = {
  name: 'ListPodIdentityAssociations',
  readOnly: true,
  authorize: (input, ctx) => ({ action: 'eks:ListPodIdentityAssociations', resource: clusterArn(ctx.accountId, ctx.region, requiredString(input, 'clusterName')) }),
  async handler(input, ctx) {
    const cluster = await requireCluster(ctx, requiredString(input, 'clusterName'));
    const namespace = optionalString(input, 'namespace');
    const serviceAccount = optionalString(input, 'serviceAccount');
    const all = (await allAssociations(ctx, cluster)).filter((a) => (namespace === undefined || a.namespace === namespace) && (serviceAccount === undefined || a.serviceAccount === serviceAccount));
    const max = optionalNumber(input, 'maxResults') ?? 100;
    const from = Number(optionalString(input, 'nextToken') ?? '0') || 0;
    const items = all.slice(from, from + max).map((a) => ({
      clusterName: a.clusterName,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      associationArn: a.associationArn,
      associationId: a.associationId,
      ...(a.ownerArn !== undefined ? { ownerArn: a.ownerArn } : {}),
    }));
    return { associations: items, ...(from + max < all.length ? { nextToken: String(from + max) } : {}) };
  },
};

const updateAssociation: OperationDef = {
  name: 'UpdatePodIdentityAssociation',
  readOnly: false,
  async authorize(input, ctx) {
    const needs: Authorization[] = [await associationAuthorization('eks:UpdatePodIdentityAssociation', input, ctx)];
    const roleArn = optionalString(input, 'roleArn');
    if (roleArn !== undefined) needs.push(passRole(roleArn, clusterArn(ctx.accountId, ctx.region, requiredString(input, 'clusterName'))));
    return needs;
  },
  async handler(input, ctx) {
    const a = await requireAssociation(ctx, input);
    const roleArn = optionalString(input, 'roleArn');
    const disable = optionalBoolean(input, 'disableSessionTags');
    const targetRoleArn = optionalString(input, 'targetRoleArn');
    const policy = optionalString(input, 'policy');
    const updated: EksPodIdentityAssociationRecord = {
      ...a,
      ...(roleArn !== undefined ? { roleArn } : {}),
      ...(disable !== undefined ? { disableSessionTags: disable } : {}),
      ...(targetRoleArn !== undefined ? { targetRoleArn, externalId: a.associationId } : {}),
      ...(policy !== undefined ? { policy } : {}),
      modifiedAt: ctx.now.toISOString(),
    };
    await ctx.store.transaction((tx) => tx.eksPodIdentityAssociations.put(updated));
    return { association: associationShape(updated) };
  },
};

const deleteAssociation: OperationDef = {
  name: 'DeletePodIdentityAssociation',
  readOnly: false,
  authorize: (input, ctx) => associationAuthorization('eks:DeletePodIdentityAssociation', input, ctx),
  async handler(input, ctx) {
    const a = await requireAssociation(ctx, input);
    await ctx.store.transaction((tx) => tx.eksPodIdentityAssociations.delete(a.associationId));
    return { association: associationShape(a) };
  },
};

export const podIdentityAssociationOperations: readonly OperationDef[] = [createAssociation, describeAssociation, listAssociations, updateAssociation, deleteAssociation];
