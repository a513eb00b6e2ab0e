/**
 * The AWS CLI v1 and v2 against a `gatehouse serve` child for the account-wide IAM operations:
 * AWS managed policies (listing with the CLI paginator, reading, attaching, refusing changes),
 * GetAccountAuthorizationDetails (filters, paging, documents the CLI decodes back to what was
 * put), quotas as the CLI prints them, and the last-accessed operations.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ACCOUNT_ID, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cliRunner } from '../support/aws-cli.js';
import { awsManagedPolicies } from '../../src/services/iam/aws-managed-policies.js';

const doc = (statement: Record<string, unknown>): Record<string, unknown> => ({ Version: '2012-10-17', Statement: [statement] });
const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' });
const userInline = doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' });
const managed = doc({ Sid: 'Managed', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket' });

interface PolicyListing {
  Policies: { PolicyName: string; Arn: string; PolicyId: string; AttachmentCount: number; IsAttachable: boolean }[];
  NextToken?: string;
}

for (const client of CLI_CLIENTS) {
  describe(`${client.label}: AWS managed policies, authorization details, quotas, last-accessed data`, { skip: client.bin === undefined ? `${client.label} is not installed on this machine (CI installs it)` : false }, () => {
    let server: ServerProcess;
    let dataDir: string;
    before(async () => {
      dataDir = tempDataDir(`cli-data-${client.label.endsWith('v2') ? 'v2' : 'v1'}`);
      server = await spawnServer({ dataDir });
    });
    after(async () => {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const { ok, fails } = cliRunner(client.bin ?? 'aws', () => server);
    const op = (name: string, message: string, code = 'AccessDenied'): string => `An error occurred (${code}) when calling the ${name} operation: ${message}`;

    it('lists, reads and attaches AWS managed policies and refuses to change them', async () => {
      const first = await ok<PolicyListing>(['iam', 'list-policies', '--scope', 'AWS', '--max-items', '5']);
      assert.equal(first.Policies.length, 5);
      assert.ok(first.NextToken !== undefined);
      const all = await ok<PolicyListing>(['iam', 'list-policies', '--scope', 'AWS', '--page-size', '1000']);
      assert.equal(all.Policies.length, awsManagedPolicies().policies.length);
      assert.ok(all.Policies.every((p) => /^ANPA[A-Z2-7]{17}$/.test(p.PolicyId) && p.IsAttachable));
      const arn = 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy';
      const policy = await ok<{ Policy: { DefaultVersionId: string; Tags: unknown[] } }>(['iam', 'get-policy', '--policy-arn', arn]);
      const expected = awsManagedPolicies().defaultVersion(arn);
      assert.equal(policy.Policy.DefaultVersionId, expected?.VersionId);
      const version = await ok<{ PolicyVersion: { Document: unknown; IsDefaultVersion: boolean } }>(['iam', 'get-policy-version', '--policy-arn', arn, '--version-id', expected?.VersionId ?? '']);
      assert.equal(version.PolicyVersion.IsDefaultVersion, true);
      assert.deepEqual(version.PolicyVersion.Document, JSON.parse(expected?.Document ?? ''));
      const versions = await ok<{ Versions: { VersionId: string }[] }>(['iam', 'list-policy-versions', '--policy-arn', arn]);
      assert.deepEqual(versions.Versions.map((v) => v.VersionId), [expected?.VersionId]);
      await ok(['iam', 'create-role', '--role-name', 'eks-cluster', '--assume-role-policy-document', JSON.stringify(trust)]);
      await ok(['iam', 'attach-role-policy', '--role-name', 'eks-cluster', '--policy-arn', arn]);
      const entities = await ok<{ PolicyRoles: { RoleName: string }[] }>(['iam', 'list-entities-for-policy', '--policy-arn', arn]);
      assert.deepEqual(entities.PolicyRoles.map((r) => r.RoleName), ['eks-cluster']);
      const attached = await ok<PolicyListing>(['iam', 'list-policies', '--scope', 'AWS', '--only-attached']);
      assert.deepEqual(attached.Policies.map((p) => [p.PolicyName, p.AttachmentCount]), [['AmazonEKSClusterPolicy', 1]]);
      await fails(['iam', 'delete-policy', '--policy-arn', arn], op('DeletePolicy', 'Cannot delete policies outside your own account.'));
      await fails(['iam', 'delete-policy-version', '--policy-arn', arn, '--version-id', 'v1'], op('DeletePolicyVersion', 'Cannot delete policy versions for policies outside your own account.'));
      await fails(['iam', 'set-default-policy-version', '--policy-arn', arn, '--version-id', 'v1'], op('SetDefaultPolicyVersion', 'Cannot update policies outside your own account.'));
      await fails(['iam', 'create-policy-version', '--policy-arn', arn, '--policy-document', JSON.stringify(managed)], op('CreatePolicyVersion', 'Cannot create policy versions for policies outside your own account.'));
      await fails(['iam', 'tag-policy', '--policy-arn', arn, '--tags', 'Key=k,Value=v'], op('TagPolicy', 'Cannot tag policies outside your own account.'));
    });

    it('exports the account with get-account-authorization-details; the CLI decodes every document back to what was put', async () => {
      await ok(['iam', 'create-user', '--user-name', 'exported']);
      await ok(['iam', 'put-user-policy', '--user-name', 'exported', '--policy-name', 'inline', '--policy-document', JSON.stringify(userInline)]);
      const arn = (await ok<{ Policy: { Arn: string } }>(['iam', 'create-policy', '--policy-name', 'exported-managed', '--policy-document', JSON.stringify(managed)])).Policy.Arn;
      await ok(['iam', 'attach-user-policy', '--user-name', 'exported', '--policy-arn', arn]);
      type Details = {
        UserDetailList: { UserName: string; UserPolicyList?: { PolicyDocument: unknown }[]; AttachedManagedPolicies: { PolicyArn: string }[] }[];
        RoleDetailList: { RoleName: string; AssumeRolePolicyDocument: unknown }[];
        GroupDetailList: unknown[];
        Policies: { PolicyName: string; PolicyVersionList: { Document: unknown; IsDefaultVersion: boolean }[] }[];
      };
      const out = await ok<Details>(['iam', 'get-account-authorization-details', '--filter', 'User', 'Role', 'LocalManagedPolicy']);
      const user = out.UserDetailList.find((u) => u.UserName === 'exported');
      assert.deepEqual(user?.UserPolicyList?.map((p) => p.PolicyDocument), [userInline]);
      assert.deepEqual(user?.AttachedManagedPolicies.map((p) => p.PolicyArn), [arn]);
      assert.deepEqual(out.RoleDetailList.find((r) => r.RoleName === 'eks-cluster')?.AssumeRolePolicyDocument, trust);
      assert.deepEqual(out.Policies.map((p) => [p.PolicyName, p.PolicyVersionList.map((v) => [v.Document, v.IsDefaultVersion])]), [['exported-managed', [[managed, true]]]]);
      assert.deepEqual(out.GroupDetailList, []);
      // The CLI's paginator over MaxItems / Marker gathers the same items.
      const paged = await ok<Details>(['iam', 'get-account-authorization-details', '--filter', 'User', 'Role', 'LocalManagedPolicy', '--page-size', '1']);
      assert.deepEqual(paged, out);
      const aws = await ok<Details>(['iam', 'get-account-authorization-details', '--filter', 'AWSManagedPolicy']);
      assert.deepEqual(aws.Policies.map((p) => p.PolicyName), ['AmazonEKSClusterPolicy']);
    });

    it('prints quota refusals as AWS does, and get-account-summary reports the quotas', async () => {
      await ok(['iam', 'create-role', '--role-name', 'crowded', '--assume-role-policy-document', JSON.stringify(trust)]);
      const names = awsManagedPolicies().policies.filter((p) => p.Path === '/').slice(0, 11);
      for (const p of names.slice(0, 10)) await ok(['iam', 'attach-role-policy', '--role-name', 'crowded', '--policy-arn', p.Arn]);
      await fails(['iam', 'attach-role-policy', '--role-name', 'crowded', '--policy-arn', names[10]?.Arn ?? ''], op('AttachRolePolicy', 'Cannot exceed quota for PoliciesPerRole: 10', 'LimitExceeded'));
      const big = JSON.stringify(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(6100)}` }));
      await fails(['iam', 'create-policy', '--policy-name', 'too-big', '--policy-document', big], op('CreatePolicy', 'Cannot exceed quota for PolicySize: 6144', 'LimitExceeded'));
      const bigTrust = JSON.stringify(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'e'.repeat(2000) } } }));
      await fails(['iam', 'update-assume-role-policy', '--role-name', 'crowded', '--policy-document', bigTrust], op('UpdateAssumeRolePolicy', 'Cannot exceed quota for ACLSizePerRole: 2048', 'LimitExceeded'));
      const summary = await ok<{ SummaryMap: Record<string, number> }>(['iam', 'get-account-summary']);
      assert.deepEqual([summary.SummaryMap.PoliciesQuota, summary.SummaryMap.AttachedPoliciesPerRoleQuota, summary.SummaryMap.AssumeRolePolicySizeQuota, summary.SummaryMap.GlobalEndpointTokenVersion], [1500, 10, 2048, 1]);
    });

    it('generates and reads last-accessed reports and lists the policies granting a service', async () => {
      const userArn = `arn:aws:iam::${ACCOUNT_ID}:user/exported`;
      // The CLI's own requests as root are in the trail too; the report counts only the user's.
      const job = (await ok<{ JobId: string }>(['iam', 'generate-service-last-accessed-details', '--arn', userArn, '--granularity', 'ACTION_LEVEL'])).JobId;
      assert.match(job, /^[0-9a-f-]{36}$/);
      type Report = { JobStatus: string; JobType: string; ServicesLastAccessed: { ServiceNamespace: string; TotalAuthenticatedEntities: number; TrackedActionsLastAccessed?: unknown[] }[] };
      const report = await ok<Report>(['iam', 'get-service-last-accessed-details', '--job-id', job]);
      assert.deepEqual([report.JobStatus, report.JobType], ['COMPLETED', 'ACTION_LEVEL']);
      assert.deepEqual(report.ServicesLastAccessed.map((s) => [s.ServiceNamespace, s.TotalAuthenticatedEntities]), [['iam', 0], ['s3', 0]]);
      const entities = await ok<{ EntityDetailsList: { EntityInfo: { Name: string; Type: string } }[] }>(['iam', 'get-service-last-accessed-details-with-entities', '--job-id', job, '--service-namespace', 'iam']);
      assert.deepEqual(entities.EntityDetailsList.map((e) => [e.EntityInfo.Name, e.EntityInfo.Type]), [['exported', 'USER']]);
      const granting = await ok<{ PoliciesGrantingServiceAccess: { ServiceNamespace: string; Policies: { PolicyName: string; PolicyType: string }[] }[] }>([
        'iam',
        'list-policies-granting-service-access',
        '--arn',
        userArn,
        '--service-namespaces',
        'iam',
        's3',
      ]);
      assert.deepEqual(
        granting.PoliciesGrantingServiceAccess.map((e) => [e.ServiceNamespace, e.Policies.map((p) => [p.PolicyName, p.PolicyType])]),
        [
          ['iam', [['inline', 'INLINE']]],
          ['s3', [['exported-managed', 'MANAGED']]],
        ],
      );
      await fails(
        ['iam', 'generate-organizations-access-report', '--entity-path', 'o-a1b2c3d4e5/r-f6g7'],
        op('GenerateOrganizationsAccessReport', 'Organizations access reports are available only to the management account of an organization with service control policies enabled.'),
      );
    });
  });
}
