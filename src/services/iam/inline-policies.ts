/**
 * Inline policies of users, groups and roles: Put/Get/Delete/List {User,Group,Role}Policy,
 * generated from the holder table. Documents are validated as identity policies and returned
 * percent-encoded. The quota is on the total size of a holder's inline policies, counted without
 * white space (reference_iam-quotas.md), refused as "Maximum policy size of 2048 bytes exceeded
 * for user alice" (recorded).
 */
import { awsErrors } from '../../aws/aws-error.js';
import { policySize } from '../../policy/index.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { mergeKeys, permissionsBoundaryKey, resourceTagKeys } from './condition-keys.js';
import { requiredString } from './input-fields.js';
import { pageFields, pageInMemory, pageRequest } from './paging.js';
import { HOLDER_KINDS, holderName, type HolderKind } from './policy-holders.js';
import { encodeDocument, requireInlinePolicyRoom, requireValidDocument } from './policy-documents.js';

function inlineId(holderId: string, policyName: string): string {
  return `${holderId}|${policyName.toLowerCase()}`;
}

/** Authorization on the holder; Put and Delete on users and roles also supply its boundary. */
async function holderAuthorization(kind: HolderKind, action: string, ctx: OperationContext, name: string, withBoundary: boolean) {
  const target = await kind.target(ctx, name);
  return {
    action,
    resource: target.arn,
    keys: mergeKeys(resourceTagKeys(target.tags), withBoundary && kind.hasBoundary ? permissionsBoundaryKey(target.boundaryArn) : {}),
  };
}

function inlineOperations(kind: HolderKind): OperationDef[] {
  const noun = kind.title.toLowerCase() as 'user' | 'group' | 'role';
  const put: OperationDef = {
    name: `Put${kind.title}Policy`,
    readOnly: false,
    authorize: (input, ctx) => holderAuthorization(kind, `iam:Put${kind.title}Policy`, ctx, holderName(kind, input), true),
    async handler(input, ctx) {
      const name = holderName(kind, input);
      const policyName = requiredString(input, 'PolicyName');
      const document = requiredString(input, 'PolicyDocument');
      requireValidDocument(document, 'identity');
      await ctx.store.transaction(async (tx) => {
        const holder = await kind.requireWritable(tx, ctx.accountId, name);
        const existing = await tx.inlinePolicies.list({ scope: ctx.accountId, parent: holder.id, maxItems: 1000 });
        const others = existing.items.filter((p) => p.PolicyName.toLowerCase() !== policyName.toLowerCase());
        requireInlinePolicyRoom(document, kind.type, holder.name, others.reduce((sum, p) => sum + policySize(p.PolicyDocument), 0));
        // Replacing a policy keeps one record per name: drop a differently cased earlier one.
        await tx.inlinePolicies.delete(inlineId(holder.id, policyName));
        await tx.inlinePolicies.put({
          AccountId: ctx.accountId,
          PrincipalType: kind.type,
          PrincipalId: holder.id,
          PolicyName: policyName,
          PolicyDocument: document,
        });
      });
      return {};
    },
  };
  const get: OperationDef = {
    name: `Get${kind.title}Policy`,
    readOnly: true,
    authorize: (input, ctx) => holderAuthorization(kind, `iam:Get${kind.title}Policy`, ctx, holderName(kind, input), false),
    async handler(input, ctx) {
      const holder = await kind.require(ctx.store.read, ctx.accountId, holderName(kind, input));
      const policyName = requiredString(input, 'PolicyName');
      const policy = await ctx.store.read.inlinePolicies.getById(inlineId(holder.id, policyName));
      if (policy === undefined) throw awsErrors.noSuchInlinePolicy(noun, policyName);
      return { [kind.nameMember]: holder.name, PolicyName: policy.PolicyName, PolicyDocument: encodeDocument(policy.PolicyDocument) };
    },
  };
  const del: OperationDef = {
    name: `Delete${kind.title}Policy`,
    readOnly: false,
    authorize: (input, ctx) => holderAuthorization(kind, `iam:Delete${kind.title}Policy`, ctx, holderName(kind, input), true),
    async handler(input, ctx) {
      const policyName = requiredString(input, 'PolicyName');
      await ctx.store.transaction(async (tx) => {
        const holder = await kind.requireWritable(tx, ctx.accountId, holderName(kind, input));
        if (!(await tx.inlinePolicies.delete(inlineId(holder.id, policyName)))) throw awsErrors.noSuchInlinePolicy(noun, policyName);
      });
      return {};
    },
  };
  const list: OperationDef = {
    name: `List${kind.title}Policies`,
    readOnly: true,
    authorize: (input, ctx) => holderAuthorization(kind, `iam:List${kind.title}Policies`, ctx, holderName(kind, input), false),
    async handler(input, ctx) {
      const holder = await kind.require(ctx.store.read, ctx.accountId, holderName(kind, input));
      // Inline policies per holder are bounded by the size quota, so one store page holds them.
      const all = await ctx.store.read.inlinePolicies.list({ scope: ctx.accountId, parent: holder.id, maxItems: 1000 });
      const page = pageInMemory(
        all.items.map((p) => p.PolicyName),
        pageRequest(input),
      );
      return { PolicyNames: [...page.items], ...pageFields(page) };
    },
  };
  return [put, get, del, list];
}

export const inlinePolicyOperations: readonly OperationDef[] = HOLDER_KINDS.flatMap(inlineOperations);
