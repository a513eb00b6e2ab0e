/**
 * STS through the AWS SDK for JavaScript v3: GetCallerIdentity for every principal kind, AssumeRole
 * (trust and identity policies, ExternalId, durations and role chaining, session policies, session
 * tags and transitive tags, source identity), GetSessionToken, GetFederationToken,
 * GetAccessKeyInfo, DecodeAuthorizationMessage, and temporary credentials that cannot be forged,
 * altered, or used past their expiry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetUserCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  type Credentials,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, cloudTrailClient, createUserWithKey, startFixture, stsClient, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { rawRequest, signedQueryPost } from '../support/raw-http.js';

const roleArn = (name: string, path = '/'): string => `arn:aws:iam::${ACCOUNT_ID}:role${path}${name}`;
const trustAccount = (...actions: string[]): string => policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: actions.length > 0 ? actions : 'sts:AssumeRole' });
const allowAll = policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' });

function creds(c: Credentials | undefined): AwsCredentialIdentity {
  assert.ok(c?.AccessKeyId !== undefined && c.SecretAccessKey !== undefined && c.SessionToken !== undefined);
  assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.ok(c.Expiration instanceof Date);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

let now = new Date();
let gh: GatehouseFixture;
/** An IAM user allowed everything: AWS lets no root user assume a role. */
let admin: UserCredentials;

async function role(name: string, trust: string, inline?: string, extra: { MaxSessionDuration?: number; Path?: string } = {}): Promise<string> {
  await gh.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, ...extra }));
  if (inline !== undefined) await gh.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: inline }));
  return roleArn(name, extra.Path ?? '/');
}

void describe('STS', () => {
  before(async () => {
    gh = await startFixture({ clock: () => now });
    admin = await createUserWithKey(gh.iam, 'sts-admin');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'sts-admin', PolicyName: 'all', PolicyDocument: allowAll }));
  });
  after(() => gh.close());
  const sts = (c: AwsCredentialIdentity = gh.root, region = 'us-east-1') => stsClient(gh.url, c, region);

  void describe('GetCallerIdentity', () => {
    void it('names the root user, an IAM user, a role session and a federated user', async () => {
      assert.deepEqual(await sts().send(new GetCallerIdentityCommand({})).then(({ UserId, Account, Arn }) => ({ UserId, Account, Arn })), { UserId: ACCOUNT_ID, Account: ACCOUNT_ID, Arn: `arn:aws:iam::${ACCOUNT_ID}:root` });
      const alice = await createUserWithKey(gh.iam, 'gci-alice');
      const asAlice = await sts(alice).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([asAlice.UserId, asAlice.Arn], [alice.userId, alice.arn]);
      const arn = await role('gci-role', trustAccount());
      const assumed = await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'who' }));
      const asRole = await sts(creds(assumed.Credentials)).send(new GetCallerIdentityCommand({}));
      assert.equal(asRole.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/gci-role/who`);
      assert.equal(asRole.UserId, assumed.AssumedRoleUser?.AssumedRoleId);
      assert.match(asRole.UserId ?? '', /^AROA[A-Z2-7]{17}:who$/);
      await gh.iam.send(new PutUserPolicyCommand({ UserName: 'gci-alice', PolicyName: 'fed', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }) }));
      const fed = await sts(alice).send(new GetFederationTokenCommand({ Name: 'bob' }));
      assert.deepEqual(fed.FederatedUser, { FederatedUserId: `${ACCOUNT_ID}:bob`, Arn: `arn:aws:sts::${ACCOUNT_ID}:federated-user/bob` });
      const asFed = await sts(creds(fed.Credentials)).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([asFed.UserId, asFed.Arn], [`${ACCOUNT_ID}:bob`, `arn:aws:sts::${ACCOUNT_ID}:federated-user/bob`]);
    });

    void it('needs no permission and ignores an explicit deny', async () => {
      const carol = await createUserWithKey(gh.iam, 'gci-carol');
      await gh.iam.send(new PutUserPolicyCommand({ UserName: 'gci-carol', PolicyName: 'deny', PolicyDocument: policyDocument({ Effect: 'Deny', Action: '*', Resource: '*' }) }));
      const got = await sts(carol).send(new GetCallerIdentityCommand({}));
      assert.equal(got.Arn, carol.arn);
    });
  });

  void describe('AssumeRole', () => {
    void it('needs both the trust policy and, when the trust names the account, the caller\'s own policy', async () => {
      const arn = await role('ar-account', trustAccount());
      const dave = await createUserWithKey(gh.iam, 'ar-dave');
      await rejectsWithAws(sts(dave).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' })), {
        code: 'AccessDenied',
        message: `User: ${dave.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn} because no identity-based policy allows the sts:AssumeRole action`,
        status: 403,
      });
      await gh.iam.send(new PutUserPolicyCommand({ UserName: 'ar-dave', PolicyName: 'assume', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn }) }));
      const ok = await sts(dave).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' }));
      assert.equal(ok.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ar-account/s1`);
      assert.equal(ok.PackedPolicySize, undefined, 'no session policy or tag: no packed size');
      // A trust policy naming the user itself grants without an identity policy.
      const erin = await createUserWithKey(gh.iam, 'ar-erin');
      const direct = await role('ar-direct', policyDocument({ Effect: 'Allow', Principal: { AWS: erin.arn }, Action: 'sts:AssumeRole' }));
      await sts(erin).send(new AssumeRoleCommand({ RoleArn: direct, RoleSessionName: 's1' }));
    });

    void it('refuses the root user, whatever the trust policy says, after checking the input', async () => {
      const arn = await role('ar-root', trustAccount());
      await rejectsWithAws(sts(gh.root).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' })), { code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.', status: 403 });
      const naming = await role('ar-root-named', policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }));
      await rejectsWithAws(sts(gh.root).send(new AssumeRoleCommand({ RoleArn: naming, RoleSessionName: 's1' })), { code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.' });
      // The root user's own GetSessionToken session is the root user too.
      const rootSession = creds((await sts(gh.root).send(new GetSessionTokenCommand({}))).Credentials);
      await rejectsWithAws(sts(rootSession).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' })), { code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.' });
      await rejectsWithAws(sts(gh.root).send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 's1' })), { code: 'ValidationError', message: 'nothing-valid-in-here is invalid' });
    });

    void it('refuses callers the trust policy does not name, and roles that do not exist, alike', async () => {
      const frank = await createUserWithKey(gh.iam, 'ar-frank');
      await gh.iam.send(new PutUserPolicyCommand({ UserName: 'ar-frank', PolicyName: 'all', PolicyDocument: allowAll }));
      const other = await role('ar-other', policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/someone-else` }, Action: 'sts:AssumeRole' }));
      await rejectsWithAws(sts(frank).send(new AssumeRoleCommand({ RoleArn: other, RoleSessionName: 's1' })), {
        code: 'AccessDenied',
        message: `User: ${frank.arn} is not authorized to perform: sts:AssumeRole on resource: ${other} because no role trust policy allows the sts:AssumeRole action`,
        status: 403,
      });
      const missing = roleArn('ar-does-not-exist');
      await rejectsWithAws(sts(frank).send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 's1' })), {
        code: 'AccessDenied',
        message: `User: ${frank.arn} is not authorized to perform: sts:AssumeRole on resource: ${missing} because no role trust policy allows the sts:AssumeRole action`,
      });
      // Role names in ARNs are matched as written: another case names no role.
      await rejectsWithAws(sts(frank).send(new AssumeRoleCommand({ RoleArn: roleArn('AR-OTHER'), RoleSessionName: 's1' })), { code: 'AccessDenied', message: /because no role trust policy allows/ });
      const denying = await role('ar-deny', policyDocument({ Effect: 'Allow', Principal: { AWS: frank.arn }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: frank.arn }, Action: 'sts:AssumeRole' }));
      await rejectsWithAws(sts(frank).send(new AssumeRoleCommand({ RoleArn: denying, RoleSessionName: 's1' })), {
        code: 'AccessDenied',
        message: `User: ${frank.arn} is not authorized to perform: sts:AssumeRole on resource: ${denying} with an explicit deny in the role trust policy`,
      });
    });

    void it('answers malformed ARNs and session names as AWS does', async () => {
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 'session1' })), { code: 'ValidationError', message: 'nothing-valid-in-here is invalid', status: 400 });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: 'arn::b:::something/test-role', RoleSessionName: 'session1' })), { code: 'ValidationError', message: 'arn::b:::something/test-role is invalid' });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: 'arn:a::::something/test-role', RoleSessionName: 'session1' })), { code: 'ValidationError', message: 'arn:a::::something/test-role is invalid' });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: roleArn('x'), RoleSessionName: 'Session1:2' })), {
        code: 'ValidationError',
        message: "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: roleArn('x'), RoleSessionName: 's'.repeat(65) })), {
        code: 'ValidationError',
        message: `1 validation error detected: Value '${'s'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      });
    });

    void it('checks ExternalId against the trust policy', async () => {
      const arn = await role('ar-external', policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unique-1234' } } }));
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' })), { code: 'AccessDenied', message: /because no role trust policy allows the sts:AssumeRole action$/ });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', ExternalId: 'wrong-id' })), { code: 'AccessDenied', message: /no role trust policy allows/ });
      await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', ExternalId: 'Unique-1234' }));
    });

    void it("keeps durations within the role's maximum, and within an hour when chaining", async () => {
      const arn = await role('ar-duration', trustAccount(), allowAll, { MaxSessionDuration: 7200 });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', DurationSeconds: 7201 })), {
        code: 'ValidationError',
        message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', DurationSeconds: 899 })), { code: 'ValidationError', message: /Member must have value greater than or equal to 900/ });
      const long = await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', DurationSeconds: 7200 }));
      assert.equal(Math.ceil((long.Credentials!.Expiration!.getTime() - now.getTime()) / 1000), 7200);
      const dflt = await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' }));
      assert.equal(Math.ceil((dflt.Credentials!.Expiration!.getTime() - now.getTime()) / 1000), 3600);
      // Role chaining: a role session assuming a role gets an hour at most.
      const chainTarget = await role('ar-chain-target', trustAccount(), undefined, { MaxSessionDuration: 43200 });
      const session = sts(creds(long.Credentials));
      await rejectsWithAws(session.send(new AssumeRoleCommand({ RoleArn: chainTarget, RoleSessionName: 'c1', DurationSeconds: 3601 })), {
        code: 'ValidationError',
        message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      });
      const chained = await session.send(new AssumeRoleCommand({ RoleArn: chainTarget, RoleSessionName: 'c1', DurationSeconds: 3600 }));
      assert.equal(chained.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ar-chain-target/c1`);
    });

    void it('limits the session to the intersection with its session policy', async () => {
      const arn = await role('ar-scoped', trustAccount(), policyDocument({ Effect: 'Allow', Action: ['iam:ListRoles', 'iam:ListUsers'], Resource: '*' }));
      const scoped = await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'scoped', Policy: policyDocument({ Effect: 'Allow', Action: ['iam:ListRoles', 'iam:CreateUser'], Resource: '*' }) }));
      assert.ok((scoped.PackedPolicySize ?? 0) > 0 && (scoped.PackedPolicySize ?? 0) < 100);
      const iam = gh.iamAs(creds(scoped.Credentials));
      await iam.send(new ListRolesCommand({}));
      await rejectsWithAws(iam.send(new ListUsersCommand({})), {
        code: 'AccessDenied',
        message: `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/ar-scoped/scoped is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT_ID}:user/ because no session policy allows the iam:ListUsers action`,
      });
      // The session policy grants nothing the role lacks.
      await rejectsWithAws(iam.send(new GetUserCommand({ UserName: 'nobody' })), { code: 'AccessDenied', message: /because no identity-based policy allows the iam:GetUser action$/ });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', Policy: '{"Version":"2012-10-17","Statement":{"Effect":"Allow"' })), { code: 'MalformedPolicyDocument', message: /./ });
    });

    void it('carries session tags and transitive tags, with AWS\'s checks', async () => {
      const abacAndAssume = policyDocument({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
      const arn = await role('ar-tags', trustAccount('sts:AssumeRole', 'sts:TagSession'), abacAndAssume);
      const untagged = await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'plain' }));
      await rejectsWithAws(gh.iamAs(creds(untagged.Credentials)).send(new ListRolesCommand({})), { code: 'AccessDenied', message: /no identity-based policy allows the iam:ListRoles action$/ });
      const tagged = await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }], TransitiveTagKeys: ['team'] }));
      await gh.iamAs(creds(tagged.Credentials)).send(new ListRolesCommand({}));
      // Chained: the transitive tag comes along, and may not be set again.
      const chained = await sts(creds(tagged.Credentials)).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'chained' }));
      await gh.iamAs(creds(chained.Credentials)).send(new ListRolesCommand({}));
      await rejectsWithAws(sts(creds(tagged.Credentials)).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'c2', Tags: [{ Key: 'TEAM', Value: 'red' }] })), {
        code: 'InvalidParameterValue',
        message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
        status: 400,
      });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), {
        code: 'InvalidParameterValue',
        message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      });
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', Tags: [{ Key: 'a', Value: '1' }], TransitiveTagKeys: ['b'] })), {
        code: 'InvalidParameterValue',
        message: 'The specified transitive tag key must be included in the requested tags.',
      });
      // Tagging needs sts:TagSession in the trust policy.
      const noTagging = await role('ar-no-tagging', trustAccount('sts:AssumeRole'));
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: noTagging, RoleSessionName: 's1', Tags: [{ Key: 'team', Value: 'blue' }] })), {
        code: 'AccessDenied',
        message: `User: ${admin.arn} is not authorized to perform: sts:TagSession on resource: ${noTagging} because no role trust policy allows the sts:TagSession action`,
      });
    });

    void it('needs sts:SetSourceIdentity for a source identity, which then stays with chained sessions', async () => {
      const arn = await role('ar-source', trustAccount('sts:AssumeRole', 'sts:SetSourceIdentity'), allowAll);
      const plain = await role('ar-source-plain', trustAccount('sts:AssumeRole'));
      await rejectsWithAws(sts(admin).send(new AssumeRoleCommand({ RoleArn: plain, RoleSessionName: 's1', SourceIdentity: 'alice' })), { code: 'AccessDenied', message: /sts:SetSourceIdentity on resource: .* because no role trust policy allows the sts:SetSourceIdentity action$/ });
      const first = await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1', SourceIdentity: 'alice' }));
      assert.equal(first.SourceIdentity, 'alice');
      const chained = await sts(creds(first.Credentials)).send(new AssumeRoleCommand({ RoleArn: plain, RoleSessionName: 'c1' }));
      assert.equal(chained.SourceIdentity, 'alice');
    });

    void it("ties a session to the role's ID: a role re-created under the same name lends it nothing", async () => {
      const arn = await role('ar-recreated', trustAccount(), allowAll);
      const session = gh.iamAs(creds((await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' }))).Credentials));
      await session.send(new ListRolesCommand({}));
      await gh.iam.send(new DeleteRolePolicyCommand({ RoleName: 'ar-recreated', PolicyName: 'p' }));
      await gh.iam.send(new DeleteRoleCommand({ RoleName: 'ar-recreated' }));
      await role('ar-recreated', trustAccount(), allowAll);
      await rejectsWithAws(session.send(new ListRolesCommand({})), { code: 'AccessDenied', message: /assumed-role\/ar-recreated\/s1 is not authorized to perform: iam:ListRoles/ });
    });
  });

  void describe('temporary credentials', () => {
    let session: AwsCredentialIdentity;
    before(async () => {
      const arn = await role('tc-role', trustAccount(), allowAll, { MaxSessionDuration: 3600 });
      session = creds((await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'tc', DurationSeconds: 900 }))).Credentials);
    });
    const invalid = { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid', status: 403 } as const;

    void it('refuse a token altered, truncated, missing, or sent with a long-term key', async () => {
      const token = session.sessionToken!;
      const flipped = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
      await rejectsWithAws(sts({ ...session, sessionToken: flipped }).send(new GetCallerIdentityCommand({})), invalid);
      await rejectsWithAws(sts({ ...session, sessionToken: token.slice(0, token.length - 10) }).send(new GetCallerIdentityCommand({})), invalid);
      await rejectsWithAws(sts({ ...session, sessionToken: 'garbage' }).send(new GetCallerIdentityCommand({})), invalid);
      await rejectsWithAws(sts({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }).send(new GetCallerIdentityCommand({})), invalid);
      await rejectsWithAws(sts({ ...gh.root, sessionToken: token }).send(new GetCallerIdentityCommand({})), invalid);
      // The token of one session with another session's key.
      const other = creds((await sts(admin).send(new AssumeRoleCommand({ RoleArn: roleArn('tc-role'), RoleSessionName: 'other' }))).Credentials);
      await rejectsWithAws(sts({ ...other, sessionToken: token }).send(new GetCallerIdentityCommand({})), invalid);
    });

    void it('refuse tokens of another Gatehouse', async () => {
      const elsewhere = await startFixture();
      try {
        await elsewhere.iam.send(new CreateRoleCommand({ RoleName: 'tc-role', AssumeRolePolicyDocument: trustAccount() }));
        const otherAdmin = await createUserWithKey(elsewhere.iam, 'other-admin');
        await elsewhere.iam.send(new PutUserPolicyCommand({ UserName: 'other-admin', PolicyName: 'all', PolicyDocument: allowAll }));
        const foreign = creds((await stsClient(elsewhere.url, otherAdmin).send(new AssumeRoleCommand({ RoleArn: roleArn('tc-role'), RoleSessionName: 'x1' }))).Credentials);
        await rejectsWithAws(sts(foreign).send(new GetCallerIdentityCommand({})), invalid);
      } finally {
        await elsewhere.close();
      }
    });

    void it('expire', async () => {
      const saved = now;
      try {
        now = new Date(saved.getTime() + 901_000);
        // Signed at the server's (moved) time, so that only the token is stale.
        const res = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'GetCallerIdentity' }, { credentials: session, service: 'sts', signingDate: now }));
        assert.equal(res.status, 403);
        assert.match(res.body, /<Code>ExpiredToken<\/Code><Message>The security token included in the request is expired<\/Message>/);
      } finally {
        now = saved;
      }
      const fresh = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'GetCallerIdentity' }, { credentials: session, service: 'sts', signingDate: now }));
      assert.equal(fresh.status, 200);
    });

    void it('are refused by STS regional and global endpoints signed for the wrong region', async () => {
      const global = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'GetCallerIdentity' }, { credentials: gh.root, service: 'sts', region: 'us-west-2', host: 'sts.amazonaws.com' }));
      assert.equal(global.status, 403);
      assert.match(global.body, /<Code>SignatureDoesNotMatch<\/Code><Message>Credential should be scoped to a valid region. <\/Message>/);
      const regional = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'GetCallerIdentity' }, { credentials: gh.root, service: 'sts', region: 'us-east-1', host: 'sts.eu-west-1.amazonaws.com' }));
      assert.equal(regional.status, 403);
      assert.match(regional.body, /Credential should be scoped to a valid region/);
      const right = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'GetCallerIdentity' }, { credentials: gh.root, service: 'sts', region: 'eu-west-1', host: 'sts.eu-west-1.amazonaws.com' }));
      assert.equal(right.status, 200);
      // The plain endpoint takes any region.
      await sts(gh.root, 'ap-southeast-2').send(new GetCallerIdentityCommand({}));
    });
  });

  void describe('GetSessionToken and GetFederationToken', () => {
    void it('GetSessionToken sessions: STS AssumeRole and GetCallerIdentity only, and no IAM without MFA', async () => {
      const gina = await createUserWithKey(gh.iam, 'st-gina');
      await gh.iam.send(new PutUserPolicyCommand({ UserName: 'st-gina', PolicyName: 'all', PolicyDocument: allowAll }));
      const got = await sts(gina).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
      const session = creds(got.Credentials);
      assert.equal(Math.ceil((got.Credentials!.Expiration!.getTime() - now.getTime()) / 1000), 900);
      assert.equal((await sts(session).send(new GetCallerIdentityCommand({}))).Arn, gina.arn);
      await rejectsWithAws(gh.iamAs(session).send(new ListUsersCommand({})), { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid', status: 403 });
      await rejectsWithAws(sts(session).send(new GetSessionTokenCommand({})), { code: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials', status: 403 });
      await rejectsWithAws(sts(session).send(new GetFederationTokenCommand({ Name: 'x1' })), { code: 'AccessDenied', message: 'Cannot call GetFederationToken with session credentials' });
      const arn = await role('st-target', trustAccount());
      await sts(session).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'from-session-token' }));
      // Default durations: 12 hours for users, one hour for the root user.
      const dflt = await sts(gina).send(new GetSessionTokenCommand({}));
      assert.equal(Math.ceil((dflt.Credentials!.Expiration!.getTime() - now.getTime()) / 1000), 43_200);
      const rootSession = await sts().send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
      assert.equal(Math.ceil((rootSession.Credentials!.Expiration!.getTime() - now.getTime()) / 1000), 3600);
    });

    void it('refuses MFA for a device the user does not have', async () => {
      const hal = await createUserWithKey(gh.iam, 'st-hal');
      await rejectsWithAws(sts(hal).send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/hal`, TokenCode: '123456' })), {
        code: 'AccessDenied',
        message: 'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
        status: 403,
      });
    });

    void it('GetFederationToken sessions have the intersection of the user and the session policy, and no IAM', async () => {
      const ian = await createUserWithKey(gh.iam, 'st-ian');
      await gh.iam.send(new PutUserPolicyCommand({ UserName: 'st-ian', PolicyName: 'p', PolicyDocument: policyDocument({ Effect: 'Allow', Action: ['sts:GetFederationToken', 'cloudtrail:LookupEvents', 'iam:ListRoles'], Resource: '*' }) }));
      await rejectsWithAws(sts(ian).send(new GetFederationTokenCommand({ Name: 'x' })), { code: 'ValidationError', message: /at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2/ });
      const bare = creds((await sts(ian).send(new GetFederationTokenCommand({ Name: 'bare' }))).Credentials);
      // Without a session policy a federated user may do nothing; of STS only GetCallerIdentity.
      await rejectsWithAws(cloudTrailClient(gh.url, bare).send(new LookupEventsCommand({})), {
        code: 'AccessDeniedException',
        message: `User: arn:aws:sts::${ACCOUNT_ID}:federated-user/bare is not authorized to perform: cloudtrail:LookupEvents because no session policy allows the cloudtrail:LookupEvents action`,
      });
      await rejectsWithAws(sts(bare).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'x' })), { code: 'AccessDenied', message: 'Cannot call DecodeAuthorizationMessage with session credentials' });
      const withPolicy = await sts(ian).send(new GetFederationTokenCommand({ Name: 'scoped', Policy: policyDocument({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }) }));
      await rejectsWithAws(gh.iamAs(creds(withPolicy.Credentials)).send(new ListRolesCommand({})), { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid' });
      const noRight = await createUserWithKey(gh.iam, 'st-jan');
      await rejectsWithAws(sts(noRight).send(new GetFederationTokenCommand({ Name: 'nope' })), {
        code: 'AccessDenied',
        message: `User: ${noRight.arn} is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${ACCOUNT_ID}:federated-user/nope because no identity-based policy allows the sts:GetFederationToken action`,
      });
    });
  });

  void describe('GetAccessKeyInfo and DecodeAuthorizationMessage', () => {
    void it("gives any key's account", async () => {
      const kim = await createUserWithKey(gh.iam, 'ak-kim');
      assert.equal((await sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: kim.accessKeyId }))).Account, ACCOUNT_ID);
      const arn = await role('ak-role', trustAccount());
      const temp = creds((await sts(admin).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' }))).Credentials);
      assert.equal((await sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: temp.accessKeyId }))).Account, ACCOUNT_ID);
    });

    void it('decodes the message Gatehouse encoded for a denial', async () => {
      const lee = await createUserWithKey(gh.iam, 'dm-lee');
      await rejectsWithAws(gh.iamAs(lee).send(new ListRolesCommand({})), { code: 'AccessDenied', message: /iam:ListRoles/ });
      const trail = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'dm-lee' }] }));
      const event = trail.Events?.find((e) => e.EventName === 'ListRoles');
      const record = event?.CloudTrailEvent !== undefined ? (JSON.parse(event.CloudTrailEvent) as { gatehouse?: { encodedAuthorizationMessage?: string } }) : undefined;
      const encoded = record?.gatehouse?.encodedAuthorizationMessage;
      assert.ok(typeof encoded === 'string', 'the trail holds the encoded message');
      await rejectsWithAws(gh.iamAs(lee).send(new UpdateRoleCommand({ RoleName: 'x', Description: 'y' })), { code: 'AccessDenied', message: /iam:UpdateRole/ });
      const decoded = await sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
      const message = JSON.parse(decoded.DecodedMessage ?? '{}') as { allowed: boolean; explicitDeny: boolean; context: { principal: { arn: string }; action: string; resource: string; conditions: { items: { key: string }[] } } };
      assert.equal(message.allowed, false);
      assert.equal(message.explicitDeny, false);
      assert.equal(message.context.principal.arn, lee.arn);
      assert.equal(message.context.action, 'iam:ListRoles');
      assert.ok(message.context.conditions.items.some((c) => c.key === 'aws:username'));
      await rejectsWithAws(sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: `${encoded.slice(0, -4)}AAAA` })), { code: 'InvalidAuthorizationMessageException', message: /./, status: 400 });
      await gh.iam.send(new AttachRolePolicyCommand({ RoleName: 'ak-role', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    });
  });
});
