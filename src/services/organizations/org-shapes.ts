/**
 * Organizations' output structures from the stored records (the model's Organization, Root,
 * OrganizationalUnit, Account, PolicySummary, CreateAccountStatus). ARNs are derived from the
 * organization, so they are the same in every answer.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type {
  AccountRecord,
  CreateAccountStatusRecord,
  OrganizationalUnitRecord,
  OrganizationPolicyRecord,
  OrganizationRecord,
  OrganizationRootRecord,
} from '../../state/records.js';
import type { AwsManagedOrgPolicy } from './aws-managed-policies.js';
import type { OrganizationArns } from './org-ids.js';

export function organizationShape(org: OrganizationRecord, arns: OrganizationArns): WireRecord {
  return {
    Id: org.Id,
    Arn: arns.organization(),
    FeatureSet: org.FeatureSet,
    MasterAccountArn: arns.account(org.MasterAccountId),
    MasterAccountId: org.MasterAccountId,
    MasterAccountEmail: org.MasterAccountEmail,
    // Deprecated in the API ("doesn't provide complete information"): AWS lists SCPs here
    // whatever the root has enabled; ListRoots tells which types are enabled.
    AvailablePolicyTypes: org.FeatureSet === 'ALL' ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
  };
}

export function rootShape(root: OrganizationRootRecord, arns: OrganizationArns): WireRecord {
  return { Id: root.Id, Arn: arns.root(root.Id), Name: root.Name, PolicyTypes: root.PolicyTypes.map((t) => ({ Type: t.Type, Status: t.Status })) };
}

export function organizationalUnitShape(ou: OrganizationalUnitRecord, arns: OrganizationArns): WireRecord {
  return { Id: ou.Id, Arn: arns.organizationalUnit(ou.Id), Name: ou.Name };
}

export function accountShape(account: AccountRecord, arns: OrganizationArns): WireRecord {
  return {
    Id: account.Id,
    Arn: arns.account(account.Id),
    Email: account.Email,
    Name: account.Name,
    Status: account.Status,
    State: account.Status,
    JoinedMethod: account.JoinedMethod,
    JoinedTimestamp: new Date(account.JoinedTimestamp),
  };
}

/** A customer managed policy or an AWS managed one. */
export type AnyOrgPolicy = { readonly kind: 'customer'; readonly record: OrganizationPolicyRecord } | { readonly kind: 'aws'; readonly policy: AwsManagedOrgPolicy };

export function policySummaryShape(p: AnyOrgPolicy): WireRecord {
  const s = p.kind === 'customer' ? p.record : p.policy;
  return { Id: s.Id, Arn: s.Arn, Name: s.Name, Description: s.Description, Type: s.Type, AwsManaged: p.kind === 'aws' };
}

export function policyShape(p: AnyOrgPolicy): WireRecord {
  return { PolicySummary: policySummaryShape(p), Content: p.kind === 'customer' ? p.record.Content : p.policy.Content };
}

export function createAccountStatusShape(s: CreateAccountStatusRecord): WireRecord {
  return {
    Id: s.Id,
    AccountName: s.AccountName,
    State: s.State,
    RequestedTimestamp: new Date(s.RequestedTimestamp),
    ...(s.CompletedTimestamp === undefined ? {} : { CompletedTimestamp: new Date(s.CompletedTimestamp) }),
    ...(s.AccountId === undefined ? {} : { AccountId: s.AccountId }),
    ...(s.FailureReason === undefined ? {} : { FailureReason: s.FailureReason }),
  };
}
