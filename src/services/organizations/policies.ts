/**
 * Organizations policies: Create/Update/Delete/DescribePolicy and ListPolicies. SCP and RCP
 * documents are validated by the policy engine (policy-content.ts); AWS managed policies
 * (FullAWSAccess, RCPFullAWSAccess) are listed and described but cannot be changed or deleted
 * (InvalidInputException IMMUTABLE_POLICY). Names are unique per policy type.
 *
 * CreatePolicy is authorized on `*`: the reference lists the policy resource, but its ARN holds
 * the ID the policy gets only once created. A policy ID that does not exist is answered
 * PolicyNotFoundException before authorization, since its ARN holds its type.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { OrganizationPolicyRecord, OrganizationPolicyType } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import { mergeKeys, requestTagKeys } from '../iam/condition-keys.js';
import { optionalString, requiredString, tagList } from '../iam/input-fields.js';
import { putUnique } from '../iam/unique-insert.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { AWS_MANAGED_ORG_POLICIES, awsManagedOrgPolicy } from './aws-managed-policies.js';
import { orgErrors } from './org-errors.js';
import { newPolicyId } from './org-ids.js';
import { orgOperation, requireAccess, type OrgScope } from './org-operation.js';
import { nextTokenField, orgPage } from './org-paging.js';
import { policyShape, policySummaryShape, type AnyOrgPolicy } from './org-shapes.js';
import { mergeOrgTags, policyTypeKey, resourceTagKeys } from './org-tags.js';
import { everyRecord } from './org-tree.js';
import { requireValidContent } from './policy-content.js';

/** The policy types an organization with consolidated billing only cannot use (all of them). */
function requireTypeAvailable(scope: OrgScope): void {
  if (scope.org.FeatureSet !== 'ALL') throw orgErrors.policyTypeNotAvailable();
}

export async function findOrgPolicy(c: ReadCollections, policyId: string): Promise<AnyOrgPolicy | undefined> {
  const managed = awsManagedOrgPolicy(policyId);
  if (managed !== undefined) return { kind: 'aws', policy: managed };
  const record = await c.orgPolicies.getById(policyId);
  return record === undefined ? undefined : { kind: 'customer', record };
}

export async function requireOrgPolicy(c: ReadCollections, policyId: string): Promise<AnyOrgPolicy> {
  const policy = await findOrgPolicy(c, policyId);
  if (policy === undefined) throw orgErrors.policyNotFound();
  return policy;
}

export function policyFacts(p: AnyOrgPolicy): { readonly arn: string; readonly type: OrganizationPolicyType; readonly tags: OrganizationPolicyRecord['Tags'] } {
  return p.kind === 'aws' ? { arn: p.policy.Arn, type: p.policy.Type, tags: [] } : { arn: p.record.Arn, type: p.record.Type, tags: p.record.Tags };
}

/** The action on a policy, with its tags and type as condition keys. */
export async function policyAuthorization(action: string, ctx: OperationContext, policyId: string): Promise<Authorization> {
  const facts = policyFacts(await requireOrgPolicy(ctx.store.read, policyId));
  return { action, resource: facts.arn, keys: mergeKeys(resourceTagKeys(facts.tags), policyTypeKey(facts.type)) };
}

/** A customer managed policy to change; AWS managed ones are immutable. */
async function requireCustomerPolicy(c: ReadCollections, policyId: string): Promise<OrganizationPolicyRecord> {
  const policy = await requireOrgPolicy(c, policyId);
  if (policy.kind === 'aws') throw orgErrors.invalidInput('IMMUTABLE_POLICY');
  return policy.record;
}

const policyId = (input: WireRecord): string => requiredString(input, 'PolicyId');

export const createPolicy = orgOperation({
  name: 'CreatePolicy',
  readOnly: false,
  access: 'management',
  authorize: (input) => ({
    action: 'organizations:CreatePolicy',
    resource: '*',
    keys: mergeKeys(requestTagKeys(tagList(input)), policyTypeKey(requiredString(input, 'Type') as OrganizationPolicyType)),
  }),
  async handler(input, ctx, scope) {
    requireTypeAvailable(scope);
    const type = requiredString(input, 'Type') as OrganizationPolicyType;
    const content = requiredString(input, 'Content');
    requireValidContent(content, type);
    const tags = mergeOrgTags([], tagList(input) ?? []);
    const record = await ctx.store.transaction(async (tx) => {
      await requireAccess(tx, ctx, 'management');
      const id = newPolicyId();
      const created: OrganizationPolicyRecord = {
        Id: id,
        Arn: scope.arns.policy(type, id),
        Name: requiredString(input, 'Name'),
        Description: requiredString(input, 'Description'),
        Type: type,
        Content: content,
        Tags: tags,
      };
      await putUnique(tx.orgPolicies, created, () => orgErrors.duplicatePolicy());
      return created;
    });
    return { Policy: policyShape({ kind: 'customer', record }) };
  },
});

export const updatePolicy = orgOperation({
  name: 'UpdatePolicy',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx) => policyAuthorization('organizations:UpdatePolicy', ctx, policyId(input)),
  async handler(input, ctx) {
    const name = optionalString(input, 'Name');
    const description = optionalString(input, 'Description');
    const content = optionalString(input, 'Content');
    const record = await ctx.store.transaction(async (tx) => {
      await requireAccess(tx, ctx, 'management');
      const current = await requireCustomerPolicy(tx, policyId(input));
      if (content !== undefined) requireValidContent(content, current.Type);
      const updated: OrganizationPolicyRecord = {
        ...current,
        ...(name === undefined ? {} : { Name: name }),
        ...(description === undefined ? {} : { Description: description }),
        ...(content === undefined ? {} : { Content: content }),
      };
      await putUnique(tx.orgPolicies, updated, () => orgErrors.duplicatePolicy());
      return updated;
    });
    return { Policy: policyShape({ kind: 'customer', record }) };
  },
});

export const deletePolicy = orgOperation({
  name: 'DeletePolicy',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx) => policyAuthorization('organizations:DeletePolicy', ctx, policyId(input)),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      await requireAccess(tx, ctx, 'management');
      const policy = await requireCustomerPolicy(tx, policyId(input));
      if ((await tx.orgPolicyAttachments.count({ scope: '', ref: policy.Id })) > 0) throw orgErrors.policyInUse();
      await tx.orgPolicies.delete(policy.Id);
    });
    return {};
  },
});

export const describePolicy = orgOperation({
  name: 'DescribePolicy',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx) => policyAuthorization('organizations:DescribePolicy', ctx, policyId(input)),
  handler: async (input, ctx) => ({ Policy: policyShape(await requireOrgPolicy(ctx.store.read, policyId(input))) }),
});

/** AWS managed policies of the type first, then customer managed ones by name. */
export async function policiesOfType(c: ReadCollections, type: OrganizationPolicyType): Promise<AnyOrgPolicy[]> {
  const managed: AnyOrgPolicy[] = AWS_MANAGED_ORG_POLICIES.filter((p) => p.Type === type).map((policy) => ({ kind: 'aws', policy }));
  const customer = (await everyRecord(c.orgPolicies)).filter((p) => p.Type === type);
  return [...managed, ...customer.map((record): AnyOrgPolicy => ({ kind: 'customer', record }))];
}

export const listPolicies = orgOperation({
  name: 'ListPolicies',
  readOnly: true,
  access: 'management',
  authorize: (input) => ({
    action: 'organizations:ListPolicies',
    resource: '*',
    keys: policyTypeKey(requiredString(input, 'Filter') as OrganizationPolicyType),
  }),
  async handler(input, ctx) {
    const page = orgPage(await policiesOfType(ctx.store.read, requiredString(input, 'Filter') as OrganizationPolicyType), input);
    return { Policies: page.items.map(policySummaryShape), ...nextTokenField(page) };
  },
});

export const policyOperations: readonly OperationDef[] = [createPolicy, updatePolicy, deletePolicy, describePolicy, listPolicies];
