/**
 * The AWS managed Organizations policies: FullAWSAccess (SCP) and RCPFullAWSAccess (RCP), as data.
 * Each is attached to the root, every OU and every account while its policy type is enabled, and
 * attached to each new OU and account; RCPFullAWSAccess cannot be detached
 * (orgs_manage_policies_rcps_syntax.md). Their documents are AWS's; FullAWSAccess's description is
 * AWS's, RCPFullAWSAccess's ("Allows access to every resource") is moto's and not confirmed.
 */
import type { OrganizationPolicyType } from '../../state/records.js';
import { awsManagedPolicyArn } from './org-ids.js';

export interface AwsManagedOrgPolicy {
  readonly Id: string;
  readonly Arn: string;
  readonly Name: string;
  readonly Description: string;
  readonly Type: OrganizationPolicyType;
  readonly Content: string;
  /** Whether DetachPolicy may remove it. */
  readonly detachable: boolean;
}

function managed(id: string, name: string, description: string, type: OrganizationPolicyType, statement: object, detachable: boolean): AwsManagedOrgPolicy {
  return {
    Id: id,
    Arn: awsManagedPolicyArn(type, id),
    Name: name,
    Description: description,
    Type: type,
    Content: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2),
    detachable,
  };
}

export const FULL_AWS_ACCESS = managed(
  'p-FullAWSAccess',
  'FullAWSAccess',
  'Allows access to every operation',
  'SERVICE_CONTROL_POLICY',
  { Effect: 'Allow', Action: '*', Resource: '*' },
  true,
);

export const RCP_FULL_AWS_ACCESS = managed(
  'p-RCPFullAWSAccess',
  'RCPFullAWSAccess',
  'Allows access to every resource',
  'RESOURCE_CONTROL_POLICY',
  { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
  false,
);

export const AWS_MANAGED_ORG_POLICIES: readonly AwsManagedOrgPolicy[] = [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS];

export function awsManagedOrgPolicy(policyId: string): AwsManagedOrgPolicy | undefined {
  return AWS_MANAGED_ORG_POLICIES.find((p) => p.Id === policyId);
}

/** The policy attached by default to every target while a type is enabled. */
export function defaultPolicyOf(type: OrganizationPolicyType): AwsManagedOrgPolicy | undefined {
  return AWS_MANAGED_ORG_POLICIES.find((p) => p.Type === type);
}
