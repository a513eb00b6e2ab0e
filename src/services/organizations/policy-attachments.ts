/**
 * Policies on roots, OUs and accounts: AttachPolicy, DetachPolicy, ListPoliciesForTarget,
 * ListTargetsForPolicy. Attach and Detach are authorized on both the policy and the target, as the
 * service authorization reference lists them. A target holds at most five policies of a type, and
 * at least one SCP while SCPs are enabled; RCPFullAWSAccess cannot be detached.
 */
import type { OrganizationPolicyAttachmentRecord, OrganizationPolicyType } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import { requiredString } from '../iam/input-fields.js';
import { listAll } from '../iam/paging.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { targetAuthorization } from './org-authorization.js';
import { orgErrors } from './org-errors.js';
import { orgOperation, requireAccess, type OrgScope } from './org-operation.js';
import { nextTokenField, orgPage } from './org-paging.js';
import { policySummaryShape } from './org-shapes.js';
import { policyTypeKey } from './org-tags.js';
import { findTarget, type OrgTarget } from './org-tree.js';
import { findOrgPolicy, policyAuthorization, policyFacts, requireOrgPolicy } from './policies.js';

/** Policies of one type a target may hold at once (orgs_reference_limits.md). */
export const MAX_POLICIES_PER_TARGET = 5;

export function attachmentsOf(c: ReadCollections, targetId: string): Promise<OrganizationPolicyAttachmentRecord[]> {
  return listAll((marker) => c.orgPolicyAttachments.list({ scope: '', parent: targetId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }));
}

function attachmentsTo(c: ReadCollections, policyId: string): Promise<OrganizationPolicyAttachmentRecord[]> {
  return listAll((marker) => c.orgPolicyAttachments.list({ scope: '', ref: policyId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }));
}

const attachmentId = (targetId: string, policyId: string): string => `${targetId}|${policyId}`;

/** Authorizations on the policy and on the target, both with the policy's type. */
async function policyAndTarget(action: string, input: WireRecord, ctx: OperationContext, scope: OrgScope): Promise<readonly Authorization[]> {
  const policyId = requiredString(input, 'PolicyId');
  const policy = await policyAuthorization(action, ctx, policyId);
  const { type } = policyFacts(await requireOrgPolicy(ctx.store.read, policyId));
  return [policy, await targetAuthorization(action, ctx, scope, requiredString(input, 'TargetId'), policyTypeKey(type))];
}

export const attachPolicy = orgOperation({
  name: 'AttachPolicy',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => policyAndTarget('organizations:AttachPolicy', input, ctx, scope),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const org = await requireAccess(tx, ctx, 'management');
      const policyId = requiredString(input, 'PolicyId');
      const { type } = policyFacts(await requireOrgPolicy(tx, policyId));
      const target = await findTarget(tx, org, requiredString(input, 'TargetId'));
      if (target === undefined) throw orgErrors.targetNotFound();
      if (!org.Root.PolicyTypes.some((t) => t.Type === type)) throw orgErrors.policyTypeNotEnabled();
      if ((await tx.orgPolicyAttachments.getById(attachmentId(target.id, policyId))) !== undefined) throw orgErrors.duplicatePolicyAttachment();
      const ofType = (await attachmentsOf(tx, target.id)).filter((a) => a.PolicyType === type);
      if (ofType.length >= MAX_POLICIES_PER_TARGET) throw orgErrors.constraintViolation('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      await tx.orgPolicyAttachments.put({ PolicyId: policyId, PolicyType: type, TargetId: target.id });
    });
    return {};
  },
});

export const detachPolicy = orgOperation({
  name: 'DetachPolicy',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => policyAndTarget('organizations:DetachPolicy', input, ctx, scope),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const org = await requireAccess(tx, ctx, 'management');
      const policyId = requiredString(input, 'PolicyId');
      const policy = await requireOrgPolicy(tx, policyId);
      const target = await findTarget(tx, org, requiredString(input, 'TargetId'));
      if (target === undefined) throw orgErrors.targetNotFound();
      if (policy.kind === 'aws' && !policy.policy.detachable) throw orgErrors.invalidInput('NON_DETACHABLE_POLICY');
      const attachment = await tx.orgPolicyAttachments.getById(attachmentId(target.id, policyId));
      if (attachment === undefined) throw orgErrors.policyNotAttached();
      if (attachment.PolicyType === 'SERVICE_CONTROL_POLICY') {
        const scps = (await attachmentsOf(tx, target.id)).filter((a) => a.PolicyType === 'SERVICE_CONTROL_POLICY');
        if (scps.length <= 1) throw orgErrors.constraintViolation('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      }
      await tx.orgPolicyAttachments.delete(attachmentId(target.id, policyId));
    });
    return {};
  },
});

export const listPoliciesForTarget = orgOperation({
  name: 'ListPoliciesForTarget',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) =>
    targetAuthorization('organizations:ListPoliciesForTarget', ctx, scope, requiredString(input, 'TargetId'), policyTypeKey(requiredString(input, 'Filter') as OrganizationPolicyType)),
  async handler(input, ctx, { org }) {
    const read = ctx.store.read;
    const target = await findTarget(read, org, requiredString(input, 'TargetId'));
    if (target === undefined) throw orgErrors.targetNotFound();
    const filter = requiredString(input, 'Filter');
    const policies = [];
    for (const a of await attachmentsOf(read, target.id)) {
      if (a.PolicyType !== filter) continue;
      const policy = await findOrgPolicy(read, a.PolicyId);
      if (policy !== undefined) policies.push(policy);
    }
    const page = orgPage(policies, input);
    return { Policies: page.items.map(policySummaryShape), ...nextTokenField(page) };
  },
});

export const listTargetsForPolicy = orgOperation({
  name: 'ListTargetsForPolicy',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx) => policyAuthorization('organizations:ListTargetsForPolicy', ctx, requiredString(input, 'PolicyId')),
  async handler(input, ctx, { org, arns }) {
    const read = ctx.store.read;
    const policyId = requiredString(input, 'PolicyId');
    await requireOrgPolicy(read, policyId);
    const targets: OrgTarget[] = [];
    for (const a of await attachmentsTo(read, policyId)) {
      const target = await findTarget(read, org, a.TargetId);
      if (target !== undefined) targets.push(target);
    }
    const page = orgPage(targets, input);
    return {
      Targets: page.items.map((t) => ({ TargetId: t.id, Arn: arns.target(t.id) ?? '', Name: t.record.Name, Type: t.kind })),
      ...nextTokenField(page),
    };
  },
});

export const policyAttachmentOperations: readonly OperationDef[] = [attachPolicy, detachPolicy, listPoliciesForTarget, listTargetsForPolicy];
