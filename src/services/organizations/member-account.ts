/**
 * What a new member account starts with, as AWS sets it up for an account made by CreateAccount
 * (orgs_manage_accounts_access-cross-account-role.md): its root user, here with an access key so
 * that it can be used, and an administrator role, `OrganizationAccountAccessRole` unless the
 * request names another, trusting the management account.
 *
 * The role's permissions are an inline policy named AdministratorAccess allowing every action on
 * every resource: AWS's role carries its administrator permissions as a policy of the role itself
 * (audit tools report it as a custom policy, not the AWS managed AdministratorAccess, e.g. duo-labs
 * cloudmapper issue 567); the exact document AWS writes is not known from a recording.
 */
import { iamArn, asAccountId, rootArn } from '../../aws/arn.js';
import { newAccessKeyId, newSecretAccessKey, newUniqueId } from '../../aws/ids.js';
import { isoSeconds } from '../../aws/iso-seconds.js';
import type { WriteCollections } from '../../state/store.js';

export const DEFAULT_ACCESS_ROLE = 'OrganizationAccountAccessRole';
export const ACCESS_ROLE_POLICY_NAME = 'AdministratorAccess';

export interface RootCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface MemberAccountSetup {
  readonly accountId: string;
  readonly managementAccountId: string;
  readonly roleName: string;
  readonly now: Date;
}

/** The trust policy of the access role: the management account may assume it. */
export function accessRoleTrustPolicy(managementAccountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: rootArn(asAccountId(managementAccountId)) }, Action: 'sts:AssumeRole' }],
  });
}

export const ACCESS_ROLE_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** Writes the account's root access key and access role; returns the root credentials. */
export async function setUpMemberAccount(tx: WriteCollections, o: MemberAccountSetup): Promise<RootCredentials> {
  const account = asAccountId(o.accountId);
  const created = isoSeconds(o.now);
  const credentials: RootCredentials = { accessKeyId: newAccessKeyId(account), secretAccessKey: newSecretAccessKey() };
  await tx.accessKeys.put({
    AccountId: account,
    UserId: account,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Status: 'Active',
    CreateDate: created,
  });
  const roleId = newUniqueId('role', account);
  await tx.roles.put({
    AccountId: account,
    Path: '/',
    RoleName: o.roleName,
    RoleId: roleId,
    Arn: iamArn(account, 'role', o.roleName),
    CreateDate: created,
    AssumeRolePolicyDocument: accessRoleTrustPolicy(o.managementAccountId),
    MaxSessionDuration: 3600,
    Tags: [],
  });
  await tx.inlinePolicies.put({
    AccountId: account,
    PrincipalType: 'role',
    PrincipalId: roleId,
    PolicyName: ACCESS_ROLE_POLICY_NAME,
    PolicyDocument: ACCESS_ROLE_POLICY,
  });
  return credentials;
}
