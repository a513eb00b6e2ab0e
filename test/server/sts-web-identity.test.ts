/**
 * AssumeRoleWithWebIdentity through the AWS SDK for JavaScript v3 against an OIDC identity provider
 * of the test's own (HTTPS on loopback, its own CA and keys): `fromTokenFile`, the default chain
 * with AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, TLS trust by thumbprint and by trusted CA, key
 * caching and rotation, the session's identity and condition keys, and each IRSA failure E05–E09
 * of the error catalogue made by breaking one link.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTokenFile } from '@aws-sdk/credential-provider-web-identity';
import type { AwsCredentialIdentity } from '@smithy/types';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, iamClient, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { startTestIdp, type TestIdp } from '../support/oidc-idp.js';

const SUB = 'system:serviceaccount:default:app';

/** An STS client that sends AssumeRoleWithWebIdentity unsigned, as every SDK does. */
function anonymousSts(url: string): STSClient {
  return new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
}

void describe('AssumeRoleWithWebIdentity', () => {
  let gh: GatehouseFixture;
  let idp: TestIdp;
  let trustedIdp: TestIdp;
  let providerArn: string;
  let tokenDir: string;
  let sts: STSClient;

  const trust = (host: string, arn: string, sub = SUB): string =>
    policyDocument({ Effect: 'Allow', Principal: { Federated: arn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: 'sts.amazonaws.com' } } });
  const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
  async function role(name: string, document = trust(idp.host, providerArn)): Promise<string> {
    await gh.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }));
    return roleArn(name);
  }
  function tokenFile(token: string): string {
    const file = join(tokenDir, `t${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, token);
    return file;
  }

  before(async () => {
    idp = await startTestIdp('irsa');
    trustedIdp = await startTestIdp('trusted');
    // The second IdP's CA is trusted like a system CA; the first is trusted only by thumbprint.
    gh = await startFixture({ identityProviders: { extraCaPem: [trustedIdp.caPem], timeoutMs: 1500, maxBytes: 64 * 1024 } });
    providerArn = (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: idp.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [idp.caThumbprint] }))).OpenIDConnectProviderArn!;
    tokenDir = mkdtempSync(join(tmpdir(), 'gh-wit-'));
    sts = anonymousSts(gh.url);
  });
  after(async () => {
    sts.destroy();
    await gh.close();
    await idp.close();
    await trustedIdp.close();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  void it('gives fromTokenFile a session of the role, with the token\'s subject, audience and provider', async () => {
    const arn = await role('wit-basic');
    await gh.iam.send(new PutRolePolicyCommand({ RoleName: 'wit-basic', PolicyName: 'read', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }) }));
    const direct = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'pod', WebIdentityToken: await idp.token() }));
    assert.equal(direct.SubjectFromWebIdentityToken, SUB);
    assert.equal(direct.Audience, 'sts.amazonaws.com');
    assert.equal(direct.Provider, providerArn);
    assert.equal(direct.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/wit-basic/pod`);
    assert.match(direct.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:pod$/);
    assert.match(direct.Credentials?.AccessKeyId ?? '', /^ASIA/);

    const provider = fromTokenFile({ webIdentityTokenFile: tokenFile(await idp.token()), roleArn: arn, roleSessionName: 'from-file', clientConfig: { endpoint: gh.url, region: 'us-east-1' } });
    const creds: AwsCredentialIdentity = await provider();
    const asRole = new STSClient({ endpoint: gh.url, region: 'us-east-1', credentials: creds });
    assert.equal((await asRole.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/wit-basic/from-file`);
    asRole.destroy();
    // The role's permissions reach the session.
    const iam = iamClient(gh.url, creds);
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'wit-basic' }))).Role?.RoleName, 'wit-basic');
    iam.destroy();
  });

  void it('works through the default chain with AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE', async () => {
    const arn = await role('wit-chain');
    const saved = { ...process.env };
    try {
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[k];
      process.env.AWS_ROLE_ARN = arn;
      process.env.AWS_WEB_IDENTITY_TOKEN_FILE = tokenFile(await idp.token());
      process.env.AWS_ROLE_SESSION_NAME = 'default-chain';
      process.env.AWS_ENDPOINT_URL_STS = gh.url;
      process.env.AWS_REGION = 'us-east-1';
      process.env.AWS_CONFIG_FILE = join(tokenDir, 'no-config');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(tokenDir, 'no-credentials');
      const client = new STSClient({});
      const who = await client.send(new GetCallerIdentityCommand({}));
      client.destroy();
      assert.equal(who.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/wit-chain/default-chain`);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  void it('trusts an issuer whose certificate chains to a trusted CA, without a thumbprint', async () => {
    const arn = (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: trustedIdp.issuer, ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn!;
    const r = await role('wit-trusted-ca', trust(trustedIdp.host, arn));
    const got = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r, RoleSessionName: 'ca', WebIdentityToken: await trustedIdp.token({}, { alg: 'ES256' }) }));
    assert.equal(got.Provider, arn);
  });

  void it('keeps the key set, and fetches it again when a token names a key it lacks', async () => {
    const arn = await role('wit-cache');
    const before = idp.fetches.keySet;
    for (let i = 0; i < 3; i++) await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: `c${i}`, WebIdentityToken: await idp.token() }));
    assert.equal(idp.fetches.keySet, before, 'the kept set serves');
    await idp.rotate();
    await new Promise((r) => setTimeout(r, 1100));
    await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'rotated', WebIdentityToken: await idp.token() }));
    assert.equal(idp.fetches.keySet, before + 1, 'a new kid fetches the set once');
  });

  void it('puts the token\'s claims in the session\'s condition keys', async () => {
    const arn = await role('wit-keys');
    await gh.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'wit-keys',
        PolicyName: 'by-claims',
        PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { [`${idp.host}:sub`]: SUB, 'aws:FederatedProvider': providerArn } } }),
      }),
    );
    const got = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'kk', WebIdentityToken: await idp.token() }));
    const c = got.Credentials!;
    const iam = iamClient(gh.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'wit-keys' }))).Role?.RoleName, 'wit-keys');
    iam.destroy();
  });

  void it('limits the session by the session policy passed', async () => {
    const arn = await role('wit-session-policy');
    await gh.iam.send(new PutRolePolicyCommand({ RoleName: 'wit-session-policy', PolicyName: 'all', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }));
    const onlyGetRole = policyDocument({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' });
    const got = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'limited', WebIdentityToken: await idp.token(), Policy: onlyGetRole }));
    assert.ok((got.PackedPolicySize ?? 0) > 0);
    const c = got.Credentials!;
    const iam = iamClient(gh.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    await iam.send(new GetRoleCommand({ RoleName: 'wit-session-policy' }));
    await rejectsWithAws(iam.send(new ListRolesCommand({})), { code: 'AccessDenied', message: /because no session policy allows the iam:ListRoles action/, status: 403 });
    iam.destroy();
    await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'bad', WebIdentityToken: await idp.token(), Policy: '{"Version":"2012-10-17"' })), { code: 'MalformedPolicyDocument', message: /./, status: 400 });
  });

  void it('is in the role account\'s trail without the token', async () => {
    const arn = await role('wit-trail');
    const token = await idp.token({ sub: SUB });
    await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'trailed', WebIdentityToken: token }));
    const events = (await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithWebIdentity' }] }))).Events ?? [];
    const mine = events.map((e) => e.CloudTrailEvent ?? '').filter((e) => e.includes('trailed'));
    assert.equal(mine.length, 1);
    assert.ok(!mine[0]!.includes(token.slice(0, 40)), 'the token is not in the trail');
    assert.equal((JSON.parse(mine[0]!) as { recipientAccountId: string }).recipientAccountId, ACCOUNT_ID);
  });

  void describe('each IRSA failure, one link broken (error catalogue E05–E09)', () => {
    void it('E05: a malformed role ARN', async () => {
      await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::::1234567890:role/example', RoleSessionName: 'sess', WebIdentityToken: await idp.token() })), {
        code: 'ValidationError',
        message: 'Request ARN is invalid',
        status: 400,
      });
    });

    void it('E06: no OIDC provider for the issuer in the role\'s account', async () => {
      const other = await startTestIdp('unregistered');
      try {
        const arn = await role('wit-e06');
        await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'sess', WebIdentityToken: await other.token() })), {
          code: 'InvalidIdentityToken',
          message: `No OpenIDConnect provider found in your account for ${other.issuer}`,
          status: 400,
        });
      } finally {
        await other.close();
      }
    });

    void it('E07: the provider does not list the token\'s audience', async () => {
      const arn = await role('wit-e07');
      await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'other-audience' }));
      await gh.iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }));
      try {
        await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'sess', WebIdentityToken: await idp.token() })), {
          code: 'InvalidIdentityToken',
          message: 'Incorrect token audience',
          status: 400,
        });
      } finally {
        await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }));
      }
    });

    void it('E08: the provider\'s thumbprint is not the issuer\'s certificate\'s', async () => {
      const arn = await role('wit-e08');
      // The leaf's thumbprint is not the top certificate of the chain the issuer presents.
      await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [idp.leafThumbprint] }));
      try {
        await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'sess', WebIdentityToken: await idp.token() })), {
          code: 'InvalidIdentityToken',
          message: "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
          status: 400,
        });
      } finally {
        await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [idp.caThumbprint] }));
      }
      await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'fixed', WebIdentityToken: await idp.token() }));
    });

    void it('E09: the trust policy\'s subject condition does not match', async () => {
      const arn = await role('wit-e09', trust(idp.host, providerArn, 'system:serviceaccount:default:someone-else'));
      await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'sess', WebIdentityToken: await idp.token() })), {
        code: 'AccessDenied',
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        status: 403,
      });
      // The same, for a trust policy naming another provider, and for a role that does not exist.
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'wit-e09', PolicyDocument: trust(idp.host, `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/elsewhere.example.com`) }));
      for (const r of [arn, roleArn('wit-no-such-role')]) {
        await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r, RoleSessionName: 'sess', WebIdentityToken: await idp.token() })), {
          code: 'AccessDenied',
          message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
          status: 403,
        });
      }
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'wit-e09', PolicyDocument: trust(idp.host, providerArn) }));
      await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'fixed', WebIdentityToken: await idp.token() }));
    });
  });

  void it('refuses expired tokens, tokens without an audience, and an issuer that cannot be reached', async () => {
    const arn = await role('wit-claims');
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'sess', WebIdentityToken: await idp.token({ exp: past }) })).catch((e: unknown) => e);
    assert.equal((expired as { name?: string }).name, 'ExpiredTokenException');
    assert.match((expired as Error).message, new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time ${past}$`));
    await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: arn, RoleSessionName: 'sess', WebIdentityToken: await idp.token({ aud: undefined }) })), {
      code: 'InvalidIdentityToken',
      message: 'Missing a required claim: aud',
      status: 400,
    });
    const gone = await startTestIdp('gone');
    const goneArn = (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: gone.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gone.caThumbprint] }))).OpenIDConnectProviderArn!;
    const goneRole = await role('wit-gone', trust(gone.host, goneArn));
    const token = await gone.token();
    await gone.close();
    await rejectsWithAws(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: goneRole, RoleSessionName: 'sess', WebIdentityToken: token })), { code: 'IDPCommunicationError', message: /identity provider/, status: 400 });
  });
});
