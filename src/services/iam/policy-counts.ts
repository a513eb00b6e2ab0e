/**
 * The derived counts of a managed policy (records.ts): AttachmentCount from the attachments that
 * name its ARN, PermissionsBoundaryUsageCount from the users and roles whose boundary it is.
 */
import type { ReadCollections } from '../../state/store.js';
import type { PolicyCounts } from './output-shapes.js';
import { listAll } from './paging.js';

export async function policyCounts(c: ReadCollections, accountId: string, policyArn: string): Promise<PolicyCounts> {
  const [attachments, users, roles] = await Promise.all([
    c.policyAttachments.count({ scope: accountId, ref: policyArn }),
    c.users.count({ scope: accountId, ref: policyArn }),
    c.roles.count({ scope: accountId, ref: policyArn }),
  ]);
  return { attachmentCount: attachments, boundaryUsageCount: users + roles };
}

/**
 * The counts of every managed policy the account uses, by ARN, from one reading of its
 * attachments, users and roles (for listings that filter on use). Policies not in the map are
 * not in use.
 */
export async function policyUsage(c: ReadCollections, accountId: string): Promise<ReadonlyMap<string, PolicyCounts>> {
  const page = (marker: string | undefined) => ({ scope: accountId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) });
  const [attachments, users, roles] = await Promise.all([
    listAll((m) => c.policyAttachments.list(page(m))),
    listAll((m) => c.users.list(page(m))),
    listAll((m) => c.roles.list(page(m))),
  ]);
  const usage = new Map<string, { attachmentCount: number; boundaryUsageCount: number }>();
  const entry = (arn: string) => {
    let e = usage.get(arn);
    if (e === undefined) {
      e = { attachmentCount: 0, boundaryUsageCount: 0 };
      usage.set(arn, e);
    }
    return e;
  };
  for (const a of attachments) entry(a.PolicyArn).attachmentCount++;
  for (const holder of [...users, ...roles]) {
    const boundary = holder.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundary !== undefined) entry(boundary).boundaryUsageCount++;
  }
  return usage;
}
