/**
 * Hostile input to web identity federation and to the sessions it makes: unsigned tokens
 * (`alg: none`), HMAC tokens keyed with the issuer's RSA public key (key confusion), forged
 * signatures, a token claiming another issuer, a wrong audience, key sets of the wrong key type,
 * oversized, slow or failing key sets (each time- and size-bounded), session credentials altered,
 * truncated or expired, and a session of a role deleted and re-created under its name, which must
 * get nothing of the new role.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ACCOUNT_ID, iamClient, startFixture, stsClient, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { rawRequest, signedQueryPost } from '../support/raw-http.js';
import { hmacToken, startTestIdp, unsignedToken, type KeySetBehaviour, type TestIdp } from '../support/oidc-idp.js';

const NO_KEY = "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements";

void describe('hostile web identity tokens and sessions', () => {
  let gh: GatehouseFixture;
  let sts: STSClient;
  let now = new Date();
  const idps: TestIdp[] = [];

  /** A fresh issuer (its own key cache entry), registered with a role that trusts it. */
  async function issuer(name: string, behaviour: KeySetBehaviour = 'normal'): Promise<{ idp: TestIdp; roleArn: string; providerArn: string }> {
    const idp = await startTestIdp(name);
    idps.push(idp);
    idp.keySetBehaviour = behaviour;
    const providerArn = (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: idp.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [idp.caThumbprint] }))).OpenIDConnectProviderArn!;
    const trust = policyDocument({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${idp.host}:aud`]: 'sts.amazonaws.com' } } });
    await gh.iam.send(new CreateRoleCommand({ RoleName: `hw-${name}`, AssumeRolePolicyDocument: trust }));
    return { idp, roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/hw-${name}`, providerArn };
  }
  const assume = (roleArn: string, token: string) => sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'hostile', WebIdentityToken: token }));
  const creds = (c: Credentials | undefined): AwsCredentialIdentity => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });

  before(async () => {
    gh = await startFixture({ clock: () => now, identityProviders: { timeoutMs: 1500, maxBytes: 64 * 1024 } });
    sts = new STSClient({ endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
  });
  after(async () => {
    sts.destroy();
    await gh.close();
    for (const idp of idps) await idp.close();
  });

  void it('refuses alg: none before fetching any key', async () => {
    const { idp, roleArn } = await issuer('none');
    const token = unsignedToken({ iss: idp.issuer, aud: 'sts.amazonaws.com', sub: 'x', exp: Math.floor(Date.now() / 1000) + 600 });
    const e = await rejectsWithAws(assume(roleArn, token), { code: 'InvalidIdentityToken', message: /algorithm/, status: 400 });
    assert.ok(e);
    assert.equal(idp.fetches.keySet, 0);
  });

  void it('refuses HS256 signed with the issuer\'s RSA public key (key confusion)', async () => {
    const { idp, roleArn } = await issuer('confusion');
    await assume(roleArn, await idp.token()); // the set is fetched and kept
    const claims = { iss: idp.issuer, aud: 'sts.amazonaws.com', sub: 'x', exp: Math.floor(Date.now() / 1000) + 600 };
    await rejectsWithAws(assume(roleArn, await hmacToken(claims, idp.rsaKid(), Buffer.from(idp.rsaPublicKeyPem()))), { code: 'InvalidIdentityToken', message: /algorithm/, status: 400 });
  });

  void it('refuses a forged signature, a token claiming another issuer, and a wrong audience', async () => {
    const a = await issuer('forge-a');
    const b = await issuer('forge-b');
    await rejectsWithAws(assume(a.roleArn, await a.idp.token({}, { foreignKey: true })), { code: 'InvalidIdentityToken', message: /signature/, status: 400 });
    // Signed by A, claiming to be B: B's keys do not verify it.
    await rejectsWithAws(assume(b.roleArn, await a.idp.token({ iss: b.idp.issuer })), { code: 'InvalidIdentityToken', message: NO_KEY, status: 400 });
    await rejectsWithAws(assume(a.roleArn, await a.idp.token({ aud: 'someone-else' })), { code: 'InvalidIdentityToken', message: 'Incorrect token audience', status: 400 });
    // A's token for B's role: B's role does not trust A.
    await rejectsWithAws(assume(b.roleArn, await a.idp.token()), { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', status: 403 });
  });

  void it('refuses key sets of the wrong key type, empty or failing', async () => {
    for (const behaviour of ['wrong-key-type', 'empty', 'error'] as const) {
      const { idp, roleArn } = await issuer(`set-${behaviour}`, behaviour);
      await rejectsWithAws(assume(roleArn, await idp.token()), { code: 'InvalidIdentityToken', message: NO_KEY, status: 400 });
      // Asked again at once, the failure is answered from memory: unsigned callers cannot make
      // Gatehouse hammer an issuer.
      const fetched = idp.fetches.keySet;
      await rejectsWithAws(assume(roleArn, await idp.token()), { code: 'InvalidIdentityToken', message: NO_KEY, status: 400 });
      assert.equal(idp.fetches.keySet, fetched);
    }
  });

  void it('gives up on an oversized key set and on a slow one, within bounds', async () => {
    const big = await issuer('oversized', 'oversized');
    let started = Date.now();
    await rejectsWithAws(assume(big.roleArn, await big.idp.token()), { code: 'InvalidIdentityToken', message: NO_KEY, status: 400 });
    assert.ok(Date.now() - started < 5000);
    const slow = await issuer('slow', 'slow');
    started = Date.now();
    await rejectsWithAws(assume(slow.roleArn, await slow.idp.token()), { code: 'IDPCommunicationError', message: /could not be reached/, status: 400 });
    const took = Date.now() - started;
    assert.ok(took >= 1400 && took < 5000, `gave up after ${took} ms`);
  });

  void it('refuses the session\'s credentials altered, truncated, or expired', async () => {
    const { idp, roleArn } = await issuer('session');
    const got = await assume(roleArn, await idp.token());
    const session = creds(got.Credentials);
    const invalid = { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid', status: 403 } as const;
    const token = session.sessionToken!;
    const flipped = token.slice(0, 30) + (token[30] === 'A' ? 'B' : 'A') + token.slice(31);
    for (const bad of [flipped, token.slice(0, -8), token.slice(0, 20)]) {
      const c = stsClient(gh.url, { ...session, sessionToken: bad });
      await rejectsWithAws(c.send(new GetCallerIdentityCommand({})), invalid);
      c.destroy();
    }
    const saved = now;
    try {
      now = new Date(saved.getTime() + 3601_000);
      // Signed at the server's (moved) time, so that only the session is stale.
      const res = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'GetCallerIdentity' }, { credentials: session, service: 'sts', signingDate: now }));
      assert.equal(res.status, 403);
      assert.match(res.body, /<Code>ExpiredToken<\/Code><Message>The security token included in the request is expired<\/Message>/);
    } finally {
      now = saved;
    }
  });

  void it('gives a session of a role deleted and re-created under its name nothing of the new role', async () => {
    const { idp, roleArn } = await issuer('recreated');
    const name = 'hw-recreated';
    await gh.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'get-role', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }) }));
    const old = creds((await assume(roleArn, await idp.token())).Credentials);
    const iam = iamClient(gh.url, old);
    try {
      await iam.send(new GetRoleCommand({ RoleName: name }));
      const trust = (await gh.iam.send(new GetRoleCommand({ RoleName: name }))).Role!.AssumeRolePolicyDocument!;
      await gh.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'get-role' }));
      await gh.iam.send(new DeleteRoleCommand({ RoleName: name }));
      await gh.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: decodeURIComponent(trust) }));
      await gh.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'everything', PolicyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
      for (const call of [iam.send(new ListUsersCommand({})), iam.send(new GetRoleCommand({ RoleName: name }))]) {
        await rejectsWithAws(call, { code: 'AccessDenied', message: /is not authorized to perform/, status: 403 });
      }
      // A new session of the new role has its permissions.
      const fresh = iamClient(gh.url, creds((await assume(roleArn, await idp.token())).Credentials));
      await fresh.send(new ListUsersCommand({}));
      fresh.destroy();
    } finally {
      iam.destroy();
    }
  });
});
