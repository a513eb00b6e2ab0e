/**
 * EnablePolicyType and DisablePolicyType on the root. Enabling SCPs attaches FullAWSAccess, and
 * enabling RCPs RCPFullAWSAccess, to the root, every OU and every account (and to each one created
 * later); disabling a type detaches every policy of that type from every target
 * (orgs_manage_policies_scps.md, orgs_manage_policies_rcps.md). Policy types need an organization
 * with all features.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { OrganizationPolicyType, OrganizationRecord } from '../../state/records.js';
import { requiredString } from '../iam/input-fields.js';
import type { OperationDef } from '../operation.js';
import { defaultPolicyOf } from './aws-managed-policies.js';
import { targetAuthorization } from './org-authorization.js';
import { orgErrors } from './org-errors.js';
import { orgOperation, requireAccess } from './org-operation.js';
import { rootShape } from './org-shapes.js';
import { policyTypeKey } from './org-tags.js';
import { everyRecord, organizationAccounts } from './org-tree.js';

const policyType = (input: WireRecord): OrganizationPolicyType => requiredString(input, 'PolicyType') as OrganizationPolicyType;

function requireRoot(org: OrganizationRecord, input: WireRecord): void {
  if (requiredString(input, 'RootId') !== org.Root.Id) throw orgErrors.rootNotFound();
}

export const enablePolicyType = orgOperation({
  name: 'EnablePolicyType',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:EnablePolicyType', ctx, scope, requiredString(input, 'RootId'), policyTypeKey(policyType(input))),
  async handler(input, ctx, { arns }) {
    const type = policyType(input);
    const org = await ctx.store.transaction(async (tx) => {
      const current = await requireAccess(tx, ctx, 'management');
      requireRoot(current, input);
      if (current.FeatureSet !== 'ALL') throw orgErrors.policyTypeNotAvailable();
      if (current.Root.PolicyTypes.some((t) => t.Type === type)) throw orgErrors.policyTypeAlreadyEnabled();
      const updated: OrganizationRecord = { ...current, Root: { ...current.Root, PolicyTypes: [...current.Root.PolicyTypes, { Type: type, Status: 'ENABLED' }] } };
      await tx.organizations.put(updated);
      const policy = defaultPolicyOf(type);
      if (policy !== undefined) {
        const targets = [updated.Root.Id, ...(await everyRecord(tx.organizationalUnits)).map((ou) => ou.Id), ...(await organizationAccounts(tx)).map((a) => a.Id)];
        for (const targetId of targets) await tx.orgPolicyAttachments.put({ PolicyId: policy.Id, PolicyType: type, TargetId: targetId });
      }
      return updated;
    });
    return { Root: rootShape(org.Root, arns) };
  },
});

export const disablePolicyType = orgOperation({
  name: 'DisablePolicyType',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:DisablePolicyType', ctx, scope, requiredString(input, 'RootId'), policyTypeKey(policyType(input))),
  async handler(input, ctx, { arns }) {
    const type = policyType(input);
    const org = await ctx.store.transaction(async (tx) => {
      const current = await requireAccess(tx, ctx, 'management');
      requireRoot(current, input);
      if (!current.Root.PolicyTypes.some((t) => t.Type === type)) throw orgErrors.policyTypeNotEnabled();
      const updated: OrganizationRecord = { ...current, Root: { ...current.Root, PolicyTypes: current.Root.PolicyTypes.filter((t) => t.Type !== type) } };
      await tx.organizations.put(updated);
      for (const a of await everyRecord(tx.orgPolicyAttachments)) {
        if (a.PolicyType === type) await tx.orgPolicyAttachments.delete(`${a.TargetId}|${a.PolicyId}`);
      }
      return updated;
    });
    return { Root: rootShape(org.Root, arns) };
  },
});

export const policyTypeOperations: readonly OperationDef[] = [enablePolicyType, disablePolicyType];
