/**
 * `gatehouse explain` against Gatehouse: the policies read through IAM with the AWS SDK, the
 * engine's decision with the deciding statement shown as it stands and its failing part marked,
 * each failing condition with the request's value beside the policy's, `--context` changing the
 * answer, and a request from the audit trail (`--request-id`, `--last-denied`) made by a real client.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListRolesCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { policyDocument } from '../support/aws-assertions.js';
import { runExplain, parseContext, type ExplainOptions, type TrailExplainReport } from '../../src/cli/explain-command.js';

let gh: GatehouseFixture;
let alice: UserCredentials;
const principal = `arn:aws:iam::${ACCOUNT_ID}:user/alice`;

function explainAs(o: Partial<ExplainOptions>): ReturnType<typeof runExplain> {
  return runExplain({ endpoint: gh.url, credentials: gh.root, colour: false, ...o });
}

describe('gatehouse explain', () => {
  before(async () => {
    gh = await startFixture();
    alice = await createUserWithKey(gh.iam, 'alice');
    await gh.iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'p',
        PolicyDocument: policyDocument(
          { Sid: 'ReadWithMfa', Effect: 'Allow', Action: 'iam:List*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
          { Sid: 'NoRoles', Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' },
        ),
      }),
    );
  });
  after(() => gh.close());

  it('names the deciding Deny, grouped by policy type, marked in its document, with the smallest fix', async () => {
    const { report, output } = await explainAs({ principal, action: 'iam:ListRoles' });
    assert.equal(report.decision, 'ExplicitDeny');
    assert.equal(report.message, `User: ${principal} is not authorized to perform: iam:ListRoles on resource: * with an explicit deny in an identity-based policy`);
    assert.deepEqual(report.groups.map((g) => g.policyType), ['identity-based policies']);
    const deny = report.groups[0]!.policies[0]!.statements.find((s) => s.statement === 'NoRoles')!;
    assert.equal(deny.deciding, true);
    assert.deepEqual(deny.document, { Sid: 'NoRoles', Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' });
    assert.equal(report.fix?.kind, 'remove-deny');
    assert.match(output, /^ *> {3}"Effect": "Deny",/m);
    assert.match(output, /^ *> {3}"Action": "iam:ListRoles",/m);
    assert.doesNotMatch(output, /\u001b\[/, 'plain when not on a terminal');
    assert.ok(report.calls.every((c) => /^(Get|List|Describe)/.test(c.operation)));
  });

  it('shows a failing condition with the request\'s value beside the policy\'s; --context changes the answer', async () => {
    const { report, output } = await explainAs({ principal, action: 'iam:ListUsers', context: ['aws:MultiFactorAuthPresent=false'] });
    assert.equal(report.decision, 'ImplicitDeny');
    assert.deepEqual(
      report.failingConditions.map((c) => ({ statement: c.statement, key: c.key, request: c.requestValues, policy: c.policyValues })),
      [{ statement: 'ReadWithMfa', key: 'aws:MultiFactorAuthPresent', request: ['false'], policy: ['true'] }],
    );
    assert.match(output, /request: false {4}policy: true/);
    assert.match(output, /^ *> {7}"aws:MultiFactorAuthPresent": "true" {4}← /m);
    const allowed = await explainAs({ principal, action: 'iam:ListUsers', context: ['aws:MultiFactorAuthPresent=true'] });
    assert.equal(allowed.report.decision, 'Allow');
    assert.equal(allowed.report.fix, null);
    const coloured = await explainAs({ principal, action: 'iam:ListRoles', colour: true });
    assert.match(coloured.output, /\u001b\[31m/);
  });

  it('explains a request from the audit trail: --last-denied and --request-id', async () => {
    const client = gh.iamAs(alice);
    let requestId = '';
    try {
      await client.send(new ListUsersCommand({}));
      assert.fail('allowed');
    } catch (err) {
      requestId = (err as { $metadata: { requestId: string } }).$metadata.requestId;
    }
    const last = (await explainAs({ lastDenied: true })).report as TrailExplainReport;
    assert.equal(last.trail.requestId, requestId);
    assert.equal(last.decision, 'ImplicitDeny');
    assert.equal(last.request.action, 'iam:ListUsers');
    assert.equal(last.failingConditions[0]?.key, 'aws:MultiFactorAuthPresent');
    // As recorded: a request signed with a long-term access key carries no aws:MultiFactorAuthPresent.
    assert.equal(last.failingConditions[0]?.requestValues, undefined);
    assert.match(last.failingConditions[0]?.why ?? '', /not in the request/);
    await assert.rejects(client.send(new ListRolesCommand({})));
    const byId = (await explainAs({ requestId, json: true }));
    assert.equal((byId.report as TrailExplainReport).trail.requestId, requestId);
    assert.equal((JSON.parse(byId.output) as TrailExplainReport).trail.requestId, requestId);
    await assert.rejects(explainAs({ requestId: 'no-such-request' }), /no request no-such-request/);
  });

  it('reads --context pairs, a key given twice being multi-valued', () => {
    assert.deepEqual(parseContext(['a=1', 'b=x=y', 'a=2']), { a: ['1', '2'], b: 'x=y' });
    assert.throws(() => parseContext(['novalue']), /KEY=VALUE/);
  });
});
