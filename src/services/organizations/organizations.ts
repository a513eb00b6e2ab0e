/**
 * The organization itself: CreateOrganization (the caller's account becomes its management
 * account, with one root and no policy type enabled), DescribeOrganization (from any account of
 * it), DeleteOrganization (once no member account is left), ListRoots.
 *
 * Gatehouse holds one organization, managed by the account it was first started with (the
 * `accounts` collection holds only that account while there is no organization). Another
 * account asking to create one, which AWS would make the management account of a second
 * organization, is refused with Organizations' access denial.
 */
import { isoSeconds } from '../../aws/iso-seconds.js';
import type { OrganizationRecord } from '../../state/records.js';
import { ORGANIZATION_KEY } from '../../state/entity-kinds.js';
import { optionalString } from '../iam/input-fields.js';
import type { OperationDef } from '../operation.js';
import { orgErrors } from './org-errors.js';
import { newOrganizationId, newRootId, organizationArns } from './org-ids.js';
import { findOrganization, isInOrganization, orgOperation, requireAccess } from './org-operation.js';
import { nextTokenField, orgPage } from './org-paging.js';
import { organizationShape, rootShape } from './org-shapes.js';
import { everyRecord, organizationAccounts } from './org-tree.js';

export const createOrganization: OperationDef = {
  name: 'CreateOrganization',
  readOnly: false,
  authorize: () => ({ action: 'organizations:CreateOrganization', resource: '*' }),
  async handler(input, ctx) {
    const featureSet = (optionalString(input, 'FeatureSet') ?? 'ALL') as OrganizationRecord['FeatureSet'];
    const org = await ctx.store.transaction(async (tx) => {
      const existing = await findOrganization(tx);
      if (existing !== undefined) {
        if (await isInOrganization(tx, existing, ctx.accountId)) throw orgErrors.alreadyInOrganization();
        throw orgErrors.managementOnly();
      }
      const management = await tx.accounts.getById(ctx.accountId);
      if (management === undefined) throw orgErrors.managementOnly();
      const id = newOrganizationId();
      const arns = organizationArns(ctx.accountId, id);
      const rootId = newRootId();
      const record: OrganizationRecord = {
        Id: id,
        Arn: arns.organization(),
        FeatureSet: featureSet,
        MasterAccountId: ctx.accountId,
        MasterAccountArn: arns.account(ctx.accountId),
        MasterAccountEmail: management.Email,
        Root: { Id: rootId, Arn: arns.root(rootId), Name: 'Root', PolicyTypes: [], Tags: [] },
        CreatedTimestamp: isoSeconds(ctx.now),
      };
      await tx.organizations.put(record);
      await tx.accounts.put({ ...management, Arn: arns.account(ctx.accountId), ParentId: rootId, Tags: management.Tags ?? [] });
      return record;
    });
    return { Organization: organizationShape(org, organizationArns(org.MasterAccountId, org.Id)) };
  },
};

export const describeOrganization = orgOperation({
  name: 'DescribeOrganization',
  readOnly: true,
  access: 'member',
  authorize: () => ({ action: 'organizations:DescribeOrganization', resource: '*' }),
  handler: (_input, _ctx, { org, arns }) => ({ Organization: organizationShape(org, arns) }),
});

export const deleteOrganization = orgOperation({
  name: 'DeleteOrganization',
  readOnly: false,
  access: 'management',
  authorize: () => ({ action: 'organizations:DeleteOrganization', resource: '*' }),
  async handler(_input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const org = await requireAccess(tx, ctx, 'management');
      const accounts = await organizationAccounts(tx);
      if (accounts.some((a) => a.Id !== org.MasterAccountId)) throw orgErrors.organizationNotEmpty();
      for (const ou of await everyRecord(tx.organizationalUnits)) await tx.organizationalUnits.delete(ou.Id);
      for (const p of await everyRecord(tx.orgPolicies)) await tx.orgPolicies.delete(p.Id);
      for (const a of await everyRecord(tx.orgPolicyAttachments)) await tx.orgPolicyAttachments.delete(`${a.TargetId}|${a.PolicyId}`);
      for (const s of await everyRecord(tx.createAccountStatuses)) await tx.createAccountStatuses.delete(s.Id);
      const management = await tx.accounts.getById(org.MasterAccountId);
      if (management !== undefined) {
        const { ParentId: _parent, Tags: _tags, ...standalone } = management;
        await tx.accounts.put(standalone);
      }
      await tx.organizations.delete(ORGANIZATION_KEY);
    });
    return {};
  },
});

export const listRoots = orgOperation({
  name: 'ListRoots',
  readOnly: true,
  access: 'management',
  authorize: () => ({ action: 'organizations:ListRoots', resource: '*' }),
  handler(input, _ctx, { org, arns }) {
    const page = orgPage([org.Root], input);
    return { Roots: page.items.map((r) => rootShape(r, arns)), ...nextTokenField(page) };
  },
});

export const organizationOperations: readonly OperationDef[] = [createOrganization, describeOrganization, deleteOrganization, listRoots];
