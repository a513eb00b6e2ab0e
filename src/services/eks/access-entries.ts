/**
 * Access entries and the access policies associated with them: Create/Describe/List/Update/
 * DeleteAccessEntry, AssociateAccessPolicy, DisassociateAccessPolicy, ListAssociatedAccessPolicies
 * and ListAccessPolicies. Access entries exist only on clusters whose authentication mode includes
 * the EKS API.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { AssociatedAccessPolicyRecord, EksAccessEntryRecord, EksClusterRecord } from '../../state/eks-records.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { optionalNumber, optionalString, requiredString, stringList } from '../iam/input-fields.js';
import { eksErrors } from './eks-errors.js';
import { accessEntryArn, clusterArn, principalOf } from './eks-ids.js';
import { findCluster, recordOf, requestTagKeys, requireCluster, resourceTagKeys, stringMap } from './eks-context.js';
import { ACCESS_ENTRY_TYPES, checkGroups, checkUsername, defaultGroups, defaultUsername } from './access-entry-rules.js';
import { accessPolicies, isAccessPolicyArn } from './access-policy-catalogue.js';

function requireApiMode(cluster: EksClusterRecord): void {
  if (cluster.authenticationMode === 'CONFIG_MAP') throw eksErrors.accessEntriesNeedApi(cluster.name);
}

export function entryId(clusterId: string, principalArn: string): string {
  return `${clusterId}|${principalArn}`;
}

async function findEntry(ctx: OperationContext, cluster: EksClusterRecord, principalArn: string): Promise<EksAccessEntryRecord | undefined> {
  return ctx.store.read.eksAccessEntries.getById(entryId(cluster.issuerId, principalArn));
}

async function requireEntry(ctx: OperationContext, clusterName: string, principalArn: string): Promise<{ cluster: EksClusterRecord; entry: EksAccessEntryRecord }> {
  const cluster = await requireCluster(ctx, clusterName);
  requireApiMode(cluster);
  const entry = await findEntry(ctx, cluster, principalArn);
  if (entry === undefined) throw eksErrors.noAccessEntry(clusterName, principalArn);
  return { cluster, entry };
}

export function accessEntryShape(e: EksAccessEntryRecord): WireRecord {
  return {
    clusterName: e.clusterName,
    principalArn: e.principalArn,
    kubernetesGroups: [...e.kubernetesGroups],
    accessEntryArn: e.accessEntryArn,
    createdAt: new Date(e.createdAt),
    modifiedAt: new Date(e.modifiedAt),
    tags: { ...e.tags },
    username: e.username,
    type: e.type,
  };
}

export function associatedPolicyShape(p: AssociatedAccessPolicyRecord): WireRecord {
  return {
    policyArn: p.policyArn,
    accessScope: { type: p.accessScope.type, namespaces: [...p.accessScope.namespaces] },
    associatedAt: new Date(p.associatedAt),
    modifiedAt: new Date(p.modifiedAt),
  };
}

/**
 * The authorization of an operation on one access entry: the entry's ARN when it exists (its
 * tags as resource tags), else the cluster's.
 */
async function entryAuthorization(action: string, input: WireRecord, ctx: OperationContext, keys: Record<string, string | readonly string[]> = {}): Promise<Authorization> {
  const clusterName = requiredString(input, 'clusterName');
  const principalArn = requiredString(input, 'principalArn');
  const cluster = await findCluster(ctx, clusterName);
  const entry = cluster !== undefined ? await findEntry(ctx, cluster, principalArn) : undefined;
  return {
    action,
    resource: entry?.accessEntryArn ?? clusterArn(ctx.accountId, ctx.region, clusterName),
    keys: { 'eks:principalArn': principalArn, ...(entry !== undefined ? resourceTagKeys(entry.tags) : {}), ...keys },
  };
}

function page<T>(items: readonly T[], input: WireRecord, defaultMax = 100): { items: T[]; nextToken?: string } {
  const max = optionalNumber(input, 'maxResults') ?? defaultMax;
  const start = Number(optionalString(input, 'nextToken') ?? '0');
  const from = Number.isInteger(start) && start >= 0 ? start : 0;
  const slice = items.slice(from, from + max);
  return from + max < items.length ? { items: slice, nextToken: String(from + max) } : { items: slice };
}

export async function allEntries(ctx: Pick<OperationContext, 'store'>, cluster: EksClusterRecord): Promise<EksAccessEntryRecord[]> {
  const out: EksAccessEntryRecord[] = [];
  let marker: string | undefined;
  for (;;) {
    const p = await ctx.store.read.eksAccessEntries.list({ scope: cluster.accountId, parent: cluster.issuerId, maxItems: 1000, ...(marker !== undefined ? { marker } : {}) });
    out.push(...p.items);
    if (!p.isTruncated || p.marker === undefined) return out;
    marker = p.marker;
  }
}

const createAccessEntry: OperationDef = {
  name: 'CreateAccessEntry',
  readOnly: false,
  authorize(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const principalArn = requiredString(input, 'principalArn');
    const type = optionalString(input, 'type') ?? 'STANDARD';
    const needs: Authorization[] = [
      { action: 'eks:CreateAccessEntry', resource: clusterArn(ctx.accountId, ctx.region, clusterName), keys: { 'eks:principalArn': principalArn, ...requestTagKeys(stringMap(input.tags)) } },
    ];
    // Node entries pass their role to EKS (creating-access-entries.md).
    if (type === 'EC2_LINUX' || type === 'EC2_WINDOWS') needs.push({ action: 'iam:PassRole', resource: principalArn, keys: { 'iam:PassedToService': 'eks.amazonaws.com' } });
    return needs;
  },
  async handler(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const principalArn = requiredString(input, 'principalArn');
    const type = optionalString(input, 'type') ?? 'STANDARD';
    const cluster = await requireCluster(ctx, clusterName);
    requireApiMode(cluster);
    // AWS's exact texts for the refusals below are not known from recordings.
    if (!ACCESS_ENTRY_TYPES.includes(type)) throw eksErrors.invalidParameter(`The type ${type} is not valid. Valid types: ${ACCESS_ENTRY_TYPES.join(', ')}`, clusterName);
    const principal = principalOf(principalArn);
    if (principal === undefined) throw eksErrors.invalidParameter(`The specified principalArn is invalid: ${principalArn}`, clusterName);
    if (/:role\/aws-service-role\//.test(principalArn)) throw eksErrors.invalidParameter('Access entries do not support service linked roles', clusterName);
    if (type !== 'STANDARD') {
      if (principal.kind !== 'role') throw eksErrors.invalidParameter(`The principalArn must be an IAM role for access entries of type ${type}`, clusterName);
      if (principal.account !== cluster.accountId) throw eksErrors.invalidParameter(`The principalArn must be in the cluster's account for access entries of type ${type}`, clusterName);
      if (optionalString(input, 'username') !== undefined) throw eksErrors.invalidParameter(`username can only be set for access entries of type STANDARD`, clusterName);
      if ((stringList(input, 'kubernetesGroups') ?? []).length > 0) throw eksErrors.invalidParameter(`kubernetesGroups can only be set for access entries of type STANDARD`, clusterName);
    }
    const username = optionalString(input, 'username');
    if (username !== undefined) checkUsername(username, clusterName);
    const groups = stringList(input, 'kubernetesGroups') ?? defaultGroups(type);
    if (type === 'STANDARD') checkGroups(groups, clusterName);
    // The principal must exist when it is in the cluster's account; EKS keeps its unique ID.
    let principalId: string | undefined;
    if (principal.account === cluster.accountId) {
      const found = principal.kind === 'role' ? await ctx.store.read.roles.getByName(principal.account, principal.name) : await ctx.store.read.users.getByName(principal.account, principal.name);
      if (found === undefined || found.Arn !== principalArn) throw eksErrors.invalidParameter(`The specified principalArn is invalid: invalid principal`, clusterName);
      principalId = 'RoleId' in found ? found.RoleId : found.UserId;
    }
    const now = ctx.now.toISOString();
    const entry: EksAccessEntryRecord = {
      accountId: cluster.accountId,
      region: cluster.region,
      clusterName,
      clusterId: cluster.issuerId,
      principalArn,
      kubernetesGroups: [...groups],
      accessEntryArn: accessEntryArn(cluster.accountId, cluster.region, clusterName, principal),
      createdAt: now,
      modifiedAt: now,
      tags: stringMap(input.tags),
      username: username ?? defaultUsername(type, principalArn)!,
      type,
      ...(principalId !== undefined ? { principalId } : {}),
      associatedAccessPolicies: [],
    };
    await ctx.store.transaction(async (tx) => {
      if ((await tx.eksAccessEntries.getById(entryId(cluster.issuerId, principalArn))) !== undefined) throw eksErrors.accessEntryExists(clusterName);
      await tx.eksAccessEntries.put(entry);
    });
    return { accessEntry: accessEntryShape(entry) };
  },
};

const describeAccessEntry: OperationDef = {
  name: 'DescribeAccessEntry',
  readOnly: true,
  authorize: (input, ctx) => entryAuthorization('eks:DescribeAccessEntry', input, ctx),
  async handler(input, ctx) {
    const { entry } = await requireEntry(ctx, requiredString(input, 'clusterName'), requiredString(input, 'principalArn'));
    return { accessEntry: accessEntryShape(entry) };
  },
};

const listAccessEntries: OperationDef = {
  name: 'ListAccessEntries',
  readOnly: true,
  authorize: (input, ctx) => ({ action: 'eks:ListAccessEntries', resource: clusterArn(ctx.accountId, ctx.region, requiredString(input, 'clusterName')) }),
  async handler(input, ctx) {
    const cluster = await requireCluster(ctx, requiredString(input, 'clusterName'));
    requireApiMode(cluster);
    const policy = optionalString(input, 'associatedPolicyArn');
    const entries = (await allEntries(ctx, cluster)).filter((e) => policy === undefined || e.associatedAccessPolicies.some((p) => p.policyArn === policy));
    const p = page(entries.map((e) => e.principalArn), input);
    return { accessEntries: p.items, ...(p.nextToken !== undefined ? { nextToken: p.nextToken } : {}) };
  },
};

const updateAccessEntry: OperationDef = {
  name: 'UpdateAccessEntry',
  readOnly: false,
  authorize: (input, ctx) => entryAuthorization('eks:UpdateAccessEntry', input, ctx),
  async handler(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const { entry } = await requireEntry(ctx, clusterName, requiredString(input, 'principalArn'));
    const username = optionalString(input, 'username');
    const groups = stringList(input, 'kubernetesGroups');
    if (entry.type !== 'STANDARD' && (username !== undefined || groups !== undefined)) throw eksErrors.invalidParameter(`username and kubernetesGroups can only be updated for access entries of type STANDARD`, clusterName);
    if (username !== undefined) checkUsername(username, clusterName);
    if (groups !== undefined) checkGroups(groups, clusterName);
    const updated: EksAccessEntryRecord = {
      ...entry,
      ...(username !== undefined ? { username } : {}),
      ...(groups !== undefined ? { kubernetesGroups: [...groups] } : {}),
      modifiedAt: ctx.now.toISOString(),
    };
    await ctx.store.transaction((tx) => tx.eksAccessEntries.put(updated));
    return { accessEntry: accessEntryShape(updated) };
  },
};

const deleteAccessEntry: OperationDef = {
  name: 'DeleteAccessEntry',
  readOnly: false,
  authorize: (input, ctx) => entryAuthorization('eks:DeleteAccessEntry', input, ctx),
  async handler(input, ctx) {
    const { cluster, entry } = await requireEntry(ctx, requiredString(input, 'clusterName'), requiredString(input, 'principalArn'));
    await ctx.store.transaction((tx) => tx.eksAccessEntries.delete(entryId(cluster.issuerId, entry.principalArn)));
    return {};
  },
};

const associateAccessPolicy: OperationDef = {
  name: 'AssociateAccessPolicy',
  readOnly: false,
  authorize(input, ctx) {
    const scope = recordOf(input.accessScope);
    return entryAuthorization('eks:AssociateAccessPolicy', input, ctx, {
      'eks:policyArn': requiredString(input, 'policyArn'),
      'eks:accessScope': optionalString(scope, 'type') ?? '',
      ...(stringList(scope, 'namespaces') !== undefined ? { 'eks:namespaces': stringList(scope, 'namespaces')! } : {}),
    });
  },
  async handler(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const policyArn = requiredString(input, 'policyArn');
    const { entry } = await requireEntry(ctx, clusterName, requiredString(input, 'principalArn'));
    // AWS's exact texts for these refusals are not known from recordings.
    if (!isAccessPolicyArn(policyArn)) throw eksErrors.invalidParameter(`The specified policyArn is invalid: ${policyArn}`, clusterName);
    if (entry.type !== 'STANDARD') throw eksErrors.invalidRequest(`Access policies can only be associated with access entries of type STANDARD`, clusterName);
    const scope = recordOf(input.accessScope);
    const type = optionalString(scope, 'type');
    const namespaces = [...new Set(stringList(scope, 'namespaces') ?? [])];
    if (type !== 'cluster' && type !== 'namespace') throw eksErrors.invalidParameter(`accessScope type must be one of [cluster, namespace]`, clusterName);
    if (type === 'namespace' && namespaces.length === 0) throw eksErrors.invalidParameter(`namespaces must be specified for accessScope type namespace`, clusterName);
    if (type === 'cluster' && namespaces.length > 0) throw eksErrors.invalidParameter(`namespaces cannot be specified for accessScope type cluster`, clusterName);
    const now = ctx.now.toISOString();
    const previous = entry.associatedAccessPolicies.find((p) => p.policyArn === policyArn);
    // Associating a policy again replaces its scope.
    const association: AssociatedAccessPolicyRecord = { policyArn, accessScope: { type, namespaces }, associatedAt: previous?.associatedAt ?? now, modifiedAt: now };
    const updated: EksAccessEntryRecord = { ...entry, associatedAccessPolicies: [...entry.associatedAccessPolicies.filter((p) => p.policyArn !== policyArn), association] };
    await ctx.store.transaction((tx) => tx.eksAccessEntries.put(updated));
    return { clusterName, principalArn: entry.principalArn, associatedAccessPolicy: associatedPolicyShape(association) };
  },
};

const disassociateAccessPolicy: OperationDef = {
  name: 'DisassociateAccessPolicy',
  readOnly: false,
  authorize: (input, ctx) => entryAuthorization('eks:DisassociateAccessPolicy', input, ctx, { 'eks:policyArn': requiredString(input, 'policyArn') }),
  async handler(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const policyArn = requiredString(input, 'policyArn');
    const { entry } = await requireEntry(ctx, clusterName, requiredString(input, 'principalArn'));
    // AWS's exact text is not known from recordings.
    if (!entry.associatedAccessPolicies.some((p) => p.policyArn === policyArn)) throw new AwsError('ResourceNotFoundException', `The specified policyArn is not associated with the access entry: ${policyArn}.`, 404, 'Sender', { clusterName });
    await ctx.store.transaction((tx) => tx.eksAccessEntries.put({ ...entry, associatedAccessPolicies: entry.associatedAccessPolicies.filter((p) => p.policyArn !== policyArn) }));
    return {};
  },
};

const listAssociatedAccessPolicies: OperationDef = {
  name: 'ListAssociatedAccessPolicies',
  readOnly: true,
  authorize: (input, ctx) => entryAuthorization('eks:ListAssociatedAccessPolicies', input, ctx),
  async handler(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const { entry } = await requireEntry(ctx, clusterName, requiredString(input, 'principalArn'));
    const p = page(entry.associatedAccessPolicies.map(associatedPolicyShape), input);
    return { clusterName, principalArn: entry.principalArn, associatedAccessPolicies: p.items, ...(p.nextToken !== undefined ? { nextToken: p.nextToken } : {}) };
  },
};

const listAccessPolicies: OperationDef = {
  name: 'ListAccessPolicies',
  readOnly: true,
  authorize: () => ({ action: 'eks:ListAccessPolicies', resource: '*' }),
  handler(input) {
    const p = page(accessPolicies(), input);
    return Promise.resolve({ accessPolicies: p.items, ...(p.nextToken !== undefined ? { nextToken: p.nextToken } : {}) });
  },
};

export const accessEntryOperations: readonly OperationDef[] = [
  createAccessEntry,
  describeAccessEntry,
  listAccessEntries,
  updateAccessEntry,
  deleteAccessEntry,
  associateAccessPolicy,
  disassociateAccessPolicy,
  listAssociatedAccessPolicies,
  listAccessPolicies,
];
