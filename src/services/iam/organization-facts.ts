/**
 * What IAM needs to know of the caller's organization for the centralized root access operations:
 * whether there is one, its ID and management account, its feature set, and whether IAM has
 * trusted access in it.
 *
 * Organizations itself is not served yet. Until it is, the organization is read from the account
 * records the store holds (`arn:aws:organizations::<management>:account/<organization>/<account>`,
 * as bootstrap writes them): an account without a record belongs to no organization. The feature
 * set and IAM's trusted access are not recorded anywhere yet; they are taken as "all features" and
 * "enabled", the state centralized root access requires. When Organizations records them, this is
 * the one place to read them from.
 */
import type { ReadCollections } from '../../state/store.js';

export interface OrganizationFacts {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly allFeatures: boolean;
  readonly iamTrustedAccess: boolean;
}

const ACCOUNT_ARN = /^arn:[a-z-]+:organizations::(\d{12}):account\/(o-[a-z0-9-]+)\/(\d{12})$/;

/** The organization `accountId` belongs to, or undefined when it belongs to none. */
export async function organizationOf(c: Pick<ReadCollections, 'accounts'>, accountId: string): Promise<OrganizationFacts | undefined> {
  const account = await c.accounts.getById(accountId);
  const match = account === undefined ? null : ACCOUNT_ARN.exec(account.Arn);
  if (match === null || account?.Status !== 'ACTIVE') return undefined;
  return { organizationId: match[2] ?? '', managementAccountId: match[1] ?? '', allFeatures: true, iamTrustedAccess: true };
}
