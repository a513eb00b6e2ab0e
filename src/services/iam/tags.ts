/**
 * Tags of users, roles and customer managed policies: Tag/Untag/List {User,Role,Policy}Tags
 * (access_tags.md). Tag* supply `aws:RequestTag/<key>` and `aws:TagKeys`, Untag* `aws:TagKeys`,
 * all of them the resource's current tags as `aws:ResourceTag/<key>`.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { Tag } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { mergeKeys, requestTagKeys, resourceTagKeys, tagKeysKey } from './condition-keys.js';
import { findCustomerPolicy, findManagedPolicy, requireOwnPolicyArn, requirePolicyArn, requireRole, requireUser } from './entity-lookup.js';
import { iamMessages } from './iam-messages.js';
import { requiredString, stringList, tagList } from './input-fields.js';
import { tagsShape } from './output-shapes.js';
import { pageFields, pageInMemory, pageRequest } from './paging.js';
import { policyTarget, roleTarget, userTarget, type ResourceTarget } from './resource-targets.js';
import { mergeTags, removeTags, type TagQuota } from './tag-rules.js';

interface Taggable {
  readonly title: 'User' | 'Role' | 'Policy';
  readonly nameMember: 'UserName' | 'RoleName' | 'PolicyArn';
  readonly quota: TagQuota;
  target(ctx: OperationContext, name: string): Promise<ResourceTarget>;
  /** The current tags, from committed state. */
  read(ctx: OperationContext, name: string): Promise<readonly Tag[]>;
  /** Replaces the tags with `change(current)` in one transaction. */
  update(ctx: OperationContext, name: string, change: (tags: readonly Tag[]) => readonly Tag[]): Promise<void>;
}

async function requirePolicy(c: Parameters<typeof findCustomerPolicy>[0], accountId: string, policyArn: string) {
  requireOwnPolicyArn(policyArn, accountId, 'tag');
  const policy = await findCustomerPolicy(c, accountId, policyArn);
  if (policy === undefined) throw iamMessages.policyNotFound(policyArn);
  return policy;
}

const TAGGABLES: readonly Taggable[] = [
  {
    title: 'User',
    nameMember: 'UserName',
    quota: 'TagsPerUser',
    target: userTarget,
    read: async (ctx, name) => (await requireUser(ctx.store.read, ctx.accountId, name)).Tags,
    update: (ctx, name, change) =>
      ctx.store.transaction(async (tx) => {
        const user = await requireUser(tx, ctx.accountId, name);
        await tx.users.put({ ...user, Tags: change(user.Tags) });
      }),
  },
  {
    title: 'Role',
    nameMember: 'RoleName',
    quota: 'TagsPerRole',
    target: roleTarget,
    read: async (ctx, name) => (await requireRole(ctx.store.read, ctx.accountId, name)).Tags,
    update: (ctx, name, change) =>
      ctx.store.transaction(async (tx) => {
        const role = await requireRole(tx, ctx.accountId, name);
        await tx.roles.put({ ...role, Tags: change(role.Tags) });
      }),
  },
  {
    title: 'Policy',
    nameMember: 'PolicyArn',
    quota: 'TagsPerPolicy',
    target: policyTarget,
    // Listing reads AWS managed policies too (they carry no tags); AWS's reply for them is not
    // confirmed by a recording.
    read: async (ctx, arn) => {
      requirePolicyArn(arn);
      const policy = await findManagedPolicy(ctx.store.read, ctx.accountId, arn);
      if (policy === undefined) throw iamMessages.policyNotFound(arn);
      return policy.Tags;
    },
    update: (ctx, arn, change) =>
      ctx.store.transaction(async (tx) => {
        const policy = await requirePolicy(tx, ctx.accountId, arn);
        await tx.policies.put({ ...policy, Tags: change(policy.Tags) });
      }),
  },
];

function tagOperations(t: Taggable): OperationDef[] {
  const name = (input: WireRecord): string => requiredString(input, t.nameMember);
  const tag: OperationDef = {
    name: `Tag${t.title}`,
    readOnly: false,
    async authorize(input, ctx) {
      const target = await t.target(ctx, name(input));
      return { action: `iam:Tag${t.title}`, resource: target.arn, keys: mergeKeys(resourceTagKeys(target.tags), requestTagKeys(tagList(input))) };
    },
    async handler(input, ctx) {
      const added = tagList(input) ?? [];
      await t.update(ctx, name(input), (current) => mergeTags(current, added, t.quota));
      return {};
    },
  };
  const untag: OperationDef = {
    name: `Untag${t.title}`,
    readOnly: false,
    async authorize(input, ctx) {
      const target = await t.target(ctx, name(input));
      return {
        action: `iam:Untag${t.title}`,
        resource: target.arn,
        keys: mergeKeys(resourceTagKeys(target.tags), tagKeysKey(stringList(input, 'TagKeys') ?? [])),
      };
    },
    async handler(input, ctx) {
      const keys = stringList(input, 'TagKeys') ?? [];
      await t.update(ctx, name(input), (current) => removeTags(current, keys));
      return {};
    },
  };
  const list: OperationDef = {
    name: `List${t.title}Tags`,
    readOnly: true,
    async authorize(input, ctx) {
      const target = await t.target(ctx, name(input));
      return { action: `iam:List${t.title}Tags`, resource: target.arn, keys: resourceTagKeys(target.tags) };
    },
    async handler(input, ctx) {
      const page = pageInMemory(await t.read(ctx, name(input)), pageRequest(input));
      return { Tags: tagsShape(page.items), ...pageFields(page) };
    },
  };
  return [tag, untag, list];
}

export const tagOperationDefs: readonly OperationDef[] = TAGGABLES.flatMap(tagOperations);
