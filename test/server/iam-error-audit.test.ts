/**
 * IAM's errors against AWS's recorded replies: each case repeats a request of LocalStack's IAM
 * tests (tests/aws/services/iam/*.py), whose replies from AWS are recorded in the matching
 * `*.snapshot.json`, and checks Gatehouse's reply — code, message to the character, HTTP status —
 * against the recording. Each case names its snapshot file, test and key. Recordings use
 * placeholders: their account (111111111111) and partition are put back as 123456789012 and aws,
 * generated names as the names used here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { startFixture, stsClient, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { authenticatorFor } from '../support/mfa-fixtures.js';
import { rawRequest, signedQueryPost, xmlText, xmlUnescape } from '../support/raw-http.js';
import { certificatePem, privateKeyPem } from '../support/certificate-fixtures.js';
import { INVALID_POLICY_DOCUMENTS } from '../support/recorded-policy-document-errors.js';

const A = '123456789012';
type Params = Readonly<Record<string, string>>;
type Request = readonly [action: string, params: Params];

interface Case {
  /** `<snapshot file> › <test> › <key>`. */
  readonly snapshot: string;
  /** Requests that must succeed first. */
  readonly setup?: readonly Request[];
  readonly request: Request;
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

const doc = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
const s3Read = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
const policyArn = (name: string): string => `arn:aws:iam::${A}:policy/${name}`;
const tags = (...pairs: [string, string][]): Params => Object.fromEntries(pairs.flatMap(([k, v], i) => [[`Tags.member.${i + 1}.Key`, k], [`Tags.member.${i + 1}.Value`, v]]));

const SUFFIX_NOT_ALLOWED = [
  'acm.amazonaws.com', 'backup.amazonaws.com', 'batch.amazonaws.com', 'cloudtrail.amazonaws.com', 'config.amazonaws.com', 'ecs.amazonaws.com',
  'eks-connector.amazonaws.com', 'eks-fargate.amazonaws.com', 'eks-nodegroup.amazonaws.com', 'eks.amazonaws.com', 'elasticache.amazonaws.com',
  'elasticloadbalancing.amazonaws.com', 'kafka.amazonaws.com', 'opensearchservice.amazonaws.com', 'ops.apigateway.amazonaws.com', 'rds.amazonaws.com',
  'ssm.amazonaws.com', 'sso.amazonaws.com',
];

const CASES: readonly Case[] = [
  // test_iam.snapshot.json
  {
    snapshot: 'test_iam.snapshot.json › test_create_role_with_malformed_assume_role_policy_document › invalid-json',
    request: ['CreateRole', { RoleName: 'audit-malformed', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Principal":"*","Effect":"Allow",}]}' }],
    code: 'MalformedPolicyDocument',
    message: 'This policy contains invalid Json',
    status: 400,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_user_attach_policy › non_existent_malformed_policy_arn',
    setup: [['CreateUser', { UserName: 'audit-attach' }]],
    request: ['AttachUserPolicy', { UserName: 'audit-attach', PolicyArn: 'longpolicynamebutnoarn' }],
    code: 'ValidationError',
    message: 'ARN longpolicynamebutnoarn is not valid.',
    status: 400,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_user_attach_policy › valid_arn_not_existent',
    request: ['AttachUserPolicy', { UserName: 'audit-attach', PolicyArn: policyArn('audit-policy123') }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('audit-policy123')} does not exist or is not attachable.`,
    status: 404,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_delete_non_existent_policy_returns_no_such_entity › delete-non-existent-policy-exc',
    request: ['DeletePolicy', { PolicyArn: policyArn('non-existent-policy') }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('non-existent-policy')} was not found.`,
    status: 404,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_create_service_specific_credential_invalid_user › invalid-user-name-exception',
    request: ['CreateServiceSpecificCredential', { UserName: 'non-existent-user', ServiceName: 'codecommit.amazonaws.com' }],
    code: 'NoSuchEntity',
    message: 'The user with name non-existent-user cannot be found.',
    status: 404,
  },
  ...['nonexistentservice.amazonaws.com', 'o3on3n3onosneo', 'lambda.amazonaws.com'].map(
    (service): Case => ({
      snapshot: `test_iam.snapshot.json › test_create_service_specific_credential_invalid_service › ${service === 'lambda.amazonaws.com' ? 'invalid-service-existing-but-unsupported-exception' : service.includes('.') ? 'invalid-service-exception' : 'invalid-service-completely-malformed-exception'}`,
      setup: [['CreateUser', { UserName: `audit-ssc-${service.length}` }]],
      request: ['CreateServiceSpecificCredential', { UserName: `audit-ssc-${service.length}`, ServiceName: service }],
      code: 'NoSuchEntity',
      message: `No such service ${service} is supported for Service Specific Credentials`,
      status: 404,
    }),
  ),
  {
    snapshot: 'test_iam.snapshot.json › test_user_match_id_mismatch[totally-wrong-credential-id-with-hyphens] › update-wrong-id',
    setup: [['CreateUser', { UserName: 'audit-ssc-id' }]],
    request: ['UpdateServiceSpecificCredential', { UserName: 'audit-ssc-id', ServiceSpecificCredentialId: 'totally-wrong-credential-id-with-hyphens', Status: 'Inactive' }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'serviceSpecificCredentialId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+",
    status: 400,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_user_match_id_mismatch[satisfiesregexbutstillinvalid] › update-wrong-id',
    request: ['UpdateServiceSpecificCredential', { UserName: 'audit-ssc-id', ServiceSpecificCredentialId: 'satisfiesregexbutstillinvalid', Status: 'Inactive' }],
    code: 'NoSuchEntity',
    message: 'No such credential satisfiesregexbutstillinvalid exists',
    status: 404,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_invalid_update_parameters › update-invalid-status',
    request: ['UpdateServiceSpecificCredential', { UserName: 'audit-ssc-id', ServiceSpecificCredentialId: 'ACCAEXAMPLEEXAMPLE123', Status: 'Invalid' }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'status' failed to satisfy constraint: Member must satisfy enum value set",
    status: 400,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_delete_user_after_service_credential_created › delete-user-existing-credential',
    setup: [
      ['CreateUser', { UserName: 'audit-ssc-del' }],
      ['CreateServiceSpecificCredential', { UserName: 'audit-ssc-del', ServiceName: 'codecommit.amazonaws.com' }],
    ],
    request: ['DeleteUser', { UserName: 'audit-ssc-del' }],
    code: 'DeleteConflict',
    message: 'Cannot delete entity, must remove referenced objects first.',
    status: 409,
  },
  // The recorded services Gatehouse has service-linked roles for (the other 50 recorded ones it does not know).
  ...SUFFIX_NOT_ALLOWED.map(
    (service): Case => ({
      snapshot: `test_iam.snapshot.json › test_service_role_lifecycle_custom_suffix_not_allowed[${service}] › custom-suffix-not-allowed`,
      request: ['CreateServiceLinkedRole', { AWSServiceName: service, CustomSuffix: 'audit' }],
      code: 'InvalidInput',
      message: `Custom suffix is not allowed for ${service}`,
      status: 400,
    }),
  ),
  {
    snapshot: 'test_iam.snapshot.json › test_service_role_already_exists › role-already-exists-error',
    setup: [['CreateServiceLinkedRole', { AWSServiceName: 'batch.amazonaws.com' }]],
    request: ['CreateServiceLinkedRole', { AWSServiceName: 'batch.amazonaws.com' }],
    code: 'InvalidInput',
    message: 'Service role name AWSServiceRoleForBatch has been taken in this account, please try a different suffix.',
    status: 400,
  },
  // test_iam_account_password_policy.snapshot.json
  {
    snapshot: 'test_iam_account_password_policy.snapshot.json › test_update_account_password_policy_validation_errors › validation-errors',
    request: ['UpdateAccountPasswordPolicy', { MaxPasswordAge: '1096', MinimumPasswordLength: '129', PasswordReusePrevention: '25' }],
    code: 'ValidationError',
    message:
      "3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; " +
      "Value at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24; " +
      "Value at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095",
    status: 400,
  },
  {
    snapshot: 'test_iam_account_password_policy.snapshot.json › test_get_account_password_policy_not_found › policy-not-found',
    request: ['GetAccountPasswordPolicy', {}],
    code: 'NoSuchEntity',
    message: `The Password Policy with domain name ${A} cannot be found.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_account_password_policy.snapshot.json › test_delete_account_password_policy_not_found › delete-not-found',
    request: ['DeleteAccountPasswordPolicy', {}],
    code: 'NoSuchEntity',
    message: 'The account policy with name PasswordPolicy cannot be found.',
    status: 404,
  },
  // test_iam_credential_report.snapshot.json
  {
    snapshot: 'test_iam_credential_report.snapshot.json › test_get_credential_report_before_generated › get-credential-report-without-generate-error',
    request: ['GetCredentialReport', {}],
    code: 'ReportNotPresent',
    // The recording has an empty message; the CLI prints "Unknown" for it.
    message: '',
    status: 410,
  },
  // test_iam_groups.snapshot.json
  {
    snapshot: 'test_iam_groups.snapshot.json › test_create_group › create-group-duplicate',
    setup: [['CreateGroup', { GroupName: 'audit-group' }]],
    request: ['CreateGroup', { GroupName: 'audit-group' }],
    code: 'EntityAlreadyExists',
    message: 'Group with name audit-group already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_get_group › get-group-not-found',
    request: ['GetGroup', { GroupName: 'non-existent-group' }],
    code: 'NoSuchEntity',
    message: 'The group with name non-existent-group cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_delete_unknown_group › delete-unknown-group',
    request: ['DeleteGroup', { GroupName: 'unknown-group' }],
    code: 'NoSuchEntity',
    message: 'The group with name unknown-group cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_update_group_not_found › update-nonexistent-group',
    request: ['UpdateGroup', { GroupName: 'nonexisting', NewGroupName: 'other' }],
    code: 'NoSuchEntity',
    message: 'The group with name nonexisting cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_update_group_duplicate_name › update-duplicate-name',
    setup: [['CreateGroup', { GroupName: 'audit-group-2' }]],
    request: ['UpdateGroup', { GroupName: 'audit-group', NewGroupName: 'audit-group-2' }],
    code: 'EntityAlreadyExists',
    message: 'Group with name audit-group-2 already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_remove_user_from_unknown_group › remove-from-unknown-group',
    request: ['RemoveUserFromGroup', { GroupName: 'unknown-group', UserName: 'any-user' }],
    code: 'NoSuchEntity',
    message: 'The user with name any-user cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_get_group_policy › get-nonexistent-policy',
    request: ['GetGroupPolicy', { GroupName: 'audit-group', PolicyName: 'audit-inline' }],
    code: 'NoSuchEntity',
    message: 'The group policy with name audit-inline cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_detach_unattached_group_policy › detach-unattached-error',
    setup: [['CreatePolicy', { PolicyName: 'audit-unattached', PolicyDocument: s3Read }]],
    request: ['DetachGroupPolicy', { GroupName: 'audit-group', PolicyArn: policyArn('audit-unattached') }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('audit-unattached')} was not found.`,
    status: 404,
  },
  // test_iam_instance_profiles.snapshot.json
  {
    snapshot: 'test_iam_instance_profiles.snapshot.json › test_instance_profile_errors › get-nonexistent-error',
    request: ['GetInstanceProfile', { InstanceProfileName: 'nonexistent-profile' }],
    code: 'NoSuchEntity',
    message: 'Instance Profile nonexistent-profile cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_instance_profiles.snapshot.json › test_instance_profile_errors › create-duplicate-error',
    setup: [['CreateInstanceProfile', { InstanceProfileName: 'audit-profile' }]],
    request: ['CreateInstanceProfile', { InstanceProfileName: 'audit-profile' }],
    code: 'EntityAlreadyExists',
    message: 'Instance Profile audit-profile already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_instance_profiles.snapshot.json › test_role_instance_profile_operations_errors › add-nonexistent-role-error',
    request: ['AddRoleToInstanceProfile', { InstanceProfileName: 'audit-profile', RoleName: 'nonexistent-role' }],
    code: 'NoSuchEntity',
    message: 'The role with name nonexistent-role cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_instance_profiles.snapshot.json › test_role_instance_profile_operations_errors › remove-unattached-role-error',
    setup: [['CreateRole', { RoleName: 'audit-ip-role', AssumeRolePolicyDocument: trust }]],
    request: ['RemoveRoleFromInstanceProfile', { InstanceProfileName: 'audit-profile', RoleName: 'audit-ip-role' }],
    code: 'NoSuchEntity',
    message: 'Role audit-ip-role in Instance Profile audit-profile cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_instance_profiles.snapshot.json › test_add_second_role_to_instance_profile_error › add-second-role-error',
    setup: [
      ['AddRoleToInstanceProfile', { InstanceProfileName: 'audit-profile', RoleName: 'audit-ip-role' }],
      ['CreateRole', { RoleName: 'audit-ip-role-2', AssumeRolePolicyDocument: trust }],
    ],
    request: ['AddRoleToInstanceProfile', { InstanceProfileName: 'audit-profile', RoleName: 'audit-ip-role-2' }],
    code: 'LimitExceeded',
    message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    status: 409,
  },
  {
    snapshot: 'test_iam_instance_profiles.snapshot.json › test_delete_instance_profile_with_role_error › delete-with-role-error',
    request: ['DeleteInstanceProfile', { InstanceProfileName: 'audit-profile' }],
    code: 'DeleteConflict',
    message: 'Cannot delete entity, must remove roles from instance profile first.',
    status: 409,
  },
  // test_iam_managed_policies.snapshot.json
  {
    snapshot: 'test_iam_managed_policies.snapshot.json › test_get_aws_managed_policy_version › get-version-error',
    request: ['GetPolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', VersionId: 'invalid' }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
    status: 400,
  },
  {
    snapshot: 'test_iam_managed_policies.snapshot.json › test_aws_managed_policy_errors › delete-managed-policy-error',
    request: ['DeletePolicy', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    code: 'AccessDenied',
    message: 'Cannot delete policies outside your own account.',
    status: 403,
  },
  {
    snapshot: 'test_iam_managed_policies.snapshot.json › test_aws_managed_policy_errors › delete-managed-policy-version-error',
    request: ['DeletePolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', VersionId: 'v1' }],
    code: 'AccessDenied',
    message: 'Cannot delete policy versions for policies outside your own account.',
    status: 403,
  },
  {
    snapshot: 'test_iam_managed_policies.snapshot.json › test_aws_managed_policy_errors › set-default-managed-policy-version-error',
    request: ['SetDefaultPolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', VersionId: 'v1' }],
    code: 'AccessDenied',
    message: 'Cannot update policies outside your own account.',
    status: 403,
  },
  // test_iam_mfa.snapshot.json
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_list_virtual_mfa_devices › list-invalid-marker-error',
    request: ['ListVirtualMFADevices', { Marker: 'invalid-marker-value' }],
    code: 'ValidationError',
    message: 'Invalid Marker.',
    status: 400,
  },
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_enable_mfa_device_errors › enable-mfa-nonexistent-user-error',
    setup: [['CreateVirtualMFADevice', { VirtualMFADeviceName: 'audit-mfa' }]],
    request: ['EnableMFADevice', { UserName: 'nonexistent-user', SerialNumber: `arn:aws:iam::${A}:mfa/audit-mfa`, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }],
    code: 'NoSuchEntity',
    message: 'The user with name nonexistent-user cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_enable_mfa_device_errors › deactivate-mfa-nonexistent-user-error',
    request: ['DeactivateMFADevice', { UserName: 'nonexistent-user', SerialNumber: `arn:aws:iam::${A}:mfa/audit-mfa` }],
    code: 'NoSuchEntity',
    message: 'The user with name nonexistent-user cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_enable_mfa_device_errors › deactivate-nonexistent-mfa-error',
    setup: [['CreateUser', { UserName: 'audit-mfa-user' }]],
    request: ['DeactivateMFADevice', { UserName: 'audit-mfa-user', SerialNumber: `arn:aws:iam::${A}:mfa/nonexistent-mfa` }],
    code: 'NoSuchEntity',
    message: `MFA Device with serial number arn:aws:iam::${A}:mfa/nonexistent-mfa does not exist.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_virtual_mfa_device_errors › create-duplicate-error',
    request: ['CreateVirtualMFADevice', { VirtualMFADeviceName: 'audit-mfa' }],
    code: 'EntityAlreadyExists',
    message: 'MFA device already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_virtual_mfa_device_errors › create-invalid-path-no-leading-slash-error',
    request: ['CreateVirtualMFADevice', { VirtualMFADeviceName: 'audit-mfa-path', Path: 'invalid-path/' }],
    code: 'ValidationError',
    message: 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    status: 400,
  },
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_virtual_mfa_device_errors › create-path-too-long-error',
    request: ['CreateVirtualMFADevice', { VirtualMFADeviceName: 'audit-mfa-path', Path: `/${'a'.repeat(511)}/` }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
    status: 400,
  },
  {
    snapshot: 'test_iam_mfa.snapshot.json › test_virtual_mfa_device_errors › delete-nonexistent-error',
    request: ['DeleteVirtualMFADevice', { SerialNumber: `arn:aws:iam::${A}:mfa/nonexistent-device` }],
    code: 'NoSuchEntity',
    message: `MFA Device with serial number arn:aws:iam::${A}:mfa/nonexistent-device does not exist.`,
    status: 404,
  },
  // test_iam_oidc.snapshot.json
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_create_open_id_connect_provider_duplicate_error › duplicate-error',
    setup: [['CreateOpenIDConnectProvider', { Url: 'https://oidc-dup-audit.example.com', 'ThumbprintList.member.1': 'a'.repeat(40) }]],
    request: ['CreateOpenIDConnectProvider', { Url: 'https://oidc-dup-audit.example.com', 'ThumbprintList.member.1': 'a'.repeat(40) }],
    code: 'EntityAlreadyExists',
    message: 'Provider with url https://oidc-dup-audit.example.com already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_create_open_id_connect_provider_too_many_thumbprints › too-many-thumbprints',
    request: ['CreateOpenIDConnectProvider', { Url: 'https://oidc-thumbs.example.com', ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`ThumbprintList.member.${i}`, String(i).repeat(40)])) }],
    code: 'InvalidInput',
    message: 'Thumbprint list must contain fewer than 5 entries.',
    status: 400,
  },
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_create_open_id_connect_provider_quota_error › quota-error',
    request: ['CreateOpenIDConnectProvider', { Url: 'https://oidc-quota.example.com', 'ThumbprintList.member.1': 'a'.repeat(40), ...Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`ClientIDList.member.${i + 1}`, `client-${i}`])) }],
    code: 'LimitExceeded',
    message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    status: 409,
  },
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_create_open_id_connect_provider_validation_errors › multiple-validation-errors',
    request: ['CreateOpenIDConnectProvider', { Url: 'b'.repeat(256), 'ThumbprintList.member.1': 'b'.repeat(41), 'ClientIDList.member.1': 'b'.repeat(256) }],
    code: 'ValidationError',
    message:
      "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; " +
      "Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; " +
      "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255",
    status: 400,
  },
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_get_open_id_connect_provider_not_found › not-found-error',
    request: ['GetOpenIDConnectProvider', { OpenIDConnectProviderArn: `arn:aws:iam::${A}:oidc-provider/non-existent.example.com` }],
    code: 'NoSuchEntity',
    message: `OpenIDConnect Provider not found for arn arn:aws:iam::${A}:oidc-provider/non-existent.example.com`,
    status: 404,
  },
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_delete_open_id_connect_provider › deletion-not-found-error',
    request: ['DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: `arn:aws:iam::${A}:oidc-provider/gone.example.com` }],
    code: 'NoSuchEntity',
    message: `OpenId connect Provider arn:aws:iam::${A}:oidc-provider/gone.example.com cannot be found.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_create_open_id_connect_provider_invalid_url › invalid-url',
    request: ['CreateOpenIDConnectProvider', { Url: 'example.org', 'ThumbprintList.member.1': 'a'.repeat(40) }],
    code: 'ValidationError',
    message: 'Invalid Open ID Connect Provider URL',
    status: 400,
  },
  {
    snapshot: 'test_iam_oidc.snapshot.json › test_open_id_connect_provider_tags_limit › tags-limit-error',
    setup: [['CreateOpenIDConnectProvider', { Url: 'https://oidc-tagsmax-audit.example.com', 'ThumbprintList.member.1': 'a'.repeat(40), ...tags(...Array.from({ length: 50 }, (_, i): [string, string] => [`k${String(i).padStart(2, '0')}`, `v${i}`])) }]],
    request: ['TagOpenIDConnectProvider', { OpenIDConnectProviderArn: `arn:aws:iam::${A}:oidc-provider/oidc-tagsmax-audit.example.com`, ...tags(['string', 'string']) }],
    code: 'LimitExceeded',
    message: 'The number of tags has reached the maximum limit.',
    status: 409,
  },
  // test_iam_policies.snapshot.json
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_errors › policy-already-exists',
    setup: [['CreatePolicy', { PolicyName: 'audit-dup', PolicyDocument: s3Read }]],
    request: ['CreatePolicy', { PolicyName: 'audit-dup', PolicyDocument: s3Read }],
    code: 'EntityAlreadyExists',
    message: 'A policy called audit-dup already exists. Duplicate names are not allowed.',
    status: 409,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_version_limit › err-version-limit-exceeded',
    setup: [1, 2, 3, 4].map((): Request => ['CreatePolicyVersion', { PolicyArn: policyArn('audit-dup'), PolicyDocument: s3Read }]),
    request: ['CreatePolicyVersion', { PolicyArn: policyArn('audit-dup'), PolicyDocument: s3Read }],
    code: 'LimitExceeded',
    message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    status: 409,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_version_errors › err-get-version-nonexistent-policy',
    request: ['GetPolicyVersion', { PolicyArn: policyArn('TestNonExistingPolicy'), VersionId: 'v1' }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('TestNonExistingPolicy')} version v1 does not exist or is not attachable.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_version_errors › err-get-nonexistent-version',
    request: ['GetPolicyVersion', { PolicyArn: policyArn('audit-dup'), VersionId: 'v9' }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('audit-dup')} version v9 does not exist or is not attachable.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_version_errors › err-delete-default-version',
    request: ['DeletePolicyVersion', { PolicyArn: policyArn('audit-dup'), VersionId: 'v1' }],
    code: 'DeleteConflict',
    message: 'Cannot delete the default version of a policy.',
    status: 409,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_version_errors › err-set-default-nonexistent-version',
    request: ['SetDefaultPolicyVersion', { PolicyArn: policyArn('audit-dup'), VersionId: 'v9' }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('audit-dup')} version v9 does not exist or is not attachable.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_create_errors › err-too-many-tags',
    request: ['CreatePolicy', { PolicyName: 'audit-tags', PolicyDocument: s3Read, ...tags(...Array.from({ length: 51 }, (_, i): [string, string] => [`k${i}`, 'v'])) }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    status: 400,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_create_errors › err-duplicate-keys',
    request: ['CreatePolicy', { PolicyName: 'audit-tags', PolicyDocument: s3Read, ...tags(['dup', 'a'], ['dup', 'b']) }],
    code: 'InvalidInput',
    message: 'Duplicate tag keys found.',
    status: 400,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_create_errors › err-large-key',
    request: ['CreatePolicy', { PolicyName: 'audit-tags', PolicyDocument: s3Read, ...tags(['k'.repeat(129), 'v']) }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
    status: 400,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_create_errors › err-large-value',
    request: ['CreatePolicy', { PolicyName: 'audit-tags', PolicyDocument: s3Read, ...tags(['k', 'v'.repeat(257)]) }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256",
    status: 400,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_create_errors › err-invalid-character',
    request: ['CreatePolicy', { PolicyName: 'audit-tags', PolicyDocument: s3Read, ...tags(['bad#key', 'v']) }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    status: 400,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_update_errors › err-tag-nonexistent-policy',
    request: ['TagPolicy', { PolicyArn: policyArn('NotAPolicy'), ...tags(['k', 'v']) }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('NotAPolicy')} was not found.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_update_errors › err-untag-too-many-keys',
    request: ['UntagPolicy', { PolicyArn: policyArn('audit-dup'), ...Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`TagKeys.member.${i + 1}`, `k${i}`])) }],
    code: 'ValidationError',
    message: "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50",
    status: 400,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_policy_tag_update_errors › err-untag-large-key',
    request: ['UntagPolicy', { PolicyArn: policyArn('audit-dup'), 'TagKeys.member.1': 'k'.repeat(129) }],
    code: 'ValidationError',
    message:
      "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]",
    status: 400,
  },
  {
    snapshot: 'test_iam_policies.snapshot.json › test_list_entities_for_policy_errors › err-nonexistent-policy',
    request: ['ListEntitiesForPolicy', { PolicyArn: policyArn('NonExistentPolicy') }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('NonExistentPolicy')} does not exist or is not attachable.`,
    status: 404,
  },
  // test_iam_roles.snapshot.json
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_errors › get-role-error',
    request: ['GetRole', { RoleName: 'test-nonexistent-role' }],
    code: 'NoSuchEntity',
    message: 'The role with name test-nonexistent-role cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_errors › create-role-already-exists-error',
    setup: [['CreateRole', { RoleName: 'audit-role', AssumeRolePolicyDocument: trust }]],
    request: ['CreateRole', { RoleName: 'audit-role', AssumeRolePolicyDocument: trust }],
    code: 'EntityAlreadyExists',
    message: 'Role with name audit-role already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_delete_role_with_inline_policy › delete-role-with-inline-policy-error',
    setup: [['PutRolePolicy', { RoleName: 'audit-role', PolicyName: 'inline', PolicyDocument: s3Read }]],
    request: ['DeleteRole', { RoleName: 'audit-role' }],
    code: 'DeleteConflict',
    message: 'Cannot delete entity, must delete policies first.',
    status: 409,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_delete_role_with_attached_policy › delete-role-with-policy-error',
    setup: [
      ['CreateRole', { RoleName: 'audit-role-attached', AssumeRolePolicyDocument: trust }],
      ['AttachRolePolicy', { RoleName: 'audit-role-attached', PolicyArn: policyArn('audit-dup') }],
    ],
    request: ['DeleteRole', { RoleName: 'audit-role-attached' }],
    code: 'DeleteConflict',
    message: 'Cannot delete entity, must detach all policies first.',
    status: 409,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_managed_policy_errors › delete-attached-policy-error',
    request: ['DeletePolicy', { PolicyArn: policyArn('audit-dup') }],
    code: 'DeleteConflict',
    message: 'Cannot delete a policy attached to entities.',
    status: 409,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_managed_policy_errors › attach-nonexistent-policy-error',
    request: ['AttachRolePolicy', { RoleName: 'audit-role', PolicyArn: policyArn('nonexistent-policy') }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('nonexistent-policy')} does not exist or is not attachable.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_managed_policy_errors › detach-not-attached-policy-error',
    request: ['DetachRolePolicy', { RoleName: 'audit-role', PolicyArn: policyArn('audit-unattached') }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('audit-unattached')} was not found.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_update_assume_role_policy_errors › invalid-action-error',
    request: ['UpdateAssumeRolePolicy', { RoleName: 'audit-role', PolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject' }) }],
    code: 'MalformedPolicyDocument',
    message: 'AssumeRole policy may only specify STS AssumeRole actions.',
    status: 400,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_update_assume_role_policy_errors › resource-field-error',
    request: ['UpdateAssumeRolePolicy', { RoleName: 'audit-role', PolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }) }],
    code: 'MalformedPolicyDocument',
    message: 'Has prohibited field Resource',
    status: 400,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_inline_policy_errors › get-nonexistent-policy-error',
    request: ['GetRolePolicy', { RoleName: 'audit-role', PolicyName: 'non-existent-policy' }],
    code: 'NoSuchEntity',
    message: 'The role policy with name non-existent-policy cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_tag_errors › create-role-duplicate-tags',
    request: ['CreateRole', { RoleName: 'audit-role-tags', AssumeRolePolicyDocument: trust, ...tags(['Env', 'a'], ['env', 'b']) }],
    code: 'InvalidInput',
    message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    status: 400,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_permissions_boundary_errors › put-invalid-boundary-error',
    request: ['PutRolePermissionsBoundary', { RoleName: 'audit-role', PermissionsBoundary: `arn:aws:iam::${A}:not_a_policy/invalid` }],
    code: 'InvalidInput',
    message: `ARN arn:aws:iam::${A}:not_a_policy/invalid is not valid.`,
    status: 400,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_permissions_boundary_errors › put-nonexistent-policy-error',
    request: ['PutRolePermissionsBoundary', { RoleName: 'audit-role', PermissionsBoundary: policyArn('nonexistent-policy') }],
    code: 'NoSuchEntity',
    message: `Scope ARN: ${policyArn('nonexistent-policy')} does not exist or is not attachable.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_attach_detach_aws_managed_policy_role › detach-nonexistent-policy-error',
    request: ['DetachRolePolicy', { RoleName: 'audit-role', PolicyArn: 'arn:aws:iam::aws:policy/Nonexistent' }],
    code: 'NoSuchEntity',
    message: 'Policy arn:aws:iam::aws:policy/Nonexistent was not found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_attach_detach_aws_managed_policy_role › detach-already-detached-error',
    request: ['DetachRolePolicy', { RoleName: 'audit-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM' }],
    code: 'NoSuchEntity',
    message: 'Policy arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM was not found.',
    status: 404,
  },
  // test_iam_saml_providers.snapshot.json
  {
    snapshot: 'test_iam_saml_providers.snapshot.json › test_get_saml_provider_not_found › get-not-found',
    request: ['GetSAMLProvider', { SAMLProviderArn: `arn:aws:iam::${A}:saml-provider/NonExistentProvider` }],
    code: 'NoSuchEntity',
    message: `Manifest not found for arn arn:aws:iam::${A}:saml-provider/NonExistentProvider`,
    status: 404,
  },
  // test_iam_server_certificates.snapshot.json
  {
    snapshot: 'test_iam_server_certificates.snapshot.json › test_server_certificate_errors › get-nonexistent-certificate-error',
    request: ['GetServerCertificate', { ServerCertificateName: 'nonexistent-certificate' }],
    code: 'NoSuchEntity',
    message: 'The Server Certificate with name nonexistent-certificate cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_server_certificates.snapshot.json › test_server_certificate_errors › upload-duplicate-certificate-error',
    setup: [['UploadServerCertificate', { ServerCertificateName: 'audit-cert', CertificateBody: certificatePem('server'), PrivateKey: privateKeyPem('server') }]],
    request: ['UploadServerCertificate', { ServerCertificateName: 'audit-cert', CertificateBody: certificatePem('server'), PrivateKey: privateKeyPem('server') }],
    code: 'EntityAlreadyExists',
    message: 'The Server Certificate with name audit-cert already exists.',
    status: 409,
  },
  // test_iam_signing_certificates.snapshot.json
  {
    snapshot: 'test_iam_signing_certificates.snapshot.json › test_signing_certificate_errors › upload-invalid-certificate-error',
    setup: [['CreateUser', { UserName: 'audit-signer' }]],
    request: ['UploadSigningCertificate', { UserName: 'audit-signer', CertificateBody: 'invalid-certificate-body' }],
    code: 'MalformedCertificate',
    message: 'Certificate invalid-certificate-body is malformed.',
    status: 400,
  },
  {
    snapshot: 'test_iam_signing_certificates.snapshot.json › test_signing_certificate_errors › update-nonexistent-certificate-error',
    request: ['UpdateSigningCertificate', { UserName: 'audit-signer', CertificateId: 'NONEXISTENTCERTID12345678901', Status: 'Inactive' }],
    code: 'NoSuchEntity',
    message: 'The Certificate with id NONEXISTENTCERTID12345678901 cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_signing_certificates.snapshot.json › test_signing_certificate_errors › upload-exceeds-limit-error',
    setup: [
      ['UploadSigningCertificate', { UserName: 'audit-signer', CertificateBody: certificatePem('other') }],
      ['UploadSigningCertificate', { UserName: 'audit-signer', CertificateBody: certificatePem('third') }],
    ],
    request: ['UploadSigningCertificate', { UserName: 'audit-signer', CertificateBody: certificatePem('server') }],
    code: 'LimitExceeded',
    message: 'Cannot exceed quota for CertificatesPerUser: 2',
    status: 409,
  },
  // test_iam_ssh_public_keys.snapshot.json
  {
    snapshot: 'test_iam_ssh_public_keys.snapshot.json › test_get_ssh_public_key_not_found › get-not-found',
    request: ['GetSSHPublicKey', { UserName: 'audit-signer', SSHPublicKeyId: 'APKAXXXXXXXXXXXXXXXXX', Encoding: 'SSH' }],
    code: 'NoSuchEntity',
    message: 'The Public Key with id APKAXXXXXXXXXXXXXXXXX cannot be found.',
    status: 404,
  },
  // test_iam_users.snapshot.json
  {
    snapshot: 'test_iam_users.snapshot.json › test_user_errors › create-duplicate-user-error',
    request: ['CreateUser', { UserName: 'audit-signer' }],
    code: 'EntityAlreadyExists',
    message: 'User with name audit-signer already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_users.snapshot.json › test_login_profile_lifecycle › get-deleted-login-profile-error',
    request: ['GetLoginProfile', { UserName: 'audit-signer' }],
    code: 'NoSuchEntity',
    message: 'Login Profile for User audit-signer cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_users.snapshot.json › test_login_profile_errors › create-duplicate-login-profile-error',
    setup: [['CreateLoginProfile', { UserName: 'audit-signer', Password: 'Audit-Password-123!' }]],
    request: ['CreateLoginProfile', { UserName: 'audit-signer', Password: 'Audit-Password-123!' }],
    code: 'EntityAlreadyExists',
    message: 'Login Profile for user audit-signer already exists.',
    status: 409,
  },
  {
    snapshot: 'test_iam_users.snapshot.json › test_access_key_limit › create-third-access-key-error',
    setup: [
      ['CreateAccessKey', { UserName: 'audit-signer' }],
      ['CreateAccessKey', { UserName: 'audit-signer' }],
    ],
    request: ['CreateAccessKey', { UserName: 'audit-signer' }],
    code: 'LimitExceeded',
    message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    status: 409,
  },
  {
    snapshot: 'test_iam_users.snapshot.json › test_access_key_errors › update-nonexistent-access-key-error',
    request: ['UpdateAccessKey', { UserName: 'audit-signer', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' }],
    code: 'NoSuchEntity',
    message: 'The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_users.snapshot.json › test_user_managed_policy_errors › attach-nonexistent-policy-error',
    request: ['AttachUserPolicy', { UserName: 'audit-signer', PolicyArn: policyArn('nonexistent') }],
    code: 'NoSuchEntity',
    message: `Policy ${policyArn('nonexistent')} does not exist or is not attachable.`,
    status: 404,
  },
  {
    snapshot: 'test_iam_users.snapshot.json › test_user_group_errors › add-user-to-nonexistent-group-error',
    request: ['AddUserToGroup', { UserName: 'audit-signer', GroupName: 'nonexistent-group' }],
    code: 'NoSuchEntity',
    message: 'The group with name nonexistent-group cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam.snapshot.json › test_user_attach_policy › existing_policy_name_provided',
    request: ['AttachUserPolicy', { UserName: 'audit-attach', PolicyArn: 'test-policy-abcdefgh' }],
    code: 'ValidationError',
    message: 'ARN test-policy-abcdefgh is not valid.',
    status: 400,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_managed_policy_errors › existing-policy-name-provided',
    request: ['AttachRolePolicy', { RoleName: 'audit-role', PolicyArn: 'test-policy-abcdefgh' }],
    code: 'ValidationError',
    message: 'ARN test-policy-abcdefgh is not valid.',
    status: 400,
  },
  ...(['update', 'reset', 'delete'] as const).map(
    (verb): Case => ({
      snapshot: `test_iam.snapshot.json › test_id_match_user_mismatch › ${verb}-wrong-user-name`,
      request: [
        `${verb === 'update' ? 'Update' : verb === 'reset' ? 'Reset' : 'Delete'}ServiceSpecificCredential`,
        { UserName: 'wrong-user-name', ServiceSpecificCredentialId: 'ACCAEXAMPLEEXAMPLE123', ...(verb === 'update' ? { Status: 'Inactive' } : {}) },
      ],
      code: 'NoSuchEntity',
      message: 'The user with name wrong-user-name cannot be found.',
      status: 404,
    }),
  ),
  {
    snapshot: 'test_iam.snapshot.json › test_list_service_specific_credential_different_service › list-service-specific-credentials-invalid-service',
    request: ['ListServiceSpecificCredentials', { UserName: 'audit-ssc-id', ServiceName: 'nonexistentservice.amazonaws.com' }],
    code: 'NoSuchEntity',
    message: 'No such service nonexistentservice.amazonaws.com is supported for Service Specific Credentials',
    status: 404,
  },
  {
    snapshot: 'test_iam_groups.snapshot.json › test_update_group_name › old-group-not-found',
    setup: [
      ['CreateGroup', { GroupName: 'audit-old-name' }],
      ['UpdateGroup', { GroupName: 'audit-old-name', NewGroupName: 'audit-new-name' }],
    ],
    request: ['GetGroup', { GroupName: 'audit-old-name' }],
    code: 'NoSuchEntity',
    message: 'The group with name audit-old-name cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_roles.snapshot.json › test_role_inline_policy_lifecycle › delete-nonexistent-policy-error',
    request: ['DeleteRolePolicy', { RoleName: 'audit-role', PolicyName: 'never-put' }],
    code: 'NoSuchEntity',
    message: 'The role policy with name never-put cannot be found.',
    status: 404,
  },
  {
    snapshot: 'test_iam_server_certificates.snapshot.json › test_server_certificate_lifecycle[/] › get-deleted-certificate-error',
    setup: [['DeleteServerCertificate', { ServerCertificateName: 'audit-cert' }]],
    request: ['GetServerCertificate', { ServerCertificateName: 'audit-cert' }],
    code: 'NoSuchEntity',
    message: 'The Server Certificate with name audit-cert cannot be found.',
    status: 404,
  },
];

describe('IAM errors against AWS\'s recorded replies (LocalStack snapshots)', () => {
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture();
  });
  after(() => gh.close());

  async function send([action, params]: Request, credentials: AwsCredentialIdentity = gh.root): Promise<{ status: number; code: string | undefined; message: string | undefined; body: string }> {
    const res = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: action, ...params }, { credentials }));
    const message = xmlText(res.body, 'Message');
    return { status: res.status, code: xmlText(res.body, 'Code'), message: message === undefined ? undefined : xmlUnescape(message), body: res.body };
  }

  it(`answers ${CASES.length} recorded error cases as AWS did`, async () => {
    const differences: string[] = [];
    for (const c of CASES) {
      for (const step of c.setup ?? []) {
        const r = await send(step);
        assert.equal(r.status, 200, `${c.snapshot}: setup ${step[0]} failed: ${r.body}`);
      }
      const r = await send(c.request);
      const expected = { status: c.status, code: c.code, message: c.message };
      const actual = { status: r.status, code: r.code, message: r.message ?? '' };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(`${c.snapshot}\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`);
    }
    assert.deepEqual(differences, []);
  });

  it('as a role session: an unknown key\'s last use is refused, and DeleteAccessKey needs a user name (test_iam_users.snapshot.json › test_access_key_errors › get-last-used-nonexistent-key-error, delete-access-key-without-username-error)', async () => {
    const adminTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] });
    for (const step of [
      ['CreateRole', { RoleName: 'audit-admin', AssumeRolePolicyDocument: adminTrust }],
      ['AttachRolePolicy', { RoleName: 'audit-admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      ['CreateUser', { UserName: 'audit-key-owner' }],
      ['CreateUser', { UserName: 'audit-assumer' }],
      ['AttachUserPolicy', { UserName: 'audit-assumer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    ] as const) assert.equal((await send(step)).status, 200);
    // Roles are not assumed by root (AWS refuses it): an administrator user asks.
    const assumerKey = await send(['CreateAccessKey', { UserName: 'audit-assumer' }]);
    const sts = stsClient(gh.url, { accessKeyId: xmlText(assumerKey.body, 'AccessKeyId') ?? '', secretAccessKey: xmlText(assumerKey.body, 'SecretAccessKey') ?? '' });
    const session = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/audit-admin`, RoleSessionName: 'audit' }))).Credentials;
    sts.destroy();
    const creds = { accessKeyId: session?.AccessKeyId ?? '', secretAccessKey: session?.SecretAccessKey ?? '', sessionToken: session?.SessionToken ?? '' };
    const lastUsed = await send(['GetAccessKeyLastUsed', { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }], creds);
    assert.deepEqual([lastUsed.status, lastUsed.code, lastUsed.message], [
      403,
      'AccessDenied',
      `User: arn:aws:sts::${A}:assumed-role/audit-admin/audit is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAIOSFODNN7EXAMPLE`,
    ]);
    const key = await send(['CreateAccessKey', { UserName: 'audit-key-owner' }], creds);
    const keyId = xmlText(key.body, 'AccessKeyId') ?? '';
    const deleted = await send(['DeleteAccessKey', { AccessKeyId: keyId }], creds);
    assert.deepEqual([deleted.status, deleted.code, deleted.message], [400, 'ValidationError', 'Must specify userName when calling with non-User credentials']);
  });

  it('refuses a device already enabled for another user (test_iam_mfa.snapshot.json › test_enable_mfa_device_already_attached › enable-mfa-already-attached-error)', async () => {
    for (const user of ['audit-mfa-1', 'audit-mfa-2']) assert.equal((await send(['CreateUser', { UserName: user }])).status, 200);
    const created = await send(['CreateVirtualMFADevice', { VirtualMFADeviceName: 'audit-shared' }]);
    const app = authenticatorFor(Buffer.from(xmlText(created.body, 'Base32StringSeed') ?? '', 'base64'));
    const serial = `arn:aws:iam::${A}:mfa/audit-shared`;
    const first = await send(['EnableMFADevice', { UserName: 'audit-mfa-1', SerialNumber: serial, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) }]);
    assert.equal(first.status, 200, first.body);
    const second = await send(['EnableMFADevice', { UserName: 'audit-mfa-2', SerialNumber: serial, AuthenticationCode1: app.code(1), AuthenticationCode2: app.code(2) }]);
    assert.deepEqual([second.status, second.code, second.message], [409, 'EntityAlreadyExists', 'MFA Device is already in use.']);
  });

  it(`rejects the ${INVALID_POLICY_DOCUMENTS.length} recorded invalid policy documents as AWS did (test_iam_policies.snapshot.json › test_create_policy_invalid_document[invalid-N] › error)`, async () => {
    const differences: string[] = [];
    for (const c of INVALID_POLICY_DOCUMENTS) {
      const r = await send(['CreatePolicy', { PolicyName: `audit-invalid-${c.n}`, PolicyDocument: c.document }]);
      const expected = { status: c.status, code: c.code, message: c.message };
      const actual = { status: r.status, code: r.code, message: r.message ?? '' };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(`invalid-${c.n}: ${c.document}\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`);
    }
    assert.deepEqual(differences, []);
  });
});
