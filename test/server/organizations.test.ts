/**
 * AWS Organizations through the AWS SDK for JavaScript v3: the organization and its root, OUs and
 * the tree's navigation, accounts created with their own root credentials and access role, moving
 * and removing accounts, deleting the organization; who may call what, and AWS's errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DeleteOrganizationalUnitCommand,
  DeleteOrganizationCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  RemoveAccountFromOrganizationCommand,
  UpdateOrganizationalUnitCommand,
  type CreateAccountStatus,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateUserCommand, GetRoleCommand, GetRolePolicyCommand, GetUserCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ACCOUNT_ID, createUserWithKey, memberRootCredentials, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const NOT_IN_USE = { code: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.', status: 400 };
const MANAGEMENT_ONLY = { code: 'AccessDeniedException', message: "You don't have permissions to access this resource." };

/** Creates an account and waits for it, as clients poll DescribeCreateAccountStatus. */
async function createAccount(org: OrganizationsClient, name: string, email = `${name}@example.com`, roleName?: string): Promise<string> {
  const created = await org.send(new CreateAccountCommand({ AccountName: name, Email: email, ...(roleName === undefined ? {} : { RoleName: roleName }) }));
  const id = created.CreateAccountStatus?.Id;
  assert.ok(id !== undefined);
  for (let i = 0; i < 10; i++) {
    const status: CreateAccountStatus | undefined = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }))).CreateAccountStatus;
    if (status?.State === 'SUCCEEDED' && status.AccountId !== undefined) return status.AccountId;
    assert.equal(status?.State, 'IN_PROGRESS', `account ${name}: ${JSON.stringify(status)}`);
  }
  assert.fail(`account ${name} was not created`);
}

describe('Organizations: organization, OUs and accounts', () => {
  let gh: GatehouseFixture;
  let org: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  before(async () => {
    gh = await startFixture();
    org = gh.organizations;
  });
  after(() => gh.close());

  it('answers AWSOrganizationsNotInUseException before an organization exists', async () => {
    await rejectsWithAws(org.send(new DescribeOrganizationCommand({})), NOT_IN_USE);
    await rejectsWithAws(org.send(new ListRootsCommand({})), NOT_IN_USE);
    await rejectsWithAws(org.send(new ListAccountsCommand({})), NOT_IN_USE);
  });

  it('creates the organization with all features, the caller\'s account as its management account', async () => {
    const created = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization;
    assert.ok(created?.Id !== undefined);
    orgId = created.Id;
    assert.match(orgId, /^o-[a-z0-9]{10}$/);
    assert.equal(created.Arn, `arn:aws:organizations::${ACCOUNT_ID}:organization/${orgId}`);
    assert.equal(created.FeatureSet, 'ALL');
    assert.equal(created.MasterAccountId, ACCOUNT_ID);
    assert.equal(created.MasterAccountArn, `arn:aws:organizations::${ACCOUNT_ID}:account/${orgId}/${ACCOUNT_ID}`);
    assert.match(created.MasterAccountEmail ?? '', /@/);
    assert.deepEqual((await org.send(new DescribeOrganizationCommand({}))).Organization, created);
    await rejectsWithAws(org.send(new CreateOrganizationCommand({})), {
      code: 'AlreadyInOrganizationException',
      message: 'The provided account is already a member of an organization.',
      status: 400,
    });
  });

  it('has one root, with no policy type enabled yet', async () => {
    const roots = (await org.send(new ListRootsCommand({}))).Roots ?? [];
    assert.equal(roots.length, 1);
    rootId = roots[0]!.Id!;
    assert.match(rootId, /^r-[a-z0-9]{4}$/);
    assert.deepEqual(roots[0], { Id: rootId, Arn: `arn:aws:organizations::${ACCOUNT_ID}:root/${orgId}/${rootId}`, Name: 'Root', PolicyTypes: [] });
  });

  it('creates, describes, renames and lists OUs, and walks the tree', async () => {
    const eng = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Engineering' }))).OrganizationalUnit;
    assert.match(eng?.Id ?? '', new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    assert.equal(eng?.Arn, `arn:aws:organizations::${ACCOUNT_ID}:ou/${orgId}/${eng?.Id}`);
    const team = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: eng.Id!, Name: 'Team' }))).OrganizationalUnit!;
    await rejectsWithAws(org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Engineering' })), {
      code: 'DuplicateOrganizationalUnitException',
      message: 'An OU with the same name already exists.',
      status: 400,
    });
    // The same name under another parent is fine.
    await org.send(new CreateOrganizationalUnitCommand({ ParentId: eng.Id!, Name: 'Engineering' }));
    const renamed = (await org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: team.Id!, Name: 'Platform' }))).OrganizationalUnit;
    assert.equal(renamed?.Name, 'Platform');
    assert.deepEqual((await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: team.Id! }))).OrganizationalUnit, renamed);
    const underRoot = (await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))).OrganizationalUnits ?? [];
    assert.deepEqual(underRoot.map((o) => o.Name), ['Engineering']);
    const children = (await org.send(new ListChildrenCommand({ ParentId: eng.Id!, ChildType: 'ORGANIZATIONAL_UNIT' }))).Children ?? [];
    assert.equal(children.length, 2);
    assert.ok(children.every((c) => c.Type === 'ORGANIZATIONAL_UNIT'));
    assert.deepEqual((await org.send(new ListParentsCommand({ ChildId: team.Id! }))).Parents, [{ Id: eng.Id, Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual((await org.send(new ListParentsCommand({ ChildId: eng.Id! }))).Parents, [{ Id: rootId, Type: 'ROOT' }]);
    await rejectsWithAws(org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: eng.Id! })), {
      code: 'OrganizationalUnitNotEmptyException',
      message: 'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
    });
  });

  it('answers the not-found errors of the tree', async () => {
    const missingOu = `ou-${rootId.slice(2)}-zzzzzzzz`;
    await rejectsWithAws(org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: missingOu })), {
      code: 'OrganizationalUnitNotFoundException',
      message: "You specified an organizational unit that doesn't exist.",
    });
    await rejectsWithAws(org.send(new ListChildrenCommand({ ParentId: 'r-zzzz', ChildType: 'ACCOUNT' })), {
      code: 'ParentNotFoundException',
      message: "You specified parent that doesn't exist.",
    });
    await rejectsWithAws(org.send(new CreateOrganizationalUnitCommand({ ParentId: missingOu, Name: 'x' })), { code: 'ParentNotFoundException', message: "You specified parent that doesn't exist." });
    await rejectsWithAws(org.send(new ListParentsCommand({ ChildId: '999999999999' })), { code: 'ChildNotFoundException', message: "You specified a child that doesn't exist." });
    await rejectsWithAws(org.send(new DescribeAccountCommand({ AccountId: '999999999999' })), { code: 'AccountNotFoundException', message: "You specified an account that doesn't exist." });
  });

  it('nests OUs at most five deep', async () => {
    let parent = rootId;
    for (let depth = 1; depth <= 5; depth++) parent = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `level-${depth}` }))).OrganizationalUnit!.Id!;
    const err = await rejectsWithAws(org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'level-6' })), {
      code: 'ConstraintViolationException',
      message: 'You attempted to create an OU tree that is too many levels deep.',
    });
    assert.equal((err as { Reason?: string }).Reason, 'OU_DEPTH_LIMIT_EXCEEDED');
  });

  let devId: string;
  let devRoot: AwsCredentialIdentity;

  it('creates an account: IN_PROGRESS first, then SUCCEEDED with its ID, under the root', async () => {
    const created = (await org.send(new CreateAccountCommand({ AccountName: 'dev', Email: 'dev@example.com' }))).CreateAccountStatus;
    assert.match(created?.Id ?? '', /^car-[a-z0-9]{32}$/);
    assert.equal(created?.State, 'IN_PROGRESS');
    assert.equal(created?.AccountName, 'dev');
    assert.equal(created?.AccountId, undefined);
    const status = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.Id! }))).CreateAccountStatus;
    assert.equal(status?.State, 'SUCCEEDED');
    assert.match(status?.AccountId ?? '', /^\d{12}$/);
    assert.ok(status?.CompletedTimestamp instanceof Date);
    devId = status.AccountId!;
    const account = (await org.send(new DescribeAccountCommand({ AccountId: devId }))).Account;
    assert.equal(account?.Arn, `arn:aws:organizations::${ACCOUNT_ID}:account/${orgId}/${devId}`);
    assert.equal(account?.Name, 'dev');
    assert.equal(account?.Email, 'dev@example.com');
    assert.equal(account?.Status, 'ACTIVE');
    assert.equal(account?.JoinedMethod, 'CREATED');
    const ids = ((await org.send(new ListAccountsCommand({}))).Accounts ?? []).map((a) => a.Id).sort();
    assert.deepEqual(ids, [ACCOUNT_ID, devId].sort());
    const underRoot = ((await org.send(new ListAccountsForParentCommand({ ParentId: rootId }))).Accounts ?? []).map((a) => a.Id).sort();
    assert.deepEqual(underRoot, [ACCOUNT_ID, devId].sort());
    assert.deepEqual((await org.send(new ListParentsCommand({ ChildId: devId }))).Parents, [{ Id: rootId, Type: 'ROOT' }]);
  });

  it('fails a CreateAccount with an e-mail address already in use, as the request status says', async () => {
    const created = (await org.send(new CreateAccountCommand({ AccountName: 'again', Email: 'DEV@example.com' }))).CreateAccountStatus!;
    assert.equal(created.State, 'IN_PROGRESS');
    const status = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.Id! }))).CreateAccountStatus;
    assert.equal(status?.State, 'FAILED');
    assert.equal(status?.FailureReason, 'EMAIL_ALREADY_EXISTS');
    assert.equal(status?.AccountId, undefined);
    const failed = (await org.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }))).CreateAccountStatuses ?? [];
    assert.deepEqual(failed.map((s) => s.Id), [created.Id]);
    const all = (await org.send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses ?? [];
    assert.equal(all.length, 2);
    await rejectsWithAws(org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-0000000000' })), {
      code: 'CreateAccountStatusNotFoundException',
      message: "You specified a create account request that doesn't exist.",
    });
  });

  it('writes the new account\'s root credentials as profile gatehouse-<account ID>, and IAM works in the account with them', async () => {
    const file = readFileSync(gh.server.credentialsFile, 'utf8');
    assert.match(file, /^\[gatehouse\]$/m);
    assert.match(file, new RegExp(`^\\[gatehouse-${devId}\\]$`, 'm'));
    devRoot = await memberRootCredentials(gh.server.credentialsFile, devId);
    assert.match(devRoot.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    const iam = gh.iamAs(devRoot);
    assert.equal((await iam.send(new GetUserCommand({}))).User?.Arn, `arn:aws:iam::${devId}:root`);
    const user = (await iam.send(new CreateUserCommand({ UserName: 'builder' }))).User;
    assert.equal(user?.Arn, `arn:aws:iam::${devId}:user/builder`);
    // The management account does not see the member account's users.
    await rejectsWithAws(gh.iam.send(new GetUserCommand({ UserName: 'builder' })), { code: 'NoSuchEntity', message: 'The user with name builder cannot be found.' });
    // An IAM user of the member account, with its own key, is authorized in its own account.
    const alice = await createUserWithKey(iam, 'alice');
    assert.equal(alice.arn, `arn:aws:iam::${devId}:user/alice`);
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    assert.equal((await gh.iamAs(alice).send(new GetUserCommand({}))).User?.UserName, 'alice');
    await rejectsWithAws(gh.iamAs(alice).send(new CreateUserCommand({ UserName: 'bob' })), {
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${devId}:user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${devId}:user/bob because no identity-based policy allows the iam:CreateUser action`,
    });
  });

  it('sets up OrganizationAccountAccessRole in the new account, trusting the management account, with administrator permissions', async () => {
    const iam = gh.iamAs(devRoot);
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }))).Role;
    assert.equal(role?.Arn, `arn:aws:iam::${devId}:role/OrganizationAccountAccessRole`);
    assert.match(role?.RoleId ?? '', /^AROA/);
    assert.deepEqual(JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? '')), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }],
    });
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'OrganizationAccountAccessRole' }))).PolicyNames, ['AdministratorAccess']);
    const inline = await iam.send(new GetRolePolicyCommand({ RoleName: 'OrganizationAccountAccessRole', PolicyName: 'AdministratorAccess' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(inline.PolicyDocument ?? '')), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'OrganizationAccountAccessRole' }))).AttachedPolicies, []);
  });

  it('names the access role as the request says', async () => {
    const opsId = await createAccount(org, 'ops', 'ops@example.com', 'AdminAccess');
    const iam = gh.iamAs(await memberRootCredentials(gh.server.credentialsFile, opsId));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'AdminAccess' }))).Role?.Arn, `arn:aws:iam::${opsId}:role/AdminAccess`);
    await rejectsWithAws(iam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' })), {
      code: 'NoSuchEntity',
      message: 'The role with name OrganizationAccountAccessRole cannot be found.',
    });
    const err = await rejectsWithAws(org.send(new CreateAccountCommand({ AccountName: 'bad', Email: 'bad@example.com', RoleName: 'AWSServiceRoleForThing' })), {
      code: 'InvalidInputException',
      message: "You provided a role name that isn't valid. A role name can't begin with the reserved prefix AWSServiceRoleFor.",
    });
    assert.equal((err as { Reason?: string }).Reason, 'INVALID_ROLE_NAME');
  });

  it('lets a member account describe the organization and nothing else', async () => {
    const member = gh.organizationsAs(devRoot);
    assert.equal((await member.send(new DescribeOrganizationCommand({}))).Organization?.Id, orgId);
    await rejectsWithAws(member.send(new ListAccountsCommand({})), MANAGEMENT_ONLY);
    await rejectsWithAws(member.send(new ListRootsCommand({})), MANAGEMENT_ONLY);
    await rejectsWithAws(member.send(new DescribeAccountCommand({ AccountId: devId })), MANAGEMENT_ONLY);
    await rejectsWithAws(member.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com' })), MANAGEMENT_ONLY);
    await rejectsWithAws(member.send(new CreateOrganizationCommand({})), {
      code: 'AlreadyInOrganizationException',
      message: 'The provided account is already a member of an organization.',
    });
  });

  it('moves an account between the root and OUs', async () => {
    const target = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' }))).OrganizationalUnit!.Id!;
    await org.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: rootId, DestinationParentId: target }));
    assert.deepEqual((await org.send(new ListParentsCommand({ ChildId: devId }))).Parents, [{ Id: target, Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual(((await org.send(new ListAccountsForParentCommand({ ParentId: target }))).Accounts ?? []).map((a) => a.Id), [devId]);
    assert.deepEqual(((await org.send(new ListChildrenCommand({ ParentId: target, ChildType: 'ACCOUNT' }))).Children ?? []).map((c) => c.Id), [devId]);
    await rejectsWithAws(org.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: target, DestinationParentId: target })), {
      code: 'DuplicateAccountException',
      message: 'That account is already present in the specified destination.',
    });
    await rejectsWithAws(org.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: target, DestinationParentId: `ou-${rootId.slice(2)}-zzzzzzzz` })), {
      code: 'DestinationParentNotFoundException',
      message: "You specified a destination parent that doesn't exist.",
    });
    await rejectsWithAws(org.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: 'r-zzzz', DestinationParentId: rootId })), {
      code: 'SourceParentNotFoundException',
      message: "You specified a source parent that doesn't exist.",
    });
    await rejectsWithAws(org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: target })), { code: 'OrganizationalUnitNotEmptyException', message: /not empty/ });
    await org.send(new MoveAccountCommand({ AccountId: devId, SourceParentId: target, DestinationParentId: rootId }));
    await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: target }));
    await rejectsWithAws(org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: target })), { code: 'OrganizationalUnitNotFoundException', message: /doesn't exist/ });
  });

  it('removes member accounts, which stay usable as standalone accounts; the management account cannot leave', async () => {
    await rejectsWithAws(org.send(new RemoveAccountFromOrganizationCommand({ AccountId: ACCOUNT_ID })), {
      code: 'MasterCannotLeaveOrganizationException',
      message:
        "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    });
    await rejectsWithAws(org.send(new DeleteOrganizationCommand({})), {
      code: 'OrganizationNotEmptyException',
      message: 'To delete an organization you must first remove all member accounts (except the master).',
    });
    for (const account of (await org.send(new ListAccountsCommand({}))).Accounts ?? []) {
      if (account.Id !== ACCOUNT_ID) await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: account.Id }));
    }
    await rejectsWithAws(org.send(new DescribeAccountCommand({ AccountId: devId })), { code: 'AccountNotFoundException', message: "You specified an account that doesn't exist." });
    // The removed account keeps its IAM and its root credentials, outside the organization.
    assert.equal((await gh.iamAs(devRoot).send(new GetUserCommand({ UserName: 'builder' }))).User?.UserName, 'builder');
    await rejectsWithAws(gh.organizationsAs(devRoot).send(new DescribeOrganizationCommand({})), NOT_IN_USE);
  });

  it('deletes the organization once only the management account is left', async () => {
    await org.send(new DeleteOrganizationCommand({}));
    await rejectsWithAws(org.send(new DescribeOrganizationCommand({})), NOT_IN_USE);
    // And can create a new one, with a new ID and an empty tree.
    const again = (await org.send(new CreateOrganizationCommand({}))).Organization;
    assert.notEqual(again?.Id, orgId);
    const newRoot = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    assert.deepEqual((await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: newRoot }))).OrganizationalUnits, []);
    assert.deepEqual(((await org.send(new ListAccountsCommand({}))).Accounts ?? []).map((a) => a.Id), [ACCOUNT_ID]);
  });
});

describe('Organizations: IAM authorization of its actions', () => {
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture();
  });
  after(() => gh.close());

  it('authorizes each action on the resource ARN of the service authorization reference, with AWS\'s denial message', async () => {
    const org = gh.organizations;
    const orgId = (await org.send(new CreateOrganizationCommand({}))).Organization!.Id!;
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const open = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Open' }))).OrganizationalUnit!.Id!;
    const closed = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Closed' }))).OrganizationalUnit!.Id!;
    const carol = await createUserWithKey(gh.iam, 'carol');
    const asCarol = gh.organizationsAs(carol);
    await rejectsWithAws(asCarol.send(new DescribeAccountCommand({ AccountId: ACCOUNT_ID })), {
      code: 'AccessDeniedException',
      message: `User: ${carol.arn} is not authorized to perform: organizations:DescribeAccount on resource: arn:aws:organizations::${ACCOUNT_ID}:account/${orgId}/${ACCOUNT_ID} because no identity-based policy allows the organizations:DescribeAccount action`,
      status: 403,
    });
    await rejectsWithAws(asCarol.send(new ListAccountsCommand({})), {
      code: 'AccessDeniedException',
      message: `User: ${carol.arn} is not authorized to perform: organizations:ListAccounts because no identity-based policy allows the organizations:ListAccounts action`,
    });
    await gh.iam.send(
      new PutUserPolicyCommand({
        UserName: 'carol',
        PolicyName: 'one-ou',
        PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'organizations:DescribeOrganizationalUnit', Resource: `arn:aws:organizations::${ACCOUNT_ID}:ou/${orgId}/${open}` }),
      }),
    );
    assert.equal((await asCarol.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: open }))).OrganizationalUnit?.Name, 'Open');
    await rejectsWithAws(asCarol.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: closed })), {
      code: 'AccessDeniedException',
      message: `User: ${carol.arn} is not authorized to perform: organizations:DescribeOrganizationalUnit on resource: arn:aws:organizations::${ACCOUNT_ID}:ou/${orgId}/${closed} because no identity-based policy allows the organizations:DescribeOrganizationalUnit action`,
    });
  });
});

describe('Organizations: member accounts across a restart', () => {
  it('keeps member accounts, and writes back their root profiles when the credentials file lost them', async () => {
    const first = await startFixture();
    await first.organizations.send(new CreateOrganizationCommand({}));
    const memberId = await createAccount(first.organizations, 'kept');
    const original = await memberRootCredentials(first.server.credentialsFile, memberId);
    await first.close(true);
    rmSync(first.server.credentialsFile);
    const second = await startFixture({ dataDir: first.dataDir });
    try {
      const restored = await memberRootCredentials(second.server.credentialsFile, memberId);
      assert.equal(restored.accessKeyId, original.accessKeyId);
      assert.equal((await second.iamAs(restored).send(new GetUserCommand({}))).User?.Arn, `arn:aws:iam::${memberId}:root`);
      assert.equal((await second.organizations.send(new DescribeAccountCommand({ AccountId: memberId }))).Account?.Name, 'kept');
    } finally {
      await second.close();
    }
  });
});
