/**
 * A cluster's updates: what UpdateClusterConfig records (one update per call, of one type), and
 * DescribeUpdate / ListUpdates, which read them back. Gatehouse applies a change at once, so an
 * update is `Successful` from the start with no errors. Gatehouse has no node groups, add-ons or
 * capabilities: naming one gets EKS's not-found answer for it.
 */
import { randomUUID } from 'node:crypto';
import type { WireRecord } from '../../aws/wire-value.js';
import type { EksClusterRecord, EksUpdateRecord } from '../../state/eks-records.js';
import type { WriteCollections } from '../../state/store.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { optionalNumber, optionalString, requiredString } from '../iam/input-fields.js';
import { eksErrors } from './eks-errors.js';
import { clusterArn } from './eks-ids.js';
import { findCluster, pageWithToken, requireCluster, resourceTagKeys } from './eks-context.js';

/** The update as the EKS API shows it (`Update`). */
export function updateShape(u: EksUpdateRecord): WireRecord {
  return {
    id: u.id,
    status: u.status,
    type: u.type,
    params: u.params.map((p) => ({ type: p.type, value: p.value })),
    createdAt: new Date(u.createdAt),
    errors: u.errors.map((e) => ({ errorCode: e.errorCode, errorMessage: e.errorMessage, resourceIds: [...e.resourceIds] })),
  };
}

/** Records a successful update of `cluster` in the transaction `tx`, and returns it. */
export async function recordUpdate(
  tx: Pick<WriteCollections, 'eksUpdates'>,
  cluster: EksClusterRecord,
  type: string,
  params: readonly { type: string; value: string }[],
  now: Date,
): Promise<EksUpdateRecord> {
  const update: EksUpdateRecord = {
    accountId: cluster.accountId,
    region: cluster.region,
    clusterName: cluster.name,
    clusterId: cluster.issuerId,
    id: randomUUID(),
    status: 'Successful',
    type,
    params,
    createdAt: now.toISOString(),
    errors: [],
  };
  await tx.eksUpdates.put(update);
  return update;
}

/**
 * Node groups, add-ons and capabilities do not exist in Gatehouse: the one named is not found.
 * Recorded: "No node group found for name: <name>." (with clusterName and nodegroupName). AWS's
 * wording for a missing add-on or capability is not known from recordings.
 */
function refuseSubresource(input: WireRecord, clusterName: string): void {
  const nodegroup = optionalString(input, 'nodegroupName');
  if (nodegroup !== undefined) throw eksErrors.noNodegroup(clusterName, nodegroup);
  const addon = optionalString(input, 'addonName');
  if (addon !== undefined) throw eksErrors.noAddon(clusterName, addon);
  const capability = optionalString(input, 'capabilityName');
  if (capability !== undefined) throw eksErrors.noCapability(clusterName, capability);
}

async function clusterAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<{ action: string; resource: string; keys: Record<string, string> }> {
  const name = requiredString(input, 'name');
  const found = await findCluster(ctx, name);
  return { action, resource: clusterArn(ctx.accountId, ctx.region, name), keys: found !== undefined ? resourceTagKeys(found.tags) : {} };
}

const describeUpdate: OperationDef = {
  name: 'DescribeUpdate',
  readOnly: true,
  authorize: (input, ctx) => clusterAuthorization('eks:DescribeUpdate', input, ctx),
  async handler(input, ctx) {
    const cluster = await requireCluster(ctx, requiredString(input, 'name'));
    refuseSubresource(input, cluster.name);
    const id = requiredString(input, 'updateId');
    const update = await ctx.store.read.eksUpdates.getById(id);
    if (update?.clusterId !== cluster.issuerId) throw eksErrors.noUpdate(cluster.name, id);
    return { update: updateShape(update) };
  },
};

const listUpdates: OperationDef = {
  name: 'ListUpdates',
  readOnly: true,
  authorize: (input, ctx) => clusterAuthorization('eks:ListUpdates', input, ctx),
  async handler(input, ctx) {
    const cluster = await requireCluster(ctx, requiredString(input, 'name'));
    refuseSubresource(input, cluster.name);
    const maxItems = optionalNumber(input, 'maxResults') ?? 100;
    const marker = optionalString(input, 'nextToken');
    const page = await pageWithToken(() => ctx.store.read.eksUpdates.list({ scope: cluster.accountId, parent: cluster.issuerId, maxItems, ...(marker !== undefined ? { marker } : {}) }), cluster.name);
    return { updateIds: page.items.map((u) => u.id), ...(page.isTruncated && page.marker !== undefined ? { nextToken: page.marker } : {}) };
  },
};

export const updateOperations: readonly OperationDef[] = [describeUpdate, listUpdates];
