/**
 * The organization's guardrails as the server's authorization receives them: SCP levels from the
 * root through the OUs to the account, RCP levels for resources of member accounts of the
 * services RCPs cover, the management account exempt, the organization's condition keys, and the
 * cache following the store's changes. Decided by the engine, as the endpoint does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WireRecord } from '../../aws/wire-value.js';
import { explainBrief, parsePolicy, type PolicySet, type RequestContext } from '../../policy/index.js';
import type { Caller, OperationContext } from '../operation.js';
import { ACCOUNT, NOW, context, openTestStore, rootCaller, type TestStore } from '../iam/test-context.js';
import { organizationsOperations } from './index.js';
import { OrganizationPolicies, organizationConditionKeys, withGuardrails, type AccountGuardrails, type CompilePolicy } from './organization-policies.js';

const compile: CompilePolicy = (kind, id, text) => {
  const parsed = parsePolicy(text, kind, id);
  return parsed.ok ? parsed.policy : undefined;
};

const operations = organizationsOperations({ saveRootCredentials: () => undefined });

async function call(store: TestStore['store'], operation: string, input: WireRecord = {}, caller: Caller = rootCaller): Promise<WireRecord> {
  const op = operations.get(operation);
  if (op === undefined) throw new Error(`no operation ${operation}`);
  const ctx: OperationContext = { ...context(store, caller, NOW), accountId: caller.accountId };
  await op.authorize(input, ctx);
  return op.handler(input, ctx);
}

const deny = (action: string, principal?: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', ...(principal === undefined ? {} : { Principal: principal }), Action: action, Resource: '*' }] });

function request(principalAccount: string, action: string, resource: string, resourceAccount?: string): RequestContext {
  return {
    principal: { type: 'root', arn: `arn:aws:iam::${principalAccount}:root`, accountId: principalAccount },
    action,
    resource,
    ...(resourceAccount === undefined ? {} : { resourceAccount }),
    context: {},
  };
}

describe('organization guardrails', () => {
  let t: TestStore;
  let guardrails: OrganizationPolicies;
  let rootId: string;
  let ouId: string;
  let member: string;
  let other: string;
  let scpId: string;

  before(async () => {
    t = await openTestStore();
    await t.store.transaction((tx) =>
      tx.accounts.put({ Id: ACCOUNT, Arn: '', Name: 'management', Email: 'root@example.com', Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: '2024-01-01T00:00:00Z' }),
    );
    guardrails = new OrganizationPolicies(t.store, { propagationDelayMs: 0, compile });
  });
  after(async () => {
    guardrails.close();
    await t.close();
  });

  it('knows no guardrails before an organization exists', async () => {
    assert.equal(await guardrails.forAccount(ACCOUNT), undefined);
    const set: PolicySet = {};
    const limited = await guardrails.limit(set, ACCOUNT, ACCOUNT, 'iam:CreateUser');
    assert.equal(limited.set, set);
    assert.equal(limited.keys, undefined);
  });

  it('gives every account of the organization its path; no SCP or RCP levels until their types are enabled', async () => {
    await call(t.store, 'CreateOrganization');
    rootId = ((await call(t.store, 'ListRoots')).Roots as WireRecord[])[0]!.Id as string;
    ouId = ((await call(t.store, 'CreateOrganizationalUnit', { ParentId: rootId, Name: 'Apps' })).OrganizationalUnit as WireRecord).Id as string;
    const created = async (name: string): Promise<string> => {
      const status = (await call(t.store, 'CreateAccount', { AccountName: name, Email: `${name}@example.com` })).CreateAccountStatus as WireRecord;
      return ((await call(t.store, 'DescribeCreateAccountStatus', { CreateAccountRequestId: status.Id })).CreateAccountStatus as WireRecord).AccountId as string;
    };
    member = await created('member');
    other = await created('other');
    await call(t.store, 'MoveAccount', { AccountId: member, SourceParentId: rootId, DestinationParentId: ouId });
    const orgId = ((await call(t.store, 'DescribeOrganization')).Organization as WireRecord).Id as string;
    const g = await guardrails.forAccount(member);
    assert.deepEqual(g, { organizationId: orgId, managementAccount: false, orgPath: `${orgId}/${rootId}/${ouId}/`, scps: undefined, rcps: undefined });
    assert.equal((await guardrails.forAccount(ACCOUNT))?.managementAccount, true);
    assert.equal(await guardrails.forAccount('999999999999'), undefined);
  });

  it('gives an account one SCP level per step from the root, and none to the management account', async () => {
    await call(t.store, 'EnablePolicyType', { RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' });
    scpId = (((await call(t.store, 'CreatePolicy', { Name: 'no-users', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: deny('iam:CreateUser') })).Policy as WireRecord).PolicySummary as WireRecord).Id as string;
    await call(t.store, 'AttachPolicy', { PolicyId: scpId, TargetId: ouId });
    const g = (await guardrails.forAccount(member))!;
    assert.deepEqual(
      g.scps?.map((level) => level.map((p) => p.id.slice(p.id.lastIndexOf('/') + 1)).sort()),
      [['p-FullAWSAccess'], ['p-FullAWSAccess', scpId].sort(), ['p-FullAWSAccess']],
    );
    assert.equal((await guardrails.forAccount(ACCOUNT))?.scps, undefined);
    const limited = await guardrails.limit({}, member, member, 'iam:CreateUser');
    const denied = explainBrief(limited.set, request(member, 'iam:CreateUser', `arn:aws:iam::${member}:user/x`));
    assert.equal(denied.decision, 'ExplicitDeny');
    assert.equal(denied.message, `User: arn:aws:iam::${member}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${member}:user/x with an explicit deny in a service control policy`);
    // The account in the root only has the root's level and its own.
    assert.equal(explainBrief((await guardrails.limit({}, other, other, 'iam:CreateUser')).set, request(other, 'iam:CreateUser', `arn:aws:iam::${other}:user/x`)).decision, 'Allow');
    assert.equal(explainBrief((await guardrails.limit({}, ACCOUNT, ACCOUNT, 'iam:CreateUser')).set, request(ACCOUNT, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`)).decision, 'Allow');
  });

  it('applies RCPs to resources of member accounts for the services RCPs cover, not to IAM, not to the management account', async () => {
    await call(t.store, 'EnablePolicyType', { RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' });
    const rcpId = (((await call(t.store, 'CreatePolicy', { Name: 'no-assume', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: deny('sts:AssumeRole', '*') })).Policy as WireRecord).PolicySummary as WireRecord).Id as string;
    await call(t.store, 'AttachPolicy', { PolicyId: rcpId, TargetId: rootId });
    const roleIn = (account: string): string => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;
    // The management account's principal assumes a role in a member account: the member's RCPs apply.
    const onMember = await guardrails.limit({}, ACCOUNT, other, 'sts:AssumeRole');
    assert.equal(onMember.set.rcps?.length, 2);
    const denied = explainBrief(onMember.set, request(ACCOUNT, 'sts:AssumeRole', roleIn(other), other));
    assert.equal(denied.decision, 'ExplicitDeny');
    assert.equal(denied.message, `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${roleIn(other)} with an explicit deny in a resource control policy`);
    // Resources of the management account are exempt.
    assert.equal((await guardrails.limit({}, other, ACCOUNT, 'sts:AssumeRole')).set.rcps, undefined);
    // IAM is not a service RCPs cover.
    assert.equal((await guardrails.limit({}, ACCOUNT, other, 'iam:GetRole')).set.rcps, undefined);
  });

  it('names the organization in aws:PrincipalOrgID / aws:PrincipalOrgPaths and aws:ResourceOrgID / aws:ResourceOrgPaths', async () => {
    const m = (await guardrails.forAccount(member))!;
    const o = (await guardrails.forAccount(other))!;
    assert.deepEqual(organizationConditionKeys(m, o), {
      'aws:PrincipalOrgID': m.organizationId,
      'aws:PrincipalOrgPaths': [m.orgPath],
      'aws:ResourceOrgID': o.organizationId,
      'aws:ResourceOrgPaths': [o.orgPath],
    });
    assert.deepEqual((await guardrails.limit({}, member, '999999999999', 'iam:GetUser')).keys, { 'aws:PrincipalOrgID': m.organizationId, 'aws:PrincipalOrgPaths': [m.orgPath] });
  });

  it('sees the store\'s changes: a detached SCP stops applying', async () => {
    await call(t.store, 'DetachPolicy', { PolicyId: scpId, TargetId: ouId });
    const g = (await guardrails.forAccount(member))!;
    assert.ok(g.scps?.every((level) => level.every((p) => p.id.endsWith('p-FullAWSAccess'))));
  });
});

describe('withGuardrails', () => {
  const level = [compile('scp', 'full', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }))!];
  const g = (management: boolean): AccountGuardrails => ({ organizationId: 'o-example', managementAccount: management, orgPath: 'o-example/r-ab12/', scps: management ? undefined : [level], rcps: management ? undefined : [level] });

  it('leaves a set alone when neither side has guardrails', () => {
    const set: PolicySet = { identity: [] };
    assert.equal(withGuardrails(set, undefined, undefined, 'iam:GetUser'), set);
    assert.equal(withGuardrails(set, g(true), g(true), 's3:GetObject'), set);
  });

  it('adds the principal\'s SCPs for every action and the resource\'s RCPs for RCP services only', () => {
    assert.deepEqual(withGuardrails({}, g(false), g(false), 'iam:GetUser'), { scps: [level], principalInManagementAccount: false });
    assert.deepEqual(withGuardrails({}, g(true), g(false), 'S3:GetObject'), { rcps: [level], resourceInManagementAccount: false });
    assert.deepEqual(withGuardrails({}, g(false), g(false), 'kms:Decrypt'), { scps: [level], principalInManagementAccount: false, rcps: [level], resourceInManagementAccount: false });
  });
});
