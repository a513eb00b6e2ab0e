/**
 * Organizations policies through the AWS SDK for JavaScript v3: SCPs and RCPs validated by the
 * policy engine, the AWS managed FullAWSAccess and RCPFullAWSAccess attached by default once their
 * type is enabled, attach/detach with their limits, policy types on the root, and tags on roots,
 * OUs, accounts and policies; each error as AWS answers it, with its Reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';
const MALFORMED = { code: 'MalformedPolicyDocumentException', message: 'The provided policy document does not meet the requirements of the specified policy type.', status: 400 };
const denyCreateUser = policyDocument({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' });

function reason(err: unknown): string | undefined {
  return (err as { Reason?: string }).Reason;
}

describe('Organizations: policies, policy types and tags', () => {
  let gh: GatehouseFixture;
  let org: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  let ouId: string;
  let accountId: string;

  before(async () => {
    gh = await startFixture();
    org = gh.organizations;
    orgId = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    ouId = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    const request = (await org.send(new CreateAccountCommand({ AccountName: 'prod', Email: 'prod@example.com' }))).CreateAccountStatus!.Id!;
    accountId = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request }))).CreateAccountStatus!.AccountId!;
  });
  after(() => gh.close());

  const ids = async (targetId: string, filter: PolicyType): Promise<string[]> =>
    ((await org.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: filter }))).Policies ?? []).map((p) => p.Id!).sort();

  it('lists FullAWSAccess, AWS managed, with AWS\'s ARN and document', async () => {
    const policies = (await org.send(new ListPoliciesCommand({ Filter: SCP }))).Policies;
    assert.deepEqual(policies, [
      {
        Id: 'p-FullAWSAccess',
        Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
        Name: 'FullAWSAccess',
        Description: 'Allows access to every operation',
        Type: SCP,
        AwsManaged: true,
      },
    ]);
    const full = (await org.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy;
    assert.deepEqual(JSON.parse(full?.Content ?? ''), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const rcps = (await org.send(new ListPoliciesCommand({ Filter: RCP }))).Policies ?? [];
    assert.deepEqual(rcps.map((p) => [p.Id, p.Arn]), [['p-RCPFullAWSAccess', 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess']]);
  });

  let denyId: string;

  it('creates, describes, updates and lists an SCP', async () => {
    const created = (await org.send(new CreatePolicyCommand({ Name: 'DenyCreateUser', Description: 'no new users', Type: SCP, Content: denyCreateUser }))).Policy;
    denyId = created!.PolicySummary!.Id!;
    assert.match(denyId, /^p-[a-z0-9]{8}$/);
    assert.deepEqual(created, {
      PolicySummary: {
        Id: denyId,
        Arn: `arn:aws:organizations::${ACCOUNT_ID}:policy/${orgId}/service_control_policy/${denyId}`,
        Name: 'DenyCreateUser',
        Description: 'no new users',
        Type: SCP,
        AwsManaged: false,
      },
      Content: denyCreateUser,
    });
    assert.deepEqual((await org.send(new DescribePolicyCommand({ PolicyId: denyId }))).Policy, created);
    const updated = (await org.send(new UpdatePolicyCommand({ PolicyId: denyId, Description: 'still no new users' }))).Policy;
    assert.equal(updated?.PolicySummary?.Description, 'still no new users');
    assert.equal(updated?.Content, denyCreateUser);
    assert.deepEqual(((await org.send(new ListPoliciesCommand({ Filter: SCP }))).Policies ?? []).map((p) => p.Name), ['FullAWSAccess', 'DenyCreateUser']);
    await rejectsWithAws(org.send(new CreatePolicyCommand({ Name: 'DenyCreateUser', Description: '', Type: SCP, Content: denyCreateUser })), {
      code: 'DuplicatePolicyException',
      message: 'A policy with the specified name and type already exists.',
    });
    // One name may serve two types.
    await org.send(new CreatePolicyCommand({ Name: 'DenyCreateUser', Description: '', Type: 'TAG_POLICY', Content: '{"tags":{}}' }));
  });

  it('refuses documents the engine rejects, and documents beyond 5,120 characters', async () => {
    const bad: readonly string[] = [
      'not json',
      '{"Version":"2012-10-17"}',
      policyDocument({ Effect: 'Deny', Action: 'iam:CreateUser' }),
      policyDocument({ Effect: 'Deny', Principal: '*', Action: 'iam:CreateUser', Resource: '*' }),
      policyDocument({ Effect: 'Maybe', Action: 'iam:CreateUser', Resource: '*' }),
      policyDocument({ Effect: 'Deny', Action: 'iam CreateUser', Resource: '*' }),
    ];
    for (const content of bad) {
      const err = await rejectsWithAws(org.send(new CreatePolicyCommand({ Name: 'bad', Description: '', Type: SCP, Content: content })), MALFORMED);
      assert.equal(reason(err), undefined);
    }
    const big = policyDocument({ Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `iam:Action${i}`), Resource: '*' });
    const err = await rejectsWithAws(org.send(new CreatePolicyCommand({ Name: 'big', Description: '', Type: SCP, Content: big })), {
      code: 'ConstraintViolationException',
      message: 'You have exceeded the maximum policy size.',
    });
    assert.equal(reason(err), 'POLICY_CONTENT_LIMIT_EXCEEDED');
    // Every character counts in an SCP, white space included (IAM's quotas leave it out).
    const padded = JSON.stringify(JSON.parse(denyCreateUser), null, 2).replace('{', `{${' '.repeat(5120)}`);
    const spaces = await rejectsWithAws(org.send(new CreatePolicyCommand({ Name: 'padded', Description: '', Type: SCP, Content: padded })), { code: 'ConstraintViolationException', message: 'You have exceeded the maximum policy size.' });
    assert.equal(reason(spaces), 'POLICY_CONTENT_LIMIT_EXCEEDED');
    await rejectsWithAws(org.send(new UpdatePolicyCommand({ PolicyId: denyId, Content: 'not json' })), MALFORMED);
    await rejectsWithAws(org.send(new CreatePolicyCommand({ Name: 'tags', Description: '', Type: 'TAG_POLICY', Content: '{' })), MALFORMED);
  });

  it('refuses RCPs that allow or name a principal other than "*"', async () => {
    await rejectsWithAws(org.send(new CreatePolicyCommand({ Name: 'allow', Description: '', Type: RCP, Content: policyDocument({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }) })), MALFORMED);
    await rejectsWithAws(
      org.send(new CreatePolicyCommand({ Name: 'someone', Description: '', Type: RCP, Content: policyDocument({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 's3:*', Resource: '*' }) })),
      MALFORMED,
    );
    const ok = (await org.send(new CreatePolicyCommand({ Name: 'deny-plain-http', Description: '', Type: RCP, Content: policyDocument({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) }))).Policy;
    assert.equal(ok?.PolicySummary?.Type, RCP);
  });

  it('attaches only policies of enabled types', async () => {
    await rejectsWithAws(org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: accountId })), {
      code: 'PolicyTypeNotEnabledException',
      message: 'This operation can be performed only for enabled policy types.',
    });
    await rejectsWithAws(org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP })), {
      code: 'PolicyTypeNotEnabledException',
      message: 'This operation can be performed only for enabled policy types.',
    });
  });

  it('enables SCPs: FullAWSAccess goes on the root, every OU and every account, and on those created later', async () => {
    const root = (await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }))).Root;
    assert.deepEqual(root?.PolicyTypes, [{ Type: SCP, Status: 'ENABLED' }]);
    for (const target of [rootId, ouId, accountId, ACCOUNT_ID]) assert.deepEqual(await ids(target, SCP), ['p-FullAWSAccess'], target);
    const later = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: ouId, Name: 'Later' }))).OrganizationalUnit!.Id!;
    assert.deepEqual(await ids(later, SCP), ['p-FullAWSAccess']);
    const targets = (await org.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Targets ?? [];
    assert.deepEqual(targets.map((t) => t.TargetId).sort(), [rootId, ouId, later, accountId, ACCOUNT_ID].sort());
    const rootTarget = targets.find((t) => t.TargetId === rootId);
    assert.deepEqual(rootTarget, { TargetId: rootId, Arn: `arn:aws:organizations::${ACCOUNT_ID}:root/${orgId}/${rootId}`, Name: 'Root', Type: 'ROOT' });
    assert.equal(targets.find((t) => t.TargetId === accountId)?.Type, 'ACCOUNT');
    assert.equal(targets.find((t) => t.TargetId === ouId)?.Name, 'Workloads');
    await rejectsWithAws(org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP })), {
      code: 'PolicyTypeAlreadyEnabledException',
      message: 'The specified policy type is already enabled.',
    });
    await rejectsWithAws(org.send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: RCP })), {
      code: 'RootNotFoundException',
      message: "You specified a root that doesn't exist.",
    });
  });

  it('attaches and detaches SCPs within AWS\'s limits', async () => {
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: ouId }));
    assert.deepEqual(await ids(ouId, SCP), ['p-FullAWSAccess', denyId].sort());
    // AWS answers a second attachment with the duplicate-name sentence (recorded).
    await rejectsWithAws(org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: ouId })), {
      code: 'DuplicatePolicyAttachmentException',
      message: 'A policy with the specified name and type already exists.',
    });
    await rejectsWithAws(org.send(new DeletePolicyCommand({ PolicyId: denyId })), {
      code: 'PolicyInUseException',
      message: 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    });
    await rejectsWithAws(org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: '999999999999' })), { code: 'TargetNotFoundException', message: "You specified a target that doesn't exist." });
    await rejectsWithAws(org.send(new AttachPolicyCommand({ PolicyId: 'p-zzzzzzzz', TargetId: ouId })), { code: 'PolicyNotFoundException', message: "You specified a policy that doesn't exist." });
    await rejectsWithAws(org.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: accountId })), {
      code: 'PolicyNotAttachedException',
      message: "The policy isn't attached to the specified target in the specified root.",
    });
    // Three more make five on the OU; a sixth is refused.
    for (let i = 0; i < 3; i++) {
      const id = (await org.send(new CreatePolicyCommand({ Name: `filler-${i}`, Description: '', Type: SCP, Content: denyCreateUser }))).Policy!.PolicySummary!.Id!;
      await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: ouId }));
    }
    const sixth = (await org.send(new CreatePolicyCommand({ Name: 'sixth', Description: '', Type: SCP, Content: denyCreateUser }))).Policy!.PolicySummary!.Id!;
    const full = await rejectsWithAws(org.send(new AttachPolicyCommand({ PolicyId: sixth, TargetId: ouId })), {
      code: 'ConstraintViolationException',
      message: 'You have attached the maximum number of policies to the specified target.',
    });
    assert.equal(reason(full), 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    // The last SCP of a target stays.
    await org.send(new AttachPolicyCommand({ PolicyId: sixth, TargetId: accountId }));
    await org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: accountId }));
    const last = await rejectsWithAws(org.send(new DetachPolicyCommand({ PolicyId: sixth, TargetId: accountId })), {
      code: 'ConstraintViolationException',
      message: 'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
    });
    assert.equal(reason(last), 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    await org.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: accountId }));
    await org.send(new DetachPolicyCommand({ PolicyId: sixth, TargetId: accountId }));
    await org.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: ouId }));
    await org.send(new DeletePolicyCommand({ PolicyId: sixth }));
    await rejectsWithAws(org.send(new DescribePolicyCommand({ PolicyId: sixth })), { code: 'PolicyNotFoundException', message: "You specified a policy that doesn't exist." });
  });

  it('keeps AWS managed policies immutable', async () => {
    for (const send of [
      () => org.send(new DeletePolicyCommand({ PolicyId: 'p-FullAWSAccess' })),
      () => org.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'Mine' })),
      () => org.send(new TagResourceCommand({ ResourceId: 'p-FullAWSAccess', Tags: [{ Key: 'k', Value: 'v' }] })),
    ]) {
      const err = await rejectsWithAws(send(), { code: 'InvalidInputException', message: "You specified a policy that is managed by Amazon Web Services and can't be modified." });
      assert.equal(reason(err), 'IMMUTABLE_POLICY');
    }
  });

  it('enables RCPs with RCPFullAWSAccess everywhere, which cannot be detached', async () => {
    const root = (await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP }))).Root;
    assert.deepEqual(root?.PolicyTypes?.map((t) => t.Type).sort(), [RCP, SCP]);
    for (const target of [rootId, ouId, accountId]) assert.deepEqual(await ids(target, RCP), ['p-RCPFullAWSAccess'], target);
    const err = await rejectsWithAws(org.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: accountId })), {
      code: 'InvalidInputException',
      message: "You can't detach this Amazon Web Services Managed Policy.",
    });
    assert.equal(reason(err), 'NON_DETACHABLE_POLICY');
  });

  it('disabling a policy type detaches every policy of that type', async () => {
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: accountId }));
    const root = (await org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }))).Root;
    assert.deepEqual(root?.PolicyTypes, [{ Type: RCP, Status: 'ENABLED' }]);
    for (const target of [rootId, ouId, accountId]) assert.deepEqual(await ids(target, SCP), [], target);
    assert.deepEqual((await org.send(new ListTargetsForPolicyCommand({ PolicyId: denyId }))).Targets, []);
    assert.deepEqual(await ids(accountId, RCP), ['p-RCPFullAWSAccess']);
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }));
    assert.deepEqual(await ids(accountId, SCP), ['p-FullAWSAccess']);
  });

  it('tags roots, OUs, accounts and policies', async () => {
    for (const resource of [rootId, ouId, accountId, denyId]) {
      await org.send(new TagResourceCommand({ ResourceId: resource, Tags: [{ Key: 'team', Value: 'core' }, { Key: 'cost', Value: '1' }] }));
      await org.send(new TagResourceCommand({ ResourceId: resource, Tags: [{ Key: 'cost', Value: '2' }] }));
      await org.send(new UntagResourceCommand({ ResourceId: resource, TagKeys: ['team', 'absent'] }));
      assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: resource }))).Tags, [{ Key: 'cost', Value: '2' }], resource);
    }
    assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: 'p-FullAWSAccess' }))).Tags, []);
    await rejectsWithAws(org.send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })), { code: 'TargetNotFoundException', message: "You specified a target that doesn't exist." });
    const dup = await rejectsWithAws(org.send(new TagResourceCommand({ ResourceId: ouId, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] })), {
      code: 'InvalidInputException',
      message: 'Tag keys must be unique among the tags attached to the same entity.',
    });
    assert.equal(reason(dup), 'DUPLICATE_TAG_KEY');
    const system = await rejectsWithAws(org.send(new TagResourceCommand({ ResourceId: ouId, Tags: [{ Key: 'aws:owner', Value: 'x' }] })), { code: 'InvalidInputException', message: /system tag/ });
    assert.equal(reason(system), 'INVALID_SYSTEM_TAGS_PARAMETER');
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const limit = await rejectsWithAws(org.send(new TagResourceCommand({ ResourceId: ouId, Tags: many })), {
      code: 'ConstraintViolationException',
      message: 'You have exceeded the number of tags allowed on this resource.',
    });
    assert.equal(reason(limit), 'MAX_TAG_LIMIT_EXCEEDED');
    // Tags given at creation.
    const tagged = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Tagged', Tags: [{ Key: 'env', Value: 'test' }] }))).OrganizationalUnit!.Id!;
    assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: tagged }))).Tags, [{ Key: 'env', Value: 'test' }]);
  });
});

describe('Organizations: an organization with consolidated billing only', () => {
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture();
  });
  after(() => gh.close());

  it('cannot use policy types', async () => {
    const org = gh.organizations;
    const created = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }))).Organization;
    assert.equal(created?.FeatureSet, 'CONSOLIDATED_BILLING');
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const unavailable = { code: 'PolicyTypeNotAvailableForOrganizationException', message: "You can't use the specified policy type with the feature set currently enabled for this organization." };
    await rejectsWithAws(org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP })), unavailable);
    await rejectsWithAws(org.send(new CreatePolicyCommand({ Name: 'x', Description: '', Type: SCP, Content: denyCreateUser })), unavailable);
  });
});
