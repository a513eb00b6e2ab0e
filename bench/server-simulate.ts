/**
 * The policy simulator under load (figure `iam.simulate.vsGetUser`): SimulatePrincipalPolicy of
 * 50 actions for a user whose identity-based policies are 20 customer managed policies of 10
 * statements each (10 attached to the user, 10 to a group it is in — IAM's default quotas), the
 * same shapes the engine benchmark decides. One signed request, replayed.
 */
import type { Json } from '../src/policy/types.js';
import { tenStatements } from './engine.js';
import type { SignedRequest } from './server-requests.js';

export const SIMULATED_USER = 'bench-simulated';
const GROUP = 'bench-simulated-group';
const BUCKET = 'bench-data';

/** Fifty actions across the services the policies name, most of them matched by some statement. */
export const SIMULATED_ACTIONS: readonly string[] = [
  ...['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'GetObjectAcl', 'GetObjectTagging', 'PutObjectTagging', 'GetBucketPolicy', 'ListAllMyBuckets', 'GetObjectVersion',
    'GetBucketLocation', 'ListMultipartUploadParts', 'AbortMultipartUpload', 'GetLifecycleConfiguration', 'PutLifecycleConfiguration'].map((a) => `s3:${a}`),
  ...['DescribeInstances', 'DescribeVolumes', 'GetConsoleOutput', 'RunInstances', 'TerminateInstances', 'DescribeImages', 'GetPasswordData', 'StartInstances', 'StopInstances', 'DescribeTags'].map((a) => `ec2:${a}`),
  ...['GetRole', 'GetUser', 'GetPolicy', 'CreateRole', 'DeleteRole', 'PassRole', 'ListRoles', 'GetRolePolicy', 'PutRolePolicy', 'AttachRolePolicy'].map((a) => `iam:${a}`),
  ...['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'DescribeKey', 'CreateGrant', 'ScheduleKeyDeletion', 'ReEncryptFrom', 'ReEncryptTo', 'ListKeys'].map((a) => `kms:${a}`),
  ...['GetItem', 'PutItem', 'Query', 'Scan', 'DeleteItem'].map((a) => `dynamodb:${a}`),
];

/** The requests that build the simulated user: 20 policies, a group, attachments, membership. */
export function simulationSetup(sign: (action: string, params: Record<string, string>) => SignedRequest): SignedRequest[] {
  const out: SignedRequest[] = [sign('CreateUser', { UserName: SIMULATED_USER }), sign('CreateGroup', { GroupName: GROUP }), sign('AddUserToGroup', { GroupName: GROUP, UserName: SIMULATED_USER })];
  for (let i = 0; i < 20; i++) {
    const document: Json = { Version: '2012-10-17', Statement: tenStatements(i, BUCKET, i === 19) };
    const name = `bench-simulated-${i}`;
    out.push(sign('CreatePolicy', { PolicyName: name, PolicyDocument: JSON.stringify(document) }));
    const arn = `arn:aws:iam::123456789012:policy/${name}`;
    out.push(i < 10 ? sign('AttachUserPolicy', { UserName: SIMULATED_USER, PolicyArn: arn }) : sign('AttachGroupPolicy', { GroupName: GROUP, PolicyArn: arn }));
  }
  return out;
}

/** The SimulatePrincipalPolicy request: 50 actions on one object of the bucket the policies name. */
export function simulationRequest(sign: (action: string, params: Record<string, string>) => SignedRequest, accountId: string): SignedRequest {
  const params: Record<string, string> = {
    PolicySourceArn: `arn:aws:iam::${accountId}:user/${SIMULATED_USER}`,
    'ResourceArns.member.1': `arn:aws:s3:::${BUCKET}/reports/2026.csv`,
  };
  SIMULATED_ACTIONS.forEach((a, i) => (params[`ActionNames.member.${i + 1}`] = a));
  return sign('SimulatePrincipalPolicy', params);
}
