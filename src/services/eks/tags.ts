/** TagResource, UntagResource and ListTagsForResource on clusters, access entries and pod identity associations. */
import type { WireRecord } from '../../aws/wire-value.js';
import type { EksAccessEntryRecord, EksClusterRecord, EksPodIdentityAssociationRecord } from '../../state/eks-records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { requiredString, stringList } from '../iam/input-fields.js';
import { eksErrors } from './eks-errors.js';
import { requestTagKeys, resourceTagKeys, stringMap } from './eks-context.js';

type Tagged =
  | { readonly kind: 'cluster'; readonly record: EksClusterRecord }
  | { readonly kind: 'entry'; readonly record: EksAccessEntryRecord }
  | { readonly kind: 'association'; readonly record: EksPodIdentityAssociationRecord };

const TAGGABLE = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):(\d{12}):(cluster|access-entry|podidentityassociation)\/([^/]+)(?:\/.*)?$/;

async function findTagged(ctx: OperationContext, arn: string): Promise<Tagged | undefined> {
  const m = TAGGABLE.exec(arn);
  if (m === null) throw eksErrors.badArn(arn);
  const [, region, account, type, clusterName] = m;
  const cluster = await ctx.store.read.eksClusters.getByName(account!, clusterName!, region);
  if (cluster === undefined || cluster.name !== clusterName) return undefined;
  if (type === 'cluster') return cluster.arn === arn ? { kind: 'cluster', record: cluster } : undefined;
  if (type === 'access-entry') {
    const p = await ctx.store.read.eksAccessEntries.list({ scope: cluster.accountId, parent: cluster.issuerId, maxItems: 1000 });
    const e = p.items.find((x) => x.accessEntryArn === arn);
    return e !== undefined ? { kind: 'entry', record: e } : undefined;
  }
  const id = arn.slice(arn.lastIndexOf('/') + 1);
  const a = await ctx.store.read.eksPodIdentityAssociations.getById(id);
  return a !== undefined && a.associationArn === arn ? { kind: 'association', record: a } : undefined;
}

async function requireTagged(ctx: OperationContext, arn: string): Promise<Tagged> {
  const t = await findTagged(ctx, arn);
  if (t === undefined) throw eksErrors.noResource(arn);
  return t;
}

async function saveTags(ctx: OperationContext, t: Tagged, tags: Record<string, string>): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    if (t.kind === 'cluster') await tx.eksClusters.put({ ...t.record, tags });
    else if (t.kind === 'entry') await tx.eksAccessEntries.put({ ...t.record, tags });
    else await tx.eksPodIdentityAssociations.put({ ...t.record, tags });
  });
}

async function authorizeOn(action: string, input: WireRecord, ctx: OperationContext, extra: Record<string, string | readonly string[]>) {
  const arn = requiredString(input, 'resourceArn');
  const t = await findTagged(ctx, arn);
  return { action, resource: arn, keys: { ...(t !== undefined ? resourceTagKeys(t.record.tags) : {}), ...extra } };
}

export const tagOperations: readonly OperationDef[] = [
  {
    name: 'TagResource',
    readOnly: false,
    authorize: (input, ctx) => authorizeOn('eks:TagResource', input, ctx, requestTagKeys(stringMap(input.tags))),
    async handler(input, ctx) {
      const t = await requireTagged(ctx, requiredString(input, 'resourceArn'));
      await saveTags(ctx, t, { ...t.record.tags, ...stringMap(input.tags) });
      return {};
    },
  },
  {
    name: 'UntagResource',
    readOnly: false,
    authorize: (input, ctx) => authorizeOn('eks:UntagResource', input, ctx, { 'aws:TagKeys': stringList(input, 'tagKeys') ?? [] }),
    async handler(input, ctx) {
      const t = await requireTagged(ctx, requiredString(input, 'resourceArn'));
      const drop = new Set(stringList(input, 'tagKeys') ?? []);
      await saveTags(ctx, t, Object.fromEntries(Object.entries(t.record.tags).filter(([k]) => !drop.has(k))));
      return {};
    },
  },
  {
    name: 'ListTagsForResource',
    readOnly: true,
    authorize: (input, ctx) => authorizeOn('eks:ListTagsForResource', input, ctx, {}),
    async handler(input, ctx) {
      const t = await requireTagged(ctx, requiredString(input, 'resourceArn'));
      return { tags: { ...t.record.tags } };
    },
  },
];
