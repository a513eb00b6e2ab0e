/**
 * The organization's tree: the root, OUs under the root or other OUs, accounts under either. Finds
 * targets (what policies attach to and what tags go on), walks from the root down to an account,
 * and lists a parent's children.
 */
import type { AccountRecord, OrganizationalUnitRecord, OrganizationRecord, OrganizationRootRecord, Tag } from '../../state/records.js';
import type { ReadCollection, ReadCollections, WriteCollections } from '../../state/store.js';
import { listAll } from '../iam/paging.js';
import { defaultPolicyOf } from './aws-managed-policies.js';
import { targetKind } from './org-ids.js';

/** OUs nest at most five deep under the root (orgs_reference_limits.md). */
export const MAX_OU_DEPTH = 5;

export type OrgTarget =
  | { readonly kind: 'ROOT'; readonly id: string; readonly tags: readonly Tag[]; readonly record: OrganizationRootRecord }
  | { readonly kind: 'ORGANIZATIONAL_UNIT'; readonly id: string; readonly tags: readonly Tag[]; readonly record: OrganizationalUnitRecord }
  | { readonly kind: 'ACCOUNT'; readonly id: string; readonly tags: readonly Tag[]; readonly record: AccountRecord };

/** The root, OU or account with this ID, if the organization has it. */
export async function findTarget(c: ReadCollections, org: OrganizationRecord, id: string): Promise<OrgTarget | undefined> {
  switch (targetKind(id)) {
    case 'ROOT':
      return id === org.Root.Id ? { kind: 'ROOT', id, tags: org.Root.Tags, record: org.Root } : undefined;
    case 'ORGANIZATIONAL_UNIT': {
      const ou = await c.organizationalUnits.getById(id);
      return ou === undefined ? undefined : { kind: 'ORGANIZATIONAL_UNIT', id, tags: ou.Tags, record: ou };
    }
    case 'ACCOUNT': {
      const account = await findMemberAccount(c, id);
      return account === undefined ? undefined : { kind: 'ACCOUNT', id, tags: account.Tags ?? [], record: account };
    }
    case undefined:
      return undefined;
  }
}

/** An account of the organization (management account included). */
export async function findMemberAccount(c: ReadCollections, accountId: string): Promise<AccountRecord | undefined> {
  const account = await c.accounts.getById(accountId);
  return account?.ParentId === undefined ? undefined : account;
}

/** Whether a root or OU with this ID exists (the parents of OUs and accounts). */
export async function parentExists(c: ReadCollections, org: OrganizationRecord, parentId: string): Promise<boolean> {
  const kind = targetKind(parentId);
  if (kind === 'ROOT') return parentId === org.Root.Id;
  if (kind === 'ORGANIZATIONAL_UNIT') return (await c.organizationalUnits.getById(parentId)) !== undefined;
  return false;
}

/** The IDs from the root down to the target, the target included; undefined if it is not in the tree. */
export async function pathFromRoot(c: ReadCollections, org: OrganizationRecord, targetId: string): Promise<string[] | undefined> {
  const path: string[] = [targetId];
  let parent: string | undefined;
  if (targetKind(targetId) === 'ACCOUNT') parent = (await findMemberAccount(c, targetId))?.ParentId;
  else if (targetKind(targetId) === 'ORGANIZATIONAL_UNIT') parent = (await c.organizationalUnits.getById(targetId))?.ParentId;
  else return targetId === org.Root.Id ? path : undefined;
  // An OU's parent chain ends at the root within MAX_OU_DEPTH steps; the bound guards a damaged tree.
  for (let steps = 0; parent !== undefined && steps <= MAX_OU_DEPTH + 1; steps++) {
    path.unshift(parent);
    if (parent === org.Root.Id) return path;
    parent = (await c.organizationalUnits.getById(parent))?.ParentId;
  }
  return undefined;
}

/** The OUs directly under a root or OU, by name. */
export function childOrganizationalUnits(c: ReadCollections, parentId: string): Promise<OrganizationalUnitRecord[]> {
  return listAll((marker) => c.organizationalUnits.list({ scope: '', parent: parentId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }));
}

/** The accounts directly under a root or OU, by ID. */
export function childAccounts(c: ReadCollections, parentId: string): Promise<AccountRecord[]> {
  return listAll((marker) => c.accounts.list({ scope: '', ref: parentId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }));
}

/** Every record of an organization-wide collection. */
export function everyRecord<R>(collection: ReadCollection<R>): Promise<R[]> {
  return listAll((marker) => collection.list({ scope: '', maxItems: 1000, ...(marker === undefined ? {} : { marker }) }));
}

/** Every account of the organization, by ID. */
export async function organizationAccounts(c: ReadCollections): Promise<AccountRecord[]> {
  return (await everyRecord(c.accounts)).filter((a) => a.ParentId !== undefined);
}

/** Attaches to a new OU or account the default policy of each enabled type (FullAWSAccess, RCPFullAWSAccess). */
export async function attachDefaultPolicies(tx: WriteCollections, org: OrganizationRecord, targetId: string): Promise<void> {
  for (const enabled of org.Root.PolicyTypes) {
    const policy = defaultPolicyOf(enabled.Type);
    if (policy !== undefined) await tx.orgPolicyAttachments.put({ PolicyId: policy.Id, PolicyType: policy.Type, TargetId: targetId });
  }
}

/** Removes every policy attachment of a target that is going away. */
export async function detachEverything(tx: WriteCollections, targetId: string): Promise<void> {
  const attached = await listAll((marker) => tx.orgPolicyAttachments.list({ scope: '', parent: targetId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }));
  for (const a of attached) await tx.orgPolicyAttachments.delete(`${a.TargetId}|${a.PolicyId}`);
}
