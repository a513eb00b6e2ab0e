/**
 * Organizations' identifiers and ARNs, in the forms of the model's patterns and the service
 * authorization reference:
 *
 *   o-<10>               organization    arn:aws:organizations::<mgmt>:organization/o-…
 *   r-<4>                root            arn:aws:organizations::<mgmt>:root/o-…/r-…
 *   ou-<root 4>-<8>      OU              arn:aws:organizations::<mgmt>:ou/o-…/ou-…
 *   <12 digits>          account         arn:aws:organizations::<mgmt>:account/o-…/<account>
 *   p-<8>                policy          arn:aws:organizations::<mgmt>:policy/o-…/<type>/p-…
 *   p-FullAWSAccess      AWS managed     arn:aws:organizations::aws:policy/<type>/p-…
 *   car-<32>             CreateAccount request
 *
 * `<n>` is n lowercase letters or digits; `<type>` is the policy type in lower case
 * (`service_control_policy`). Every ARN carries the management account.
 */
import { randomInt } from 'node:crypto';
import { formatArn, type Arn } from '../../aws/arn.js';
import type { OrganizationPolicyType, OrganizationRecord } from '../../state/records.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function lowerAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += LOWER_ALNUM[randomInt(LOWER_ALNUM.length)];
  return out;
}

export const newOrganizationId = (): string => `o-${lowerAlnum(10)}`;
export const newRootId = (): string => `r-${lowerAlnum(4)}`;
/** An OU ID carries its root's: `ou-ab12-…` in root `r-ab12`. */
export const newOrganizationalUnitId = (rootId: string): string => `ou-${rootId.slice(2)}-${lowerAlnum(8)}`;
export const newPolicyId = (): string => `p-${lowerAlnum(8)}`;
export const newCreateAccountRequestId = (): string => `car-${lowerAlnum(32)}`;

/** What a root, OU or account ID names, by its form. */
export type TargetKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

const TARGET_FORMS: readonly (readonly [RegExp, TargetKind])[] = [
  [/^r-[0-9a-z]{4,32}$/, 'ROOT'],
  [/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'ORGANIZATIONAL_UNIT'],
  [/^\d{12}$/, 'ACCOUNT'],
];

export function targetKind(id: string): TargetKind | undefined {
  return TARGET_FORMS.find(([form]) => form.test(id))?.[1];
}

/** `SERVICE_CONTROL_POLICY` → `service_control_policy`, as policy ARNs write the type. */
export function policyTypeSegment(type: OrganizationPolicyType): string {
  return type.toLowerCase();
}

function organizationsArn(account: string, resource: string): Arn {
  return formatArn({ partition: 'aws', service: 'organizations', region: '', account, resource });
}

/** The ARN of an AWS managed policy. */
export function awsManagedPolicyArn(type: OrganizationPolicyType, policyId: string): Arn {
  return organizationsArn('aws', `policy/${policyTypeSegment(type)}/${policyId}`);
}

/** The ARNs of one organization's resources. */
export interface OrganizationArns {
  organization(): Arn;
  root(rootId: string): Arn;
  organizationalUnit(ouId: string): Arn;
  account(accountId: string): Arn;
  policy(type: OrganizationPolicyType, policyId: string): Arn;
  /** The root, OU or account an ID names; undefined for an ID of none of those forms. */
  target(targetId: string): Arn | undefined;
}

export function organizationArns(managementAccountId: string, organizationId: string): OrganizationArns {
  const arn = (resource: string): Arn => organizationsArn(managementAccountId, resource);
  const arns: OrganizationArns = {
    organization: () => arn(`organization/${organizationId}`),
    root: (rootId) => arn(`root/${organizationId}/${rootId}`),
    organizationalUnit: (ouId) => arn(`ou/${organizationId}/${ouId}`),
    account: (accountId) => arn(`account/${organizationId}/${accountId}`),
    policy: (type, policyId) => arn(`policy/${organizationId}/${policyTypeSegment(type)}/${policyId}`),
    target(targetId) {
      switch (targetKind(targetId)) {
        case 'ROOT':
          return arns.root(targetId);
        case 'ORGANIZATIONAL_UNIT':
          return arns.organizationalUnit(targetId);
        case 'ACCOUNT':
          return arns.account(targetId);
        case undefined:
          return undefined;
      }
    },
  };
  return arns;
}

/** The ARNs of the organization a record describes. */
export function arnsOf(org: OrganizationRecord): OrganizationArns {
  return organizationArns(org.MasterAccountId, org.Id);
}
