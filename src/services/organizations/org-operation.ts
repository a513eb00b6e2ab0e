/**
 * What every Organizations operation shares: the organization it acts in, the ARNs its
 * authorization names, and who may call it. An operation is declared once with its access rule;
 * this wrapper finds the organization before authorization (every Organizations ARN carries the
 * organization's ID) and applies the access rule after the engine has allowed the call:
 *
 * - no organization, or a caller whose account is not in it: AWSOrganizationsNotInUseException;
 * - `management`: a member account is answered AccessDeniedException "You don't have permissions
 *   to access this resource." (delegated administrators are not modelled);
 * - `member`: any account of the organization (DescribeOrganization).
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { OrganizationRecord } from '../../state/records.js';
import { ORGANIZATION_KEY } from '../../state/entity-kinds.js';
import type { ReadCollections } from '../../state/store.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { orgErrors } from './org-errors.js';
import { arnsOf, type OrganizationArns } from './org-ids.js';

export type OrgAccess = 'management' | 'member';

/** What an operation's authorization and handler know besides the request. */
export interface OrgScope {
  readonly org: OrganizationRecord;
  readonly arns: OrganizationArns;
}

export interface OrgOperationSpec {
  readonly name: string;
  readonly readOnly: boolean;
  readonly access: OrgAccess;
  authorize(input: WireRecord, ctx: OperationContext, scope: OrgScope): Promise<Authorization | readonly Authorization[]> | Authorization | readonly Authorization[];
  handler(input: WireRecord, ctx: OperationContext, scope: OrgScope): Promise<WireRecord> | WireRecord;
}

export async function findOrganization(c: ReadCollections): Promise<OrganizationRecord | undefined> {
  return c.organizations.getById(ORGANIZATION_KEY);
}

export async function requireOrganization(c: ReadCollections): Promise<OrganizationRecord> {
  const org = await findOrganization(c);
  if (org === undefined) throw orgErrors.notInUse();
  return org;
}

/** Whether an account belongs to the organization (the management account always does). */
export async function isInOrganization(c: ReadCollections, org: OrganizationRecord, accountId: string): Promise<boolean> {
  if (accountId === org.MasterAccountId) return true;
  return (await c.accounts.getById(accountId))?.ParentId !== undefined;
}

/** The organization, once the caller's account is found to belong to it with the access asked. */
export async function requireAccess(c: ReadCollections, ctx: OperationContext, access: OrgAccess): Promise<OrganizationRecord> {
  const org = await requireOrganization(c);
  if (!(await isInOrganization(c, org, ctx.accountId))) throw orgErrors.notInUse();
  if (access === 'management' && ctx.accountId !== org.MasterAccountId) throw orgErrors.managementOnly();
  return org;
}

export function orgOperation(spec: OrgOperationSpec): OperationDef {
  return {
    name: spec.name,
    readOnly: spec.readOnly,
    async authorize(input, ctx) {
      const org = await requireOrganization(ctx.store.read);
      return spec.authorize(input, ctx, { org, arns: arnsOf(org) });
    },
    async handler(input, ctx) {
      const org = await requireAccess(ctx.store.read, ctx, spec.access);
      return await spec.handler(input, ctx, { org, arns: arnsOf(org) });
    },
  };
}
