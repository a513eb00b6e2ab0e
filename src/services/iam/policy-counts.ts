/**
 * The derived counts of a managed policy (records.ts): AttachmentCount from the attachments that
 * name its ARN, PermissionsBoundaryUsageCount from the users and roles whose boundary it is.
 */
import type { ReadCollections } from '../../state/store.js';
import type { PolicyCounts } from './output-shapes.js';

export async function policyCounts(c: ReadCollections, accountId: string, policyArn: string): Promise<PolicyCounts> {
  const [attachments, users, roles] = await Promise.all([
    c.policyAttachments.count({ scope: accountId, ref: policyArn }),
    c.users.count({ scope: accountId, ref: policyArn }),
    c.roles.count({ scope: accountId, ref: policyArn }),
  ]);
  return { attachmentCount: attachments, boundaryUsageCount: users + roles };
}
