/**
 * AssumeRoleWithWebIdentity through the AWS CLI v1, the AWS CLI v2 and boto3, against an OIDC
 * identity provider of the test's own (HTTPS on loopback, own CA and keys, trusted by thumbprint):
 * the web-identity credential provider of each client (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE,
 * reaching STS under its real host name through Gatehouse's HTTPS proxy, a fresh HOME each time
 * since the CLIs cache such credentials), and each IRSA failure E05–E09 of the error catalogue,
 * made by breaking exactly one link, as the exact text the client prints.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteOpenIDConnectProviderCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, cleanEnv, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { runAwsCli } from '../support/aws-cli-driver.js';
import { CLI_CLIENTS, skipUnlessInstalled } from '../support/aws-cli.js';
import { policyDocument } from '../support/aws-assertions.js';
import { startTestIdp, type TestIdp } from '../support/oidc-idp.js';

const execFileP = promisify(execFile);
const SUB = 'system:serviceaccount:default:app';
const ROLE = 'irsa-app';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/${ROLE}`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let gh: GatehouseFixture;
let idp: TestIdp;
let providerArn: string;
let scratch: string;

const trust = (federated: string, sub = SUB): string =>
  policyDocument({ Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${idp.host}:sub`]: sub, [`${idp.host}:aud`]: 'sts.amazonaws.com' } } });

/** One IRSA failure: how to break one link, what the client prints, how to mend it. */
interface Breakage {
  readonly id: string;
  readonly roleArn?: string;
  readonly printed: () => string;
  break(): Promise<void>;
  mend(): Promise<void>;
}

const BREAKAGES: readonly Breakage[] = [
  {
    id: 'E05',
    roleArn: 'arn:aws:iam::::1234567890:role/example',
    printed: () => 'An error occurred (ValidationError) when calling the AssumeRoleWithWebIdentity operation: Request ARN is invalid',
    break: () => Promise.resolve(),
    mend: () => Promise.resolve(),
  },
  {
    id: 'E06',
    printed: () => `An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for ${idp.issuer}`,
    break: async () => void (await gh.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }))),
    mend: async () => void (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: idp.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [idp.caThumbprint] }))),
  },
  {
    id: 'E07',
    printed: () => 'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience',
    break: async () => {
      await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'some-other-client' }));
      await gh.iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }));
    },
    mend: async () => void (await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }))),
  },
  {
    id: 'E08',
    printed: () => "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
    // The leaf's thumbprint instead of the top certificate's, the mistake the guide warns of.
    break: async () => void (await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [idp.leafThumbprint] }))),
    mend: async () => void (await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [idp.caThumbprint] }))),
  },
  {
    id: 'E09',
    printed: () => 'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    break: async () => void (await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust(providerArn, 'system:serviceaccount:default:other') }))),
    mend: async () => void (await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust(providerArn) }))),
  },
];

function tokenFile(token: string): string {
  const file = join(scratch, `token-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, token);
  return file;
}

/** A client's environment: a fresh HOME, no configuration, and for the credential chain Gatehouse as HTTPS proxy. */
function env(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const e = cleanEnv({ HOME: home, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', ...extra });
  for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY', 'ALL_PROXY', 'all_proxy', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE']) delete e[name];
  if (extra.HTTPS_PROXY === undefined) delete e.HTTPS_PROXY;
  return e;
}

function chainEnv(home: string, token: string, session: string): Record<string, string> {
  return { AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile(token), AWS_ROLE_SESSION_NAME: session, HTTPS_PROXY: gh.url, AWS_CA_BUNDLE: gh.server.caFile };
}

before(async () => {
  idp = await startTestIdp('clients');
  gh = await startFixture();
  providerArn = (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: idp.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [idp.caThumbprint] }))).OpenIDConnectProviderArn!;
  await gh.iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: trust(providerArn) }));
  scratch = mkdtempSync(join(tmpdir(), 'gatehouse-wit-'));
});
after(async () => {
  await gh.close();
  await idp.close();
  rmSync(scratch, { recursive: true, force: true });
});

for (const client of CLI_CLIENTS) {
  void describe(`${client.label}: AssumeRoleWithWebIdentity`, { skip: skipUnlessInstalled(client) }, () => {
    let home: string;
    const aws = (args: readonly string[], extra: Record<string, string> = {}): Promise<Run> => runAwsCli(client.bin!, [...args, '--output', 'json'], env(home, extra), 90_000);
    before(() => {
      home = mkdtempSync(join(scratch, 'home-'));
    });

    void it('signs calls with the web-identity credential provider (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE)', async () => {
      const who = await aws(['sts', 'get-caller-identity'], chainEnv(home, await idp.token(), 'cli-chain'));
      assert.equal(who.code, 0, who.stderr);
      assert.equal((JSON.parse(who.stdout) as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE}/cli-chain`);
    });

    void it('calls assume-role-with-web-identity unsigned and prints the subject, audience and provider', async () => {
      const got = await aws(['sts', 'assume-role-with-web-identity', '--endpoint-url', gh.url, '--role-arn', ROLE_ARN, '--role-session-name', 'direct', '--web-identity-token', await idp.token()]);
      assert.equal(got.code, 0, got.stderr);
      const out = JSON.parse(got.stdout) as { SubjectFromWebIdentityToken: string; Audience: string; Provider: string; AssumedRoleUser: { Arn: string } };
      assert.deepEqual([out.SubjectFromWebIdentityToken, out.Audience, out.Provider, out.AssumedRoleUser.Arn], [SUB, 'sts.amazonaws.com', providerArn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE}/direct`]);
    });

    for (const b of BREAKAGES) {
      void it(`${b.id}: prints the catalogue's text when one link is broken`, async () => {
        await b.break();
        try {
          const r = await aws(['sts', 'assume-role-with-web-identity', '--endpoint-url', gh.url, '--role-arn', b.roleArn ?? ROLE_ARN, '--role-session-name', 'broken', '--web-identity-token', await idp.token()]);
          assert.notEqual(r.code, 0, r.stderr);
          assert.equal(r.stderr.trim(), b.printed());
        } finally {
          await b.mend();
        }
        if (b.id === 'E06') providerArn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${idp.host}`;
      });
    }
  });
}

void describe('boto3: AssumeRoleWithWebIdentity', () => {
  const SCRIPT = String.raw`
import json, sys, boto3, botocore.exceptions
mode = sys.argv[1]
try:
    if mode == 'chain':
        print(json.dumps({'arn': boto3.client('sts').get_caller_identity()['Arn']}))
    else:
        sts = boto3.client('sts', endpoint_url=sys.argv[2])
        r = sts.assume_role_with_web_identity(RoleArn=sys.argv[3], RoleSessionName='boto3', WebIdentityToken=sys.argv[4])
        print(json.dumps({'subject': r['SubjectFromWebIdentityToken'], 'provider': r['Provider']}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'error': str(e)}))
`;
  const python = async (args: readonly string[], e: NodeJS.ProcessEnv): Promise<Record<string, string>> => {
    const { stdout } = await execFileP('python3', ['-c', SCRIPT, ...args], { env: e, timeout: 60_000 });
    return JSON.parse(stdout) as Record<string, string>;
  };

  void it('gets credentials from the default chain with AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE', async () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const got = await python(['chain'], env(home, chainEnv(home, await idp.token(), 'boto3-chain')));
    assert.equal(got.arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE}/boto3-chain`);
  });

  for (const b of BREAKAGES) {
    void it(`${b.id}: raises the catalogue's text when one link is broken`, async () => {
      const home = mkdtempSync(join(scratch, 'home-'));
      await b.break();
      try {
        const got = await python(['direct', gh.url, b.roleArn ?? ROLE_ARN, await idp.token()], env(home, {}));
        assert.equal(got.error, b.printed());
      } finally {
        await b.mend();
      }
      if (b.id === 'E06') providerArn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${idp.host}`;
    });
  }
});
