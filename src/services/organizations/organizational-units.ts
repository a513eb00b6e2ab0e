/**
 * Organizational units and the tree's navigation: Create/Describe/Update/DeleteOrganizationalUnit,
 * ListOrganizationalUnitsForParent, ListParents, ListChildren. A new OU gets the default policy of
 * each enabled policy type; an OU is deleted only when it holds no account and no OU.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { OrganizationalUnitRecord } from '../../state/records.js';
import { putUnique } from '../iam/unique-insert.js';
import { requestTagKeys } from '../iam/condition-keys.js';
import { requiredString, tagList } from '../iam/input-fields.js';
import type { OperationDef } from '../operation.js';
import { targetAuthorization } from './org-authorization.js';
import { orgErrors } from './org-errors.js';
import { newOrganizationalUnitId, targetKind } from './org-ids.js';
import { orgOperation, requireAccess } from './org-operation.js';
import { nextTokenField, orgPage } from './org-paging.js';
import { organizationalUnitShape } from './org-shapes.js';
import { mergeOrgTags } from './org-tags.js';
import {
  attachDefaultPolicies,
  childAccounts,
  childOrganizationalUnits,
  detachEverything,
  findMemberAccount,
  MAX_OU_DEPTH,
  parentExists,
  pathFromRoot,
} from './org-tree.js';

const ouId = (input: WireRecord): string => requiredString(input, 'OrganizationalUnitId');

export const createOrganizationalUnit = orgOperation({
  name: 'CreateOrganizationalUnit',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) =>
    targetAuthorization('organizations:CreateOrganizationalUnit', ctx, scope, requiredString(input, 'ParentId'), requestTagKeys(tagList(input))),
  async handler(input, ctx, { arns }) {
    const parentId = requiredString(input, 'ParentId');
    const name = requiredString(input, 'Name');
    const tags = mergeOrgTags([], tagList(input) ?? []);
    const ou = await ctx.store.transaction(async (tx) => {
      const org = await requireAccess(tx, ctx, 'management');
      if (!(await parentExists(tx, org, parentId))) throw orgErrors.parentNotFound();
      const depth = ((await pathFromRoot(tx, org, parentId))?.length ?? 1) - 1;
      if (depth + 1 > MAX_OU_DEPTH) throw orgErrors.constraintViolation('OU_DEPTH_LIMIT_EXCEEDED');
      const id = newOrganizationalUnitId(org.Root.Id);
      const record: OrganizationalUnitRecord = { Id: id, Arn: arns.organizationalUnit(id), Name: name, ParentId: parentId, Tags: tags };
      await putUnique(tx.organizationalUnits, record, () => orgErrors.duplicateOrganizationalUnit());
      await attachDefaultPolicies(tx, org, id);
      return record;
    });
    return { OrganizationalUnit: organizationalUnitShape(ou, arns) };
  },
});

export const describeOrganizationalUnit = orgOperation({
  name: 'DescribeOrganizationalUnit',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:DescribeOrganizationalUnit', ctx, scope, ouId(input)),
  async handler(input, ctx, { arns }) {
    const ou = await ctx.store.read.organizationalUnits.getById(ouId(input));
    if (ou === undefined) throw orgErrors.organizationalUnitNotFound();
    return { OrganizationalUnit: organizationalUnitShape(ou, arns) };
  },
});

export const updateOrganizationalUnit = orgOperation({
  name: 'UpdateOrganizationalUnit',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:UpdateOrganizationalUnit', ctx, scope, ouId(input)),
  async handler(input, ctx, { arns }) {
    const name = typeof input.Name === 'string' ? input.Name : undefined;
    const ou = await ctx.store.transaction(async (tx) => {
      await requireAccess(tx, ctx, 'management');
      const current = await tx.organizationalUnits.getById(ouId(input));
      if (current === undefined) throw orgErrors.organizationalUnitNotFound();
      if (name === undefined || name === current.Name) return current;
      const updated = { ...current, Name: name };
      await putUnique(tx.organizationalUnits, updated, () => orgErrors.duplicateOrganizationalUnit());
      return updated;
    });
    return { OrganizationalUnit: organizationalUnitShape(ou, arns) };
  },
});

export const deleteOrganizationalUnit = orgOperation({
  name: 'DeleteOrganizationalUnit',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:DeleteOrganizationalUnit', ctx, scope, ouId(input)),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      await requireAccess(tx, ctx, 'management');
      const ou = await tx.organizationalUnits.getById(ouId(input));
      if (ou === undefined) throw orgErrors.organizationalUnitNotFound();
      if ((await childOrganizationalUnits(tx, ou.Id)).length > 0 || (await childAccounts(tx, ou.Id)).length > 0) {
        throw orgErrors.organizationalUnitNotEmpty();
      }
      await detachEverything(tx, ou.Id);
      await tx.organizationalUnits.delete(ou.Id);
    });
    return {};
  },
});

export const listOrganizationalUnitsForParent = orgOperation({
  name: 'ListOrganizationalUnitsForParent',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:ListOrganizationalUnitsForParent', ctx, scope, requiredString(input, 'ParentId')),
  async handler(input, ctx, { org, arns }) {
    const parentId = requiredString(input, 'ParentId');
    if (!(await parentExists(ctx.store.read, org, parentId))) throw orgErrors.parentNotFound();
    const page = orgPage(await childOrganizationalUnits(ctx.store.read, parentId), input);
    return { OrganizationalUnits: page.items.map((ou) => organizationalUnitShape(ou, arns)), ...nextTokenField(page) };
  },
});

export const listParents = orgOperation({
  name: 'ListParents',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:ListParents', ctx, scope, requiredString(input, 'ChildId')),
  async handler(input, ctx) {
    const childId = requiredString(input, 'ChildId');
    const read = ctx.store.read;
    const parentId =
      targetKind(childId) === 'ACCOUNT' ? (await findMemberAccount(read, childId))?.ParentId : (await read.organizationalUnits.getById(childId))?.ParentId;
    if (parentId === undefined) throw orgErrors.childNotFound();
    const page = orgPage([parentId], input);
    return { Parents: page.items.map((id) => ({ Id: id, Type: targetKind(id) === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })), ...nextTokenField(page) };
  },
});

export const listChildren = orgOperation({
  name: 'ListChildren',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:ListChildren', ctx, scope, requiredString(input, 'ParentId')),
  async handler(input, ctx, { org }) {
    const parentId = requiredString(input, 'ParentId');
    const childType = requiredString(input, 'ChildType');
    const read = ctx.store.read;
    if (!(await parentExists(read, org, parentId))) throw orgErrors.parentNotFound();
    const ids =
      childType === 'ACCOUNT' ? (await childAccounts(read, parentId)).map((a) => a.Id) : (await childOrganizationalUnits(read, parentId)).map((ou) => ou.Id);
    const page = orgPage(ids, input);
    return { Children: page.items.map((id) => ({ Id: id, Type: childType })), ...nextTokenField(page) };
  },
});

export const organizationalUnitOperations: readonly OperationDef[] = [
  createOrganizationalUnit,
  describeOrganizationalUnit,
  updateOrganizationalUnit,
  deleteOrganizationalUnit,
  listOrganizationalUnitsForParent,
  listParents,
  listChildren,
];
