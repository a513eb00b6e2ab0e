import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsError, call, context, openTestStore, type TestStore } from './test-context.js';
import { awsManagedPolicies } from './aws-managed-policies.js';

const doc = (action: string): string => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}`;
const ARN = 'arn:aws:iam::123456789012:policy/team/s3-read';

void describe('IAM managed policies and versions', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('creates a policy with v1 as default and refuses a duplicate name', async () => {
    const ctx = context(t.store);
    const policy = (await call(ctx, 'CreatePolicy', { PolicyName: 's3-read', Path: '/team/', PolicyDocument: doc('s3:Get*') })).Policy as Record<string, unknown>;
    assert.equal(policy.Arn, ARN);
    assert.match(String(policy.PolicyId), /^ANPA/);
    assert.equal(policy.DefaultVersionId, 'v1');
    assert.equal(policy.AttachmentCount, 0);
    assert.equal(policy.IsAttachable, true);
    await assert.rejects(
      call(ctx, 'CreatePolicy', { PolicyName: 's3-read', PolicyDocument: doc('s3:Get*') }),
      awsError('EntityAlreadyExists', 'A policy called s3-read already exists. Duplicate names are not allowed.'),
    );
    await assert.rejects(call(ctx, 'CreatePolicy', { PolicyName: 'bad', PolicyDocument: '{"Statement":[]' }), { code: 'MalformedPolicyDocument' });
    const v1 = (await call(ctx, 'GetPolicyVersion', { PolicyArn: ARN, VersionId: 'v1' })).PolicyVersion as Record<string, unknown>;
    assert.equal(decodeURIComponent(String(v1.Document)), doc('s3:Get*'));
    assert.equal(v1.IsDefaultVersion, true);
  });

  void it('keeps at most 5 versions, switches the default, and protects the default version', async () => {
    const ctx = context(t.store);
    for (let i = 2; i <= 5; i++) {
      const v = (await call(ctx, 'CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: doc(`s3:Get${i}`), SetAsDefault: i === 3 })).PolicyVersion as Record<string, unknown>;
      assert.equal(v.VersionId, `v${i}`);
      assert.equal(v.IsDefaultVersion, i === 3);
    }
    await assert.rejects(
      call(ctx, 'CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: doc('s3:Get6') }),
      awsError('LimitExceeded', 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.'),
    );
    const listed = await call(ctx, 'ListPolicyVersions', { PolicyArn: ARN });
    const versions = listed.Versions as Record<string, unknown>[];
    assert.deepEqual(versions.map((v) => v.VersionId), ['v5', 'v4', 'v3', 'v2', 'v1']);
    assert.deepEqual(versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId), ['v3']);
    assert.ok(versions.every((v) => v.Document === undefined));

    await assert.rejects(call(ctx, 'DeletePolicyVersion', { PolicyArn: ARN, VersionId: 'v3' }), awsError('DeleteConflict', 'Cannot delete the default version of a policy.'));
    await assert.rejects(
      call(ctx, 'SetDefaultPolicyVersion', { PolicyArn: ARN, VersionId: 'v9' }),
      awsError('NoSuchEntity', `Policy ${ARN} version v9 does not exist or is not attachable.`),
    );
    await call(ctx, 'SetDefaultPolicyVersion', { PolicyArn: ARN, VersionId: 'v5' });
    assert.equal(((await call(ctx, 'GetPolicy', { PolicyArn: ARN })).Policy as Record<string, unknown>).DefaultVersionId, 'v5');
  });

  void it('refuses to delete a policy that is attached or has other versions', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'holder' });
    await call(ctx, 'AttachUserPolicy', { UserName: 'holder', PolicyArn: ARN });
    assert.equal(((await call(ctx, 'GetPolicy', { PolicyArn: ARN })).Policy as Record<string, unknown>).AttachmentCount, 1);
    await assert.rejects(call(ctx, 'DeletePolicy', { PolicyArn: ARN }), awsError('DeleteConflict', 'Cannot delete a policy attached to entities.'));
    await call(ctx, 'DetachUserPolicy', { UserName: 'holder', PolicyArn: ARN });
    await assert.rejects(
      call(ctx, 'DeletePolicy', { PolicyArn: ARN }),
      awsError('DeleteConflict', "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."),
    );
    for (const v of ['v1', 'v2', 'v3', 'v4']) await call(ctx, 'DeletePolicyVersion', { PolicyArn: ARN, VersionId: v });
    await call(ctx, 'DeletePolicy', { PolicyArn: ARN });
    await assert.rejects(call(ctx, 'GetPolicy', { PolicyArn: ARN }), awsError('NoSuchEntity', `Policy ${ARN} was not found.`));
    await assert.rejects(call(ctx, 'GetPolicy', { PolicyArn: 'not-an-arn' }), awsError('InvalidInput', 'ARN not-an-arn is not valid.'));
  });

  void it('lists AWS and local policies by scope, attachment and path, in pages', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreatePolicy', { PolicyName: 'local-a', PolicyDocument: doc('s3:*') });
    await call(ctx, 'CreatePolicy', { PolicyName: 'local-b', Path: '/x/', PolicyDocument: doc('s3:*') });
    const local = await call(ctx, 'ListPolicies', { Scope: 'Local' });
    assert.deepEqual((local.Policies as Record<string, unknown>[]).map((p) => p.PolicyName), ['local-a', 'local-b']);
    const aws = await call(ctx, 'ListPolicies', { Scope: 'AWS' });
    assert.ok((aws.Policies as Record<string, unknown>[]).some((p) => p.Arn === 'arn:aws:iam::aws:policy/AdministratorAccess'));
    const underX = await call(ctx, 'ListPolicies', { PathPrefix: '/x/' });
    assert.deepEqual((underX.Policies as Record<string, unknown>[]).map((p) => p.PolicyName), ['local-b']);

    await call(ctx, 'AttachUserPolicy', { UserName: 'holder', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    const attached = await call(ctx, 'ListPolicies', { OnlyAttached: true });
    assert.deepEqual((attached.Policies as Record<string, unknown>[]).map((p) => p.PolicyName), ['IAMReadOnlyAccess']);

    const all: string[] = [];
    let marker: string | undefined;
    do {
      const page = await call(ctx, 'ListPolicies', { MaxItems: 500, ...(marker === undefined ? {} : { Marker: marker }) });
      all.push(...(page.Policies as Record<string, unknown>[]).map((p) => String(p.PolicyName)));
      marker = page.Marker as string | undefined;
    } while (marker !== undefined);
    assert.equal(all.length, awsManagedPolicies().policies.length + 2);
    assert.deepEqual(all, [...all].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));

    const awsVersion = (await call(ctx, 'GetPolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' }))
      .PolicyVersion as Record<string, unknown>;
    assert.deepEqual(JSON.parse(decodeURIComponent(String(awsVersion.Document))), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['*'], Resource: '*' }],
    });
  });
});
