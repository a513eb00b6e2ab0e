import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { policySize } from '../../policy/index.js';
import { ACCOUNT, NOW, awsError, call, context, openTestStore, type TestStore } from './test-context.js';
import { IAM_QUOTAS } from './quotas.js';

/** An identity policy of exactly `size` characters without white space (IAM's count). */
function identityPolicyOfSize(size: number): string {
  const head = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::';
  const tail = '"}]}';
  const doc = `${head}${'a'.repeat(size - head.length - tail.length)}${tail}`;
  assert.equal(policySize(doc), size);
  return doc;
}

/** A trust policy of exactly `size` characters without white space. */
function trustPolicyOfSize(size: number): string {
  const head = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"';
  const tail = '"}}}]}';
  const doc = `${head}${'x'.repeat(size - head.length - tail.length)}${tail}`;
  assert.equal(policySize(doc), size);
  return doc;
}

const spaced = (doc: string): string => doc.replace(/,/g, ',   \n\t');

void describe('IAM quotas', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  /** Fills a collection up to its quota with stored records, without going through the API. */
  async function fill(count: number, put: (i: number) => Promise<void>): Promise<void> {
    for (let i = 0; i < count; i++) await put(i);
  }

  void it('refuses the 5,001st user, 301st group, 1,001st role and 1,501st policy with AWS\'s words', async () => {
    const full = await openTestStore();
    try {
      await accountAtQuotas(full);
    } finally {
      await full.close();
    }
  });

  async function accountAtQuotas(store: TestStore): Promise<void> {
    const ctx = context(store.store);
    const now = NOW.toISOString().replace(/\.\d+Z$/, 'Z');
    const id = (prefix: string, i: number): string => `${prefix}FILLER${String(i).padStart(13, '0')}`;
    await store.store.transaction(async (tx) => {
      await fill(5000, (i) => tx.users.put({ AccountId: ACCOUNT, Path: '/', UserName: `u${i}`, UserId: id('AIDA', i), Arn: `arn:aws:iam::${ACCOUNT}:user/u${i}`, CreateDate: now, Tags: [] }));
      await fill(300, (i) => tx.groups.put({ AccountId: ACCOUNT, Path: '/', GroupName: `g${i}`, GroupId: id('AGPA', i), Arn: `arn:aws:iam::${ACCOUNT}:group/g${i}`, CreateDate: now }));
      await fill(1000, (i) =>
        tx.roles.put({ AccountId: ACCOUNT, Path: '/', RoleName: `r${i}`, RoleId: id('AROA', i), Arn: `arn:aws:iam::${ACCOUNT}:role/r${i}`, CreateDate: now, AssumeRolePolicyDocument: '{}', MaxSessionDuration: 3600, Tags: [] }),
      );
      await fill(1500, (i) =>
        tx.policies.put({ AccountId: ACCOUNT, PolicyName: `p${i}`, PolicyId: id('ANPA', i), Arn: `arn:aws:iam::${ACCOUNT}:policy/p${i}`, Path: '/', DefaultVersionId: 'v1', IsAttachable: true, CreateDate: now, UpdateDate: now, Tags: [] }),
      );
    });
    await assert.rejects(call(ctx, 'CreateUser', { UserName: 'one-more' }), awsError('LimitExceeded', 'Cannot exceed quota for UsersPerAccount: 5000'));
    await assert.rejects(call(ctx, 'CreateGroup', { GroupName: 'one-more' }), awsError('LimitExceeded', 'Cannot exceed quota for GroupsPerAccount: 300'));
    const trust = trustPolicyOfSize(200);
    await assert.rejects(call(ctx, 'CreateRole', { RoleName: 'one-more', AssumeRolePolicyDocument: trust }), awsError('LimitExceeded', 'Cannot exceed quota for RolesPerAccount: 1000'));
    await assert.rejects(call(ctx, 'CreatePolicy', { PolicyName: 'one-more', PolicyDocument: identityPolicyOfSize(200) }), awsError('LimitExceeded', 'Cannot exceed quota for PoliciesPerAccount: 1500'));
    // Nothing was written by the refused calls, and the summary counts what exists.
    const summary = (await call(ctx, 'GetAccountSummary')).SummaryMap as Record<string, number>;
    assert.deepEqual([summary.Users, summary.Groups, summary.Roles, summary.Policies], [5000, 300, 1000, 1500]);
    // One fewer, and creating works again.
    await store.store.transaction(async (tx) => {
      await tx.users.delete(id('AIDA', 0));
      await tx.policies.delete(id('ANPA', 0));
    });
    await call(ctx, 'CreateUser', { UserName: 'one-more' });
    await call(ctx, 'CreatePolicy', { PolicyName: 'one-more', PolicyDocument: identityPolicyOfSize(200) });
  }

  void it('refuses a policy version beyond the 10,000 versions in use in the account', async () => {
    const t2 = await openTestStore();
    try {
      const ctx = context(t2.store);
      await t2.store.transaction(async (tx) => {
        await fill(10000, (i) => tx.policyVersions.put({ AccountId: ACCOUNT, PolicyId: `ANPAVERSIONS${String(i).padStart(9, '0')}`, VersionId: 'v1', Document: '{}', CreateDate: '2024-01-01T00:00:00Z' }));
      });
      await assert.rejects(call(ctx, 'CreatePolicy', { PolicyName: 'p', PolicyDocument: identityPolicyOfSize(200) }), awsError('LimitExceeded', 'Cannot exceed quota for PolicyVersionsInUse: 10000'));
    } finally {
      await t2.close();
    }
  });

  void it('refuses an 11th attached policy with PoliciesPerUser, PoliciesPerGroup and PoliciesPerRole', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'holder-u' });
    await call(ctx, 'CreateGroup', { GroupName: 'holder-g' });
    await call(ctx, 'CreateRole', { RoleName: 'holder-r', AssumeRolePolicyDocument: trustPolicyOfSize(200) });
    const policies = ['ReadOnlyAccess', 'IAMReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEC2ReadOnlyAccess', 'AmazonSQSReadOnlyAccess', 'AmazonSNSReadOnlyAccess', 'AmazonRDSReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess', 'CloudWatchReadOnlyAccess', 'AWSLambda_ReadOnlyAccess', 'AmazonVPCReadOnlyAccess'];
    const cases = [
      ['AttachUserPolicy', { UserName: 'holder-u' }, 'PoliciesPerUser'],
      ['AttachGroupPolicy', { GroupName: 'holder-g' }, 'PoliciesPerGroup'],
      ['AttachRolePolicy', { RoleName: 'holder-r' }, 'PoliciesPerRole'],
    ] as const;
    for (const [operation, holder, quota] of cases) {
      for (const name of policies.slice(0, 10)) await call(ctx, operation, { ...holder, PolicyArn: `arn:aws:iam::aws:policy/${name}` });
      // Attaching one already attached changes nothing and is no refusal.
      await call(ctx, operation, { ...holder, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
      await assert.rejects(call(ctx, operation, { ...holder, PolicyArn: `arn:aws:iam::aws:policy/${policies[10]}` }), awsError('LimitExceeded', `Cannot exceed quota for ${quota}: 10`));
    }
  });

  void it('counts policy sizes without white space: managed 6,144, trust 2,048, inline 2,048 / 5,120 / 10,240', async () => {
    const ctx = context(t.store);
    // Managed policies, on CreatePolicy and CreatePolicyVersion.
    await assert.rejects(call(ctx, 'CreatePolicy', { PolicyName: 'big', PolicyDocument: identityPolicyOfSize(6145) }), awsError('LimitExceeded', 'Cannot exceed quota for PolicySize: 6144'));
    const arn = ((await call(ctx, 'CreatePolicy', { PolicyName: 'big', PolicyDocument: spaced(identityPolicyOfSize(6144)) })).Policy as Record<string, string>).Arn ?? '';
    await assert.rejects(call(ctx, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: identityPolicyOfSize(6145) }), awsError('LimitExceeded', 'Cannot exceed quota for PolicySize: 6144'));
    // A malformed document is refused as malformed before its size is counted.
    await assert.rejects(call(ctx, 'CreatePolicy', { PolicyName: 'bad', PolicyDocument: `{"Version":"2012-10-17","Statement":[]${' '.repeat(7000)}}` }), { code: 'MalformedPolicyDocument' });
    // Role trust policies, on CreateRole and UpdateAssumeRolePolicy.
    await assert.rejects(call(ctx, 'CreateRole', { RoleName: 'trusting', AssumeRolePolicyDocument: trustPolicyOfSize(2049) }), awsError('LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048'));
    await call(ctx, 'CreateRole', { RoleName: 'trusting', AssumeRolePolicyDocument: spaced(trustPolicyOfSize(2048)) });
    await assert.rejects(call(ctx, 'UpdateAssumeRolePolicy', { RoleName: 'trusting', PolicyDocument: trustPolicyOfSize(2049) }), awsError('LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048'));
    // Inline policies: the holder's policies together.
    await call(ctx, 'CreateUser', { UserName: 'ann' });
    await call(ctx, 'PutUserPolicy', { UserName: 'ann', PolicyName: 'a', PolicyDocument: spaced(identityPolicyOfSize(1024)) });
    await call(ctx, 'PutUserPolicy', { UserName: 'ann', PolicyName: 'b', PolicyDocument: identityPolicyOfSize(1024) });
    await assert.rejects(call(ctx, 'PutUserPolicy', { UserName: 'ann', PolicyName: 'c', PolicyDocument: identityPolicyOfSize(200) }), awsError('LimitExceeded', 'Maximum policy size of 2048 bytes exceeded for user ann'));
    // Replacing a policy counts the new document instead of the old one.
    await call(ctx, 'PutUserPolicy', { UserName: 'ann', PolicyName: 'b', PolicyDocument: identityPolicyOfSize(1000) });
    await call(ctx, 'CreateGroup', { GroupName: 'grp' });
    await assert.rejects(call(ctx, 'PutGroupPolicy', { GroupName: 'grp', PolicyName: 'g', PolicyDocument: identityPolicyOfSize(5121) }), awsError('LimitExceeded', 'Maximum policy size of 5120 bytes exceeded for group grp'));
    await call(ctx, 'PutGroupPolicy', { GroupName: 'grp', PolicyName: 'g', PolicyDocument: identityPolicyOfSize(5120) });
  });

  void it('reports every quota of the table in GetAccountSummary, with the STS token version', async () => {
    const summary = (await call(context(t.store), 'GetAccountSummary')).SummaryMap as Record<string, number>;
    for (const q of Object.values(IAM_QUOTAS)) assert.equal(summary[q.summaryKey], q.limit, q.summaryKey);
    assert.deepEqual(
      {
        UsersQuota: summary.UsersQuota,
        GroupsQuota: summary.GroupsQuota,
        RolesQuota: summary.RolesQuota,
        PoliciesQuota: summary.PoliciesQuota,
        PolicyVersionsInUseQuota: summary.PolicyVersionsInUseQuota,
        VersionsPerPolicyQuota: summary.VersionsPerPolicyQuota,
        AttachedPoliciesPerUserQuota: summary.AttachedPoliciesPerUserQuota,
        AttachedPoliciesPerGroupQuota: summary.AttachedPoliciesPerGroupQuota,
        AttachedPoliciesPerRoleQuota: summary.AttachedPoliciesPerRoleQuota,
        GroupsPerUserQuota: summary.GroupsPerUserQuota,
        AccessKeysPerUserQuota: summary.AccessKeysPerUserQuota,
        SigningCertificatesPerUserQuota: summary.SigningCertificatesPerUserQuota,
        UserPolicySizeQuota: summary.UserPolicySizeQuota,
        GroupPolicySizeQuota: summary.GroupPolicySizeQuota,
        RolePolicySizeQuota: summary.RolePolicySizeQuota,
        PolicySizeQuota: summary.PolicySizeQuota,
        AssumeRolePolicySizeQuota: summary.AssumeRolePolicySizeQuota,
        InstanceProfilesQuota: summary.InstanceProfilesQuota,
        ServerCertificatesQuota: summary.ServerCertificatesQuota,
        GlobalEndpointTokenVersion: summary.GlobalEndpointTokenVersion,
      },
      // Recorded GetAccountSummary output (default quotas).
      {
        UsersQuota: 5000,
        GroupsQuota: 300,
        RolesQuota: 1000,
        PoliciesQuota: 1500,
        PolicyVersionsInUseQuota: 10000,
        VersionsPerPolicyQuota: 5,
        AttachedPoliciesPerUserQuota: 10,
        AttachedPoliciesPerGroupQuota: 10,
        AttachedPoliciesPerRoleQuota: 10,
        GroupsPerUserQuota: 10,
        AccessKeysPerUserQuota: 2,
        SigningCertificatesPerUserQuota: 2,
        UserPolicySizeQuota: 2048,
        GroupPolicySizeQuota: 5120,
        RolePolicySizeQuota: 10240,
        PolicySizeQuota: 6144,
        AssumeRolePolicySizeQuota: 2048,
        InstanceProfilesQuota: 1000,
        ServerCertificatesQuota: 20,
        GlobalEndpointTokenVersion: 1,
      },
    );
  });
});
