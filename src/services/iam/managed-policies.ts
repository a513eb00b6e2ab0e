/**
 * Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies. Customer managed policies
 * live in the store; AWS managed ones come from `aws-managed-policies.ts`, as the same record, and
 * cannot be changed.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { iamArn, type AccountId } from '../../aws/arn.js';
import { newUniqueId } from '../../aws/ids.js';
import type { ManagedPolicyRecord } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { awsManagedPolicies } from './aws-managed-policies.js';
import { mergeKeys, requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { findCustomerPolicy, findManagedPolicy, requireOwnPolicyArn, requirePolicyArn } from './entity-lookup.js';
import { isoSeconds } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalBoolean, optionalString, requiredString, tagList } from './input-fields.js';
import { policyShape, type PolicyCounts } from './output-shapes.js';
import { listAll, pageFields, pageInMemory, pageRequest } from './paging.js';
import { listResource, requireValidPath, ROOT_PATH } from './path-rules.js';
import { policyCounts, policyUsage } from './policy-counts.js';
import { requireValidDocument } from './policy-documents.js';
import { policyTarget } from './resource-targets.js';
import { initialTags } from './tag-rules.js';
import { requireRoom } from './quotas.js';
import { putUnique } from './unique-insert.js';

const acct = (ctx: OperationContext): AccountId => ctx.accountId as AccountId;

/** Authorization on a policy ARN, with its tags when it is a tagged customer managed policy. */
export async function policyAuthorization(action: string, ctx: OperationContext, policyArn: string) {
  const target = await policyTarget(ctx, policyArn);
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

export const createPolicy: OperationDef = {
  name: 'CreatePolicy',
  readOnly: false,
  authorize(input, ctx) {
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    return {
      action: 'iam:CreatePolicy',
      resource: iamArn(acct(ctx), 'policy', requiredString(input, 'PolicyName'), path),
      keys: mergeKeys(requestTagKeys(tagList(input))),
    };
  },
  async handler(input, ctx) {
    const policyName = requiredString(input, 'PolicyName');
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    requireValidPath(path);
    const arn = iamArn(acct(ctx), 'policy', policyName, path);
    const document = requiredString(input, 'PolicyDocument');
    requireValidDocument(document, 'identity', { managed: true });
    const description = optionalString(input, 'Description');
    const tags = initialTags(tagList(input), 'policy');
    const now = isoSeconds(ctx.now);
    const record: ManagedPolicyRecord = {
      AccountId: ctx.accountId,
      PolicyName: policyName,
      PolicyId: newUniqueId('managedPolicy', acct(ctx)),
      Arn: arn,
      Path: path,
      DefaultVersionId: 'v1',
      IsAttachable: true,
      ...(description === undefined ? {} : { Description: description }),
      CreateDate: now,
      UpdateDate: now,
      Tags: tags,
    };
    await ctx.store.transaction(async (tx) => {
      await requireRoom('policies', tx, ctx.accountId);
      await requireRoom('policyVersionsInUse', tx, ctx.accountId);
      await putUnique(tx.policies, record, () => awsErrors.policyAlreadyExists(policyName));
      await tx.policyVersions.put({ AccountId: ctx.accountId, PolicyId: record.PolicyId, VersionId: 'v1', Document: document, CreateDate: now });
    });
    return { Policy: policyShape(record, { attachmentCount: 0, boundaryUsageCount: 0 }, 'created') };
  },
};

export const getPolicy: OperationDef = {
  name: 'GetPolicy',
  readOnly: true,
  authorize: (input, ctx) => policyAuthorization('iam:GetPolicy', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const policyArn = requiredString(input, 'PolicyArn');
    requirePolicyArn(policyArn);
    const read = ctx.store.read;
    const policy = await findManagedPolicy(read, ctx.accountId, policyArn);
    if (policy === undefined) throw iamMessages.policyNotFound(policyArn);
    return { Policy: policyShape(policy, await policyCounts(read, ctx.accountId, policyArn), 'get') };
  },
};

export const deletePolicy: OperationDef = {
  name: 'DeletePolicy',
  readOnly: false,
  authorize: (input, ctx) => policyAuthorization('iam:DeletePolicy', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const policyArn = requiredString(input, 'PolicyArn');
    requireOwnPolicyArn(policyArn, ctx.accountId, 'delete');
    await ctx.store.transaction(async (tx) => {
      const policy = await findCustomerPolicy(tx, ctx.accountId, policyArn);
      if (policy === undefined) throw iamMessages.policyNotFound(policyArn);
      const counts = await policyCounts(tx, ctx.accountId, policyArn);
      if (counts.attachmentCount > 0 || counts.boundaryUsageCount > 0) throw awsErrors.deleteConflict('policy attached');
      const versions = await tx.policyVersions.list({ scope: ctx.accountId, parent: policy.PolicyId, maxItems: 10 });
      if (versions.items.length > 1) throw iamMessages.policyHasVersions();
      // The default version is deleted with the policy.
      for (const v of versions.items) await tx.policyVersions.delete(`${v.PolicyId}|${v.VersionId}`);
      await tx.policies.delete(policy.PolicyId);
    });
    return {};
  },
};

type Scope = 'All' | 'AWS' | 'Local';

/** Case-insensitive, then by code unit: locale-free, so listings are the same everywhere. */
function compareNames(a: ManagedPolicyRecord, b: ManagedPolicyRecord): number {
  const [la, lb] = [a.PolicyName.toLowerCase(), b.PolicyName.toLowerCase()];
  if (la !== lb) return la < lb ? -1 : 1;
  return a.PolicyName < b.PolicyName ? -1 : a.PolicyName > b.PolicyName ? 1 : 0;
}

type UsageFilter = 'PermissionsPolicy' | 'PermissionsBoundary' | undefined;

function inUse(counts: PolicyCounts | undefined, usage: UsageFilter): boolean {
  if (counts === undefined) return false;
  if (usage === 'PermissionsPolicy') return counts.attachmentCount > 0;
  if (usage === 'PermissionsBoundary') return counts.boundaryUsageCount > 0;
  return counts.attachmentCount + counts.boundaryUsageCount > 0;
}

export const listPolicies: OperationDef = {
  name: 'ListPolicies',
  readOnly: true,
  // IAM names the resource of ListPolicies as "policy path /" in its access-denied messages; the
  // resource matched against policies is the policy path ARN (the contract has no separate
  // display form).
  authorize: (input, ctx) => ({
    action: 'iam:ListPolicies',
    resource: listResource(ctx.accountId, 'policy', optionalString(input, 'PathPrefix')),
  }),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const scope = (optionalString(input, 'Scope') ?? 'All') as Scope;
    const onlyAttached = optionalBoolean(input, 'OnlyAttached') ?? false;
    const usage = optionalString(input, 'PolicyUsageFilter') as UsageFilter;
    const pathPrefix = optionalString(input, 'PathPrefix') ?? ROOT_PATH;
    const candidates: ManagedPolicyRecord[] = scope === 'Local' ? [] : [...awsManagedPolicies().policies];
    if (scope !== 'AWS') {
      candidates.push(
        ...(await listAll((marker) => read.policies.list({ scope: ctx.accountId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }))),
      );
    }
    // Counting every candidate's attachments one by one would cost three queries per AWS managed
    // policy; filtering by use reads the account's attachments and boundaries once instead, and
    // otherwise only the page's policies are counted.
    const usageByArn = onlyAttached ? await policyUsage(read, ctx.accountId) : undefined;
    const selected = candidates
      .filter((p) => p.Path.startsWith(pathPrefix) && (usageByArn === undefined || inUse(usageByArn.get(p.Arn), usage)))
      .sort(compareNames);
    const page = pageInMemory(selected, pageRequest(input));
    const policies = await Promise.all(
      page.items.map(async (p) => policyShape(p, usageByArn?.get(p.Arn) ?? (await policyCounts(read, ctx.accountId, p.Arn)), 'list')),
    );
    return { Policies: policies, ...pageFields(page) };
  },
};

export const managedPolicyOperations: readonly OperationDef[] = [createPolicy, getPolicy, deletePolicy, listPolicies];
