/**
 * What IAM needs to know of the caller's organization for the centralized root access operations:
 * whether there is one, its ID and management account, its feature set, and whether IAM has
 * trusted access in it.
 *
 * Once an organization exists (CreateOrganization), the facts are its record: its ID, its
 * management account, its feature set, and whether the account belongs to it (the management
 * account, or an account under its root). Before one is created, the account record bootstrap
 * writes for the first account (`arn:aws:organizations::<management>:account/o-gatehouse/<account>`)
 * stands for a one-account organization, so a fresh Gatehouse can use centralized root access
 * without setting up Organizations first. Organizations does not record trusted access
 * (EnableAWSServiceAccess is not served), so IAM's trusted access is taken as enabled, the state
 * centralized root access requires.
 */
import type { ReadCollections } from '../../state/store.js';
import { ORGANIZATION_KEY } from '../../state/entity-kinds.js';

export interface OrganizationFacts {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly allFeatures: boolean;
  readonly iamTrustedAccess: boolean;
}

const ACCOUNT_ARN = /^arn:[a-z-]+:organizations::(\d{12}):account\/(o-[a-z0-9-]+)\/(\d{12})$/;

/** The organization `accountId` belongs to, or undefined when it belongs to none. */
export async function organizationOf(c: Pick<ReadCollections, 'accounts' | 'organizations'>, accountId: string): Promise<OrganizationFacts | undefined> {
  const account = await c.accounts.getById(accountId);
  const org = await c.organizations.getById(ORGANIZATION_KEY);
  if (org !== undefined) {
    const member = accountId === org.MasterAccountId || (account?.ParentId !== undefined && account.Status === 'ACTIVE');
    if (!member) return undefined;
    return { organizationId: org.Id, managementAccountId: org.MasterAccountId, allFeatures: org.FeatureSet === 'ALL', iamTrustedAccess: true };
  }
  const match = account === undefined ? null : ACCOUNT_ARN.exec(account.Arn);
  if (match === null || account?.Status !== 'ACTIVE') return undefined;
  return { organizationId: match[2] ?? '', managementAccountId: match[1] ?? '', allFeatures: true, iamTrustedAccess: true };
}
