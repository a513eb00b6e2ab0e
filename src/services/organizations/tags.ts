/**
 * TagResource, UntagResource and ListTagsForResource on roots, OUs, accounts and customer managed
 * policies. Tag supplies `aws:RequestTag/<key>` and `aws:TagKeys`, Untag `aws:TagKeys`, all of
 * them the resource's tags as `aws:ResourceTag/<key>` and, for policies, `organizations:PolicyType`.
 * AWS managed policies carry no tags and cannot be tagged (IMMUTABLE_POLICY).
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { ContextKeys } from '../../policy/index.js';
import type { OrganizationRecord, Tag } from '../../state/records.js';
import type { ReadCollections, WriteCollections } from '../../state/store.js';
import { mergeKeys, requestTagKeys, tagKeysKey } from '../iam/condition-keys.js';
import { requiredString, stringList, tagList } from '../iam/input-fields.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { targetAuthorization } from './org-authorization.js';
import { orgErrors } from './org-errors.js';
import { orgOperation, requireAccess, type OrgScope } from './org-operation.js';
import { nextTokenField, orgPage } from './org-paging.js';
import { mergeOrgTags, removeOrgTags } from './org-tags.js';
import { findTarget } from './org-tree.js';
import { findOrgPolicy, policyAuthorization } from './policies.js';

const resourceId = (input: WireRecord): string => requiredString(input, 'ResourceId');
const isPolicyId = (id: string): boolean => id.startsWith('p-');

async function authorization(action: string, input: WireRecord, ctx: OperationContext, scope: OrgScope, keys: ContextKeys): Promise<Authorization> {
  const id = resourceId(input);
  if (!isPolicyId(id)) return targetAuthorization(action, ctx, scope, id, keys);
  const policy = await policyAuthorization(action, ctx, id);
  return { ...policy, keys: mergeKeys(policy.keys ?? {}, keys) };
}

/** The current tags of the resource; TargetNotFoundException when there is none. */
async function currentTags(c: ReadCollections, org: OrganizationRecord, id: string): Promise<readonly Tag[]> {
  if (isPolicyId(id)) {
    const policy = await findOrgPolicy(c, id);
    if (policy === undefined) throw orgErrors.targetNotFound();
    return policy.kind === 'customer' ? policy.record.Tags : [];
  }
  const target = await findTarget(c, org, id);
  if (target === undefined) throw orgErrors.targetNotFound();
  return target.tags;
}

/** Replaces the resource's tags with `change(current)` in one transaction. */
async function updateTags(ctx: OperationContext, id: string, change: (tags: readonly Tag[]) => readonly Tag[]): Promise<void> {
  await ctx.store.transaction(async (tx: WriteCollections) => {
    const org = await requireAccess(tx, ctx, 'management');
    if (isPolicyId(id)) {
      const policy = await findOrgPolicy(tx, id);
      if (policy === undefined) throw orgErrors.targetNotFound();
      if (policy.kind === 'aws') throw orgErrors.invalidInput('IMMUTABLE_POLICY');
      await tx.orgPolicies.put({ ...policy.record, Tags: change(policy.record.Tags) });
      return;
    }
    const target = await findTarget(tx, org, id);
    if (target === undefined) throw orgErrors.targetNotFound();
    const tags = change(target.tags);
    switch (target.kind) {
      case 'ROOT':
        await tx.organizations.put({ ...org, Root: { ...org.Root, Tags: tags } });
        return;
      case 'ORGANIZATIONAL_UNIT':
        await tx.organizationalUnits.put({ ...target.record, Tags: tags });
        return;
      case 'ACCOUNT':
        await tx.accounts.put({ ...target.record, Tags: tags });
        return;
    }
  });
}

export const tagResource = orgOperation({
  name: 'TagResource',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => authorization('organizations:TagResource', input, ctx, scope, requestTagKeys(tagList(input))),
  async handler(input, ctx) {
    const added = tagList(input) ?? [];
    await updateTags(ctx, resourceId(input), (current) => mergeOrgTags(current, added));
    return {};
  },
});

export const untagResource = orgOperation({
  name: 'UntagResource',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => authorization('organizations:UntagResource', input, ctx, scope, tagKeysKey(stringList(input, 'TagKeys') ?? [])),
  async handler(input, ctx) {
    const keys = stringList(input, 'TagKeys') ?? [];
    await updateTags(ctx, resourceId(input), (current) => removeOrgTags(current, keys));
    return {};
  },
});

export const listTagsForResource = orgOperation({
  name: 'ListTagsForResource',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) => authorization('organizations:ListTagsForResource', input, ctx, scope, {}),
  async handler(input, ctx, { org }) {
    const page = orgPage(await currentTags(ctx.store.read, org, resourceId(input)), input);
    return { Tags: page.items.map((t) => ({ Key: t.Key, Value: t.Value })), ...nextTokenField(page) };
  },
});

export const tagOperations: readonly OperationDef[] = [tagResource, untagResource, listTagsForResource];
