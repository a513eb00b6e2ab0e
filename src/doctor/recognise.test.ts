/**
 * Every catalogue entry has a recogniser, and each is recognised from the catalogue's own text
 * and from at least two other forms a user would paste: other accounts, names and regions, the
 * wrapping of the AWS CLI, botocore and the JS SDK, log prefixes, colours and line wraps.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE } from './catalogue.js';
import { recognise, recognisersFor, closestEntries } from './recognise.js';
import { oneLine, readPastedError } from './pasted-text.js';

const cli = (code: string, op: string, msg: string): string => `\nAn error occurred (${code}) when calling the ${op} operation: ${msg}\n`;
const boto = (code: string, op: string, msg: string): string =>
  `Traceback (most recent call last):\n  File "/app/main.py", line 12, in <module>\n    client.${op}()\n  File "/usr/lib/python3/dist-packages/botocore/client.py", line 960, in _make_api_call\n    raise error_class(parsed_response, operation_name)\nbotocore.exceptions.ClientError: An error occurred (${code}) when calling the ${op} operation: ${msg}`;
const js = (name: string, msg: string): string =>
  `${name}: ${msg}\n    at throwDefaultError (/app/node_modules/@smithy/smithy-client/dist-cjs/index.js:867:20)\n    at /app/node_modules/@smithy/smithy-client/dist-cjs/index.js:876:5 {\n  '$fault': 'client',\n  '$metadata': {\n    httpStatusCode: 403,\n    requestId: 'd1b7f0a2-6c3e-4d1e-9d2b-1a2b3c4d5e6f',\n    attempts: 1\n  },\n  Code: '${name}'\n}`;
const log = (msg: string): string => `2026-11-30T08:15:42.371Z ERROR [deploy-worker-3] ${msg}`;
/** A narrow terminal's hard wraps, every `width` characters, wherever they fall. */
const wrapped = (msg: string, width = 72): string => msg.replace(new RegExp(`(.{${width}})`, 'g'), '$1\n');
const spaced = (msg: string): string => `   ${msg.replace(/ /g, '  ')}   \n\n`;
const coloured = (msg: string): string => `\u001b[31m${msg}\u001b[0m`;

/** Per entry: pasted variants beyond the catalogue text (at least two each). */
const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  E01: [
    cli('AccessDeniedException', 'DescribeCluster', 'User: arn:aws:iam::444455556666:user/ops/priya is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:eu-west-1:444455556666:cluster/prod'),
    js('AccessDeniedException', 'User: arn:aws:sts::444455556666:assumed-role/ci/runner-17 is not authorized to perform: eks:ListClusters on resource: arn:aws:eks:ap-south-1:444455556666:cluster/*'),
  ],
  E01b: [
    wrapped(cli('AccessDeniedException', 'DescribeCluster', 'User: arn:aws:iam::210987654321:user/dev is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:us-west-2:210987654321:cluster/cluster_name')),
    log('An error occurred (AccessDeniedException) when calling the DescribeCluster operation: User: arn:aws:iam::111122223333:user/user_name is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:us-west-2:111122223333:cluster/cluster_name'),
  ],
  E02: ['Your current IAM principal does not have access to Kubernetes objects on this cluster. Your current user or role does not have access to Kubernetes objects on this EKS cluster', coloured('Your current user or role does not have access to Kubernetes objects on this EKS cluster.')],
  E03: [
    'User: arn:aws:iam::210987654321:user/ana is not authorized to perform: iam:PassRole on resource: arn:aws:iam::210987654321:role/eksClusterRole because no identity-based policy allows the iam:PassRole action',
    cli('AccessDenied', 'CreateCluster', 'User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole'),
  ],
  E04: [
    boto('SignatureDoesNotMatch', 'GetCallerIdentity', 'Credential should be scoped to a valid region. '),
    js('SignatureDoesNotMatch', "Credential should be scoped to a valid region, not 'eu-central-1'. "),
  ],
  E05: [
    boto('ValidationError', 'AssumeRoleWithWebIdentity', 'Request ARN is invalid'),
    log('level=error msg="An error occurred (ValidationError) when calling the AssumeRoleWithWebIdentity operation: Request ARN is invalid"'),
  ],
  E06: [
    boto('InvalidIdentityToken', 'AssumeRoleWithWebIdentity', 'No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/5C3E9A1B2D4F6A8B0C1D2E3F4A5B6C7D'),
    wrapped(js('InvalidIdentityTokenException', 'No OpenIDConnect provider found in your account for https://oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF'), 50),
  ],
  E07: [js('InvalidIdentityTokenException', 'Incorrect token audience'), log(cli('InvalidIdentityToken', 'AssumeRoleWithWebIdentity', 'Incorrect token audience'))],
  E08: [
    boto('InvalidIdentityToken', 'AssumeRoleWithWebIdentity', "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"),
    js('InvalidIdentityTokenException', "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"),
  ],
  E09: [
    js('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
    `WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n\tstatus code: 403, request id: 7d9c1c3e-1111-2222-3333-444455556666`,
  ],
  E10: [
    cli('AccessDenied', 'ListRepositories', 'User: arn:aws:iam::210987654321:user/ci is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy'),
    spaced('User: arn:aws:sts::555566667777:assumed-role/Dev/alice is not authorized to perform: s3:ListAllMyBuckets with an explicit deny in a service control policy'),
  ],
  E11: [
    js('AccessDeniedException', 'User: arn:aws:iam::210987654321:user/JaneRoe is not authorized to perform: codecommit:ListRepositories because no VPC endpoint policy allows the codecommit:ListRepositories action'),
    log('User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key because no VPC endpoint policy allows the s3:GetObject action'),
  ],
  E12: [
    wrapped('User: arn:aws:iam::210987654321:user/JaneRoe is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:eu-west-1:210987654321:deploymentgroup:* with an explicit deny in a VPC endpoint policy', 60),
    boto('AccessDeniedException', 'ListDeployments', 'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codedeploy:ListDeployments with an explicit deny in a VPC endpoint policy'),
  ],
  E13: [
    cli('AccessDenied', 'ListUsers', 'User: arn:aws:iam::123456789012:user/bounded is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no permissions boundary allows the iam:ListUsers action'),
    js('AccessDenied', 'User: arn:aws:iam::210987654321:user/JohnDoe is not authorized to perform: codedeploy:ListDeployments because no permissions boundary allows the codedeploy:ListDeployments action'),
  ],
  E14: [
    boto('AccessDeniedException', 'ListModels', 'User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: sagemaker:ListModels with an explicit deny in a permissions boundary'),
    coloured(log('User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/y with an explicit deny in a permissions boundary')),
  ],
  E15: [
    cli('AccessDenied', 'ListUsers', 'User: arn:aws:sts::123456789012:assumed-role/reader/s1 is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no session policy allows the iam:ListUsers action'),
    js('AccessDenied', 'User: arn:aws:iam::210987654321:user/JohnDoe is not authorized to perform: codecommit:ListRepositories because no session policy allows the codecommit:ListRepositories action'),
  ],
  E16: [
    boto('AccessDenied', 'ListDeployments', 'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* with an explicit deny in a sessions policy'),
    wrapped('User: arn:aws:sts::123456789012:assumed-role/admin/ci is not authorized to perform: iam:DeleteRole on resource: arn:aws:iam::123456789012:role/x with an explicit deny in a session policy', 40),
  ],
  E17: [
    js('AccessDeniedException', 'User: arn:aws:iam::210987654321:user/JohnDoe is not authorized to perform: secretsmanager:GetSecretValue because no resource-based policy allows the secretsmanager:GetSecretValue action'),
    cli('AccessDeniedException', 'GetSecretValue', 'User: arn:aws:sts::444455556666:assumed-role/app/i-0abc is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:db because no resource-based policy allows the secretsmanager:GetSecretValue action'),
  ],
  E18: [
    cli('AccessDeniedException', 'GetSecretValue', 'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:* with an explicit deny in a resource-based policy'),
    log('User: arn:aws:iam::210987654321:user/svc is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-west-1:210987654321:key/1234 with an explicit deny in a resource-based policy'),
  ],
  E19: [
    cli('AccessDenied', 'AssumeRole', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/admin because no role trust policy allows the sts:AssumeRole action'),
    boto('AccessDenied', 'AssumeRole', 'User: arn:aws:sts::210987654321:assumed-role/ci/run-9 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/deployer because no role trust policy allows the sts:AssumeRole action'),
  ],
  E20: [
    js('AccessDenied', 'User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::777788889999:role/prod with an explicit deny in the role trust policy'),
    spaced(cli('AccessDenied', 'AssumeRole', 'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy')),
  ],
  E21: [
    cli('AccessDenied', 'CreateUser', 'User: arn:aws:iam::123456789012:user/team/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/bob because no identity-based policy allows the iam:CreateUser action'),
    js('AccessDenied', 'User: arn:aws:iam::210987654321:user/JohnDoe is not authorized to perform: codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action'),
  ],
  E22: [
    boto('AccessDenied', 'DeleteUser', 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::123456789012:user/bob with an explicit deny in an identity-based policy'),
    wrapped(log('User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codedeploy:ListDeployments on resource: arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:* with an explicit deny in an identity-based policy'), 55),
  ],
  E23: [
    js('AuthorizationErrorException', 'User: arn:aws:sts::210987654321:assumed-role/app/s1 is not authorized to perform: SNS:Publish on resource: arn:aws:sns:eu-west-1:444455556666:alerts with an explicit deny in a VPC endpoint policy transitively through a service control policy'),
    wrapped('User: arn:aws:sts::111122223333:assumed-role/role-name/role-session-name is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:444455556666:role-name-2 with an explicit deny in a VPC endpoint policy transitively through a service control policy', 66),
  ],
  E24: [
    cli('AccessDenied', 'GetObject', 'Access Denied due to an explicit deny in a Service Control Policy'),
    log('AccessDeniedException: Request denied due to an explicit deny in a Service Control Policy'),
  ],
  E25: [
    'User: arn:aws:iam::210987654321:user/mateo is not authorized to perform: widgets:GetWidget on resource: my-example-widget',
    coloured('User: arn:aws:iam::123456789012:user/team/jo is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::reports/2026.csv'),
  ],
  E26: [
    'User: arn:aws:iam::210987654321:user/Maria is not authorized to perform: iam:DeleteVirtualMFADevice on resource: arn:aws:iam::210987654321:mfa/Maria with an explicit deny',
    cli('AccessDenied', 'DeleteVirtualMFADevice', 'User: arn:aws:iam::123456789012:user/Diego is not authorized to perform: iam:DeleteVirtualMFADevice on resource: arn:aws:iam::123456789012:mfa/Diego with an explicit deny in an identity-based policy'),
  ],
  E27: [
    boto('AccessDenied', 'PutLifecycleHook', 'User: arn:aws:sts::444455556666:assumed-role/Ops/Kim is not authorized to perform: iam:PassRole on resource: arn:aws:iam::444455556666:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'),
    js('AccessDenied', 'User: arn:aws:sts::111122223333:assumed-role/Testrole/Diego is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'),
  ],
  E28: ['Switch Role\nInvalid information in one or more fields. Check your information or contact your administrator.', spaced('Invalid information in one or more fields.')],
  E29: [
    'codebuild.amazon.com did not create the default version (V3) of the codebuild-Web-managed-policy policy that is attached to the codebuild-Web-service-role role. To continue, detach the policy from any other identities and then delete the policy and the role.',
    wrapped('codebuild.amazon.com did not create the default version (V2) of the codebuild-RWBCore-managed-policy policy that is attached to the codebuild-RWBCore-service-role role.', 50),
  ],
  E30: [
    "$ nslookup oidc.eks.eu-west-1.amazonaws.com\nServer:  10.0.0.2\nAddress: 10.0.0.2#53\n\n** server can't find oidc.eks.eu-west-1.amazonaws.com: NXDOMAIN",
    'Error: Get "https://oidc.eks.us-east-2.amazonaws.com/id/ABC/.well-known/openid-configuration": dial tcp: lookup oidc.eks.us-east-2.amazonaws.com: no such host',
  ],
  F01: [
    'mapRoles: |\n  - rolearn: arn:aws:iam::111122223333:role/team/developers/eks-admin\n    username: admin\n    groups:\n      - system:masters\nerror: You must be logged in to the server (Unauthorized)',
    'aws-auth entry rolearn: "arn:aws:iam::210987654321:role/platform/eks-ops" does not grant access to the cluster',
  ],
  F02: [
    '$ aws sts get-caller-identity\n{\n    "UserId": "AROAEXAMPLE:i-0a1b2c3d4e5f67890",\n    "Account": "111122223333",\n    "Arn": "arn:aws:sts::111122223333:assumed-role/eksctl-prod-nodegroup-NodeInstanceRole-1ABC/i-0a1b2c3d4e5f67890"\n}',
    "my pod uses the node's IAM role instead of the role of its service account",
  ],
  F03: [
    'The trust policy of my IRSA role has "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.region-code.amazonaws.com/id/EXAMPLE" and the pod still cannot assume it',
    'checked the trust policy conditions oidc.eks.us-west-2.amazonaws.com/id/ABC:sub and :aud, still failing',
  ],
  F04: ['Error from server (NotFound): serviceaccounts "my-service-account" not found', 'the eks.amazonaws.com/role-arn annotation on the service account looks wrong: role-arn annotation is "arn:aws:iam:::role/x"'],
  F05: ['kubectl describe pod shows no AWS_WEB_IDENTITY_TOKEN_FILE and no aws-iam-token volume', 'Error from server (NotFound): mutatingwebhookconfigurations.admissionregistration.k8s.io "pod-identity-webhook" not found'],
  F06: ['the token is mounted but boto3 version 1.4.0 does not support web identity and falls back to the node role', 'AWS CLI v1 returns the node role although the web identity token is mounted (old SDK version)'],
  F07: [
    cli('ValidationError', 'AssumeRole', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
    js('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'),
  ],
  F08: ['Cannot assume role arn:aws:iam::123456789012:role/Admin', cli('AccessDenied', 'AssumeRole', 'User: arn:aws:iam::123456789012:user/kai is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Admin')],
  F09: ["Access denied although the role's policy allows the action: the session policy I passed seems to limit it", "our role policy allows s3:* but still AccessDenied after AssumeRole"],
  F10: [
    cli('ExpiredToken', 'ListUsers', 'The security token included in the request is expired'),
    js('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'),
  ],
  F11: ['Access denied when condition key names differ only by case in the request tags', 'two request tags whose condition key names are different only in case (Team and team) get denied'],
  F12: ['Access denied although identity policies allow it — the user has a permissions boundary', 'the identity policy allows iam:ListRoles but still denied; is the permissions boundary the reason?'],
  F13: ['The ${aws:username} policy variable is matched literally, not substituted', 'policy variables not working: Resource arn:aws:s3:::bucket/${aws:username}/* is not replaced'],
  F14: ['I just created the role and AssumeRole still says not authorized, is IAM eventually consistent?', 'the policy change is not visible yet'],
  F15: [boto('LimitExceeded', 'CreateAccessKey', 'Cannot exceed quota for AccessKeysPerUser: 2'), js('LimitExceededException', 'Cannot exceed quota for AccessKeysPerUser: 2')],
  S01: ['Unable to connect to the server: getting credentials: exec: executable aws failed with exit code 255\ncould not get token: AccessDenied: Access denied\n\tstatus code: 403', log('could not get token: AccessDenied: Access denied')],
  S02: ['$ kubectl get pods\nerror: You must be logged in to the server (Unauthorized)', 'E1202 13:01:02.123456   4242 memcache.go:265] couldn\'t get current server API group list: the server has asked for the client to provide credentials\nerror: You must be logged in to the server (the server has asked for the client to provide credentials)'],
  S03: ['$ kubectl get svc\nerror: the server doesn\'t have a resource type "svc"', coloured('error: the server doesn\'t have a resource type "pods"')],
  S04: [
    boto('InvalidClientTokenId', 'GetCallerIdentity', 'The security token included in the request is invalid'),
    js('InvalidClientTokenId', 'The security token included in the request is invalid.'),
  ],
  S05: [
    'kube-apiserver answered HTTP 401 Unauthorized to the pod using its service account token',
    '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401} from the Kubernetes API server',
    'HTTP-Code: 401\nMessage: Unauthorized\nBody: undefined\nHeaders: {"content-type":"application/json"}',
    'kubernetes.client.exceptions.ApiException: (401)\nReason: Unauthorized\nHTTP response headers: HTTPHeaderDict({\'Content-Type\': \'application/json\'})',
  ],
  S06: ['$ kubectl describe configmap -n kube-system aws-auth\nError from server (NotFound): configmaps "aws-auth" not found', log('Error from server (NotFound): configmaps "aws-auth" not found')],
  S07: [spaced('This policy does not grant any permissions. To grant access, policies must have an action that has an applicable resource or condition.'), wrapped('Policy summary\nThis policy does not grant any permissions. To grant access, policies must have an action that has an applicable resource or condition.', 45)],
  S08: [wrapped('This policy defines some actions, resources, or conditions that do not provide permissions. To grant access, policies must have an action that has an applicable resource or condition.', 60), coloured('This policy defines some actions, resources, or conditions that do not provide permissions.')],
  S09: ['A summary for this policy cannot be generated. You can still view or edit the JSON policy document.', '**A summary for this policy cannot be generated.**'],
  S10: ['You need permissions\nYou do not have the permissions required to perform this operation. Ask your administrator to add permissions.', spaced('You need permissions. You do not have the permissions required to perform this operation.')],
};

describe('doctor recognition', () => {
  it('has a recogniser for every catalogue entry, and at least two pasted variants for each', () => {
    for (const e of CATALOGUE) {
      assert.ok(recognisersFor(e.id).length > 0, `${e.id} has no recogniser`);
      assert.ok((VARIANTS[e.id] ?? []).length >= 2, `${e.id} has fewer than two pasted variants`);
    }
    for (const id of Object.keys(VARIANTS)) assert.ok(CATALOGUE.some((e) => e.id === id), `variants for unknown entry ${id}`);
  });

  for (const e of CATALOGUE) {
    it(`${e.id}: recognised from the catalogue's text and its variants`, () => {
      const expected = (got: ReturnType<typeof recognise>): boolean => got.recognised && (got.entry.id === e.id || (e.id === 'E01b' && got.entry.id === 'E01' && got.related.includes('E01b')));
      // F and S entries without a fixed text are recognised from their variants only.
      const texts = e.group === 'E' || ['S01', 'S02', 'S03', 'S04', 'S06', 'S07', 'S08', 'S09', 'S10'].includes(e.id) ? [e.message, ...VARIANTS[e.id]!] : VARIANTS[e.id]!;
      for (const t of texts) {
        const got = recognise(t);
        assert.ok(expected(got), `${e.id} not recognised from ${JSON.stringify(t)}: got ${got.recognised ? got.entry.id : 'nothing'}`);
      }
    });
  }

  it('extracts principal, action, resource, policy type, operation and code from an AWS CLI message', () => {
    const r = recognise(VARIANTS.E19![0]!);
    assert.ok(r.recognised);
    assert.deepEqual(
      {
        code: r.fields.code,
        operation: r.fields.operation,
        principal: r.fields.principal,
        action: r.fields.action,
        resource: r.fields.resource,
        policyType: r.fields.policyType,
        denial: r.fields.denial,
        account: r.fields.principalAccount,
        roleArn: r.fields.roleArn,
      },
      {
        code: 'AccessDenied',
        operation: 'AssumeRole',
        principal: 'arn:aws:iam::123456789012:user/dev',
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::123456789012:role/admin',
        policyType: 'role trust policy',
        denial: 'implicit',
        account: '123456789012',
        roleArn: 'arn:aws:iam::123456789012:role/admin',
      },
    );
    assert.equal(r.client, 'aws-cli');
  });

  it('reads the JS SDK exception, botocore ClientError and log prefixes', () => {
    assert.equal(readPastedError(VARIANTS.E11![0]!).client, 'js-sdk');
    assert.equal(readPastedError(VARIANTS.E11![0]!).fields.code, 'AccessDeniedException');
    assert.equal(readPastedError(VARIANTS.E14![0]!).client, 'boto3');
    const logged = readPastedError(VARIANTS.E11![1]!);
    assert.equal(logged.fields.resource, 'arn:aws:s3:::bucket/key');
    assert.equal(logged.fields.policyType, 'vpc endpoint policy');
  });

  it('joins an ARN cut by a line wrap and reads issuer, region and cluster', () => {
    const r = recognise(VARIANTS.E06![1]!);
    assert.ok(r.recognised);
    assert.equal(r.fields.issuer, 'https://oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF');
    assert.equal(r.fields.region, 'us-east-2');
    const eks = recognise(VARIANTS.E01![0]!);
    assert.ok(eks.recognised);
    assert.equal(eks.fields.cluster, 'prod');
    assert.equal(oneLine('a\n  2026-01-01T00:00:00Z INFO b'), 'a b');
  });

  it('says "not recognised" for text of no catalogue entry, with the closest entries and no diagnosis', () => {
    const r = recognise(cli('NoSuchEntity', 'GetUser', 'The user with name nobody cannot be found.'));
    assert.equal(r.recognised, false);
    const none = recognise('hello world');
    assert.equal(none.recognised, false);
    if (!none.recognised) assert.deepEqual(none.closest, []);
    const near = closestEntries('the OIDC provider thumbprint certificate');
    assert.equal(near[0]?.catalogueId, 'E08');
  });
});
