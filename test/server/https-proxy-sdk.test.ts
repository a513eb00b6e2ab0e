/**
 * The AWS SDK for JavaScript v3 reaching Gatehouse under AWS's own host names, with no endpoint
 * configured: through Gatehouse's HTTPS proxy with `hpagent` (the agent AWS's guide shows), which
 * verifies the servers against Gatehouse's CA. The SDK honours HTTPS_PROXY only through an agent,
 * and AWS_CA_BUNDLE not at all, so the agent is given both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { CreateUserCommand, GetUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { rejectsWithAws } from '../support/aws-assertions.js';
import { CertificateAuthority } from '../../src/server/tls/certificate-authority.js';

interface TrailRecord {
  eventName: string;
  eventSource: string;
  errorCode?: string;
  userIdentity: { arn?: string };
  tlsDetails?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader: string };
}

const TLS_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ],
});

void describe('the JS SDK v3 through the HTTPS proxy', () => {
  let gh: GatehouseFixture;
  let proxy: string;
  let caPem: string;
  let agent: HttpsProxyAgent;
  let tlsOnly: UserCredentials;
  const clients: { destroy(): void }[] = [];

  /** A client of the real AWS endpoint for its region, reached through the proxy. */
  function viaProxy<C extends { destroy(): void }>(make: (handler: { httpsAgent: HttpsProxyAgent }) => C): C {
    const c = make({ httpsAgent: agent });
    clients.push(c);
    return c;
  }

  const iam = (credentials: AwsCredentialIdentity): IAMClient => viaProxy((requestHandler) => new IAMClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler }));

  async function trail(eventName: string): Promise<TrailRecord[]> {
    const ct = viaProxy((requestHandler) => new CloudTrailClient({ region: 'us-east-1', credentials: gh.root, maxAttempts: 1, requestHandler }));
    const out = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] }));
    return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as TrailRecord);
  }

  before(async () => {
    gh = await startFixture();
    proxy = gh.url;
    caPem = readFileSync(gh.server.caFile, 'utf8');
    agent = new HttpsProxyAgent({ proxy, ca: caPem, keepAlive: true });
    tlsOnly = await createUserWithKey(gh.iam, 'tls-only');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'tls-only', PolicyName: 'tls-only', PolicyDocument: TLS_ONLY }));
  });
  after(async () => {
    for (const c of clients) c.destroy();
    agent.destroy();
    await gh.close();
  });

  it('reaches IAM at iam.amazonaws.com, and the trail records the call with its TLS details and Host', async () => {
    const got = await iam(gh.root).send(new GetUserCommand({ UserName: 'tls-only' }));
    assert.equal(got.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/tls-only`);
    const events = await trail('GetUser');
    const proxied = events.find((e) => e.tlsDetails !== undefined);
    assert.ok(proxied !== undefined, 'a GetUser over TLS is in the trail');
    assert.equal(proxied.eventSource, 'iam.amazonaws.com');
    assert.equal(proxied.userIdentity.arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
    assert.equal(proxied.tlsDetails?.clientProvidedHostHeader, 'iam.amazonaws.com');
    assert.equal(proxied.tlsDetails?.tlsVersion, 'TLSv1.3');
    assert.match(proxied.tlsDetails?.cipherSuite ?? '', /^TLS_AES_/);
  });

  it('marks requests inside the tunnel as secure (aws:SecureTransport), and plain ones as not', async () => {
    const self = await iam(tlsOnly).send(new GetUserCommand({}));
    assert.equal(self.User?.UserName, 'tls-only');
    await rejectsWithAws(gh.iamAs(tlsOnly).send(new GetUserCommand({})), {
      code: 'AccessDenied',
      message: `User: ${tlsOnly.arn} is not authorized to perform: iam:GetUser on resource: ${tlsOnly.arn} with an explicit deny in an identity-based policy`,
      status: 403,
    });
  });

  it('serves plain-HTTP requests for an AWS host through the proxy as plain, not secure', async () => {
    const httpAgent = new HttpProxyAgent({ proxy });
    try {
      const plain = (credentials: AwsCredentialIdentity): IAMClient => viaProxy((requestHandler) => new IAMClient({ region: 'us-east-1', endpoint: 'http://iam.amazonaws.com', credentials, maxAttempts: 1, requestHandler: { ...requestHandler, httpAgent } }));
      const root = await plain(gh.root).send(new GetUserCommand({}));
      assert.equal(root.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
      await rejectsWithAws(plain(tlsOnly).send(new GetUserCommand({})), { code: 'AccessDenied', message: /with an explicit deny in an identity-based policy$/, status: 403 });
    } finally {
      httpAgent.destroy();
    }
  });

  it('carries a regional host through faithfully, and answers a regional STS request', async () => {
    const regional = viaProxy((requestHandler) => new CloudTrailClient({ region: 'us-west-2', credentials: gh.root, maxAttempts: 1, requestHandler }));
    await regional.send(new LookupEventsCommand({ MaxResults: 1 }));
    const hosts = (await trail('LookupEvents')).map((e) => e.tlsDetails?.clientProvidedHostHeader);
    assert.ok(hosts.includes('cloudtrail.us-west-2.amazonaws.com'), `hosts recorded: ${JSON.stringify(hosts)}`);
    // STS at sts.us-west-2.amazonaws.com is answered by Gatehouse with an AWS answer (whether STS
    // itself or the service that refuses a credential scoped to another), never a network error.
    const sts = viaProxy((requestHandler) => new STSClient({ region: 'us-west-2', credentials: gh.root, maxAttempts: 1, requestHandler }));
    const outcome = await sts.send(new GetCallerIdentityCommand({})).then(
      (ok) => ok.$metadata.httpStatusCode,
      (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode,
    );
    assert.ok(outcome === 200 || outcome === 403, `status ${outcome}`);
  });

  it('is refused by a client that trusts another CA, or only the public ones', async () => {
    const other = await CertificateAuthority.generate();
    for (const ca of [other.certPem, undefined]) {
      const wrong = new HttpsProxyAgent({ proxy, ...(ca !== undefined ? { ca } : {}) });
      const client = new IAMClient({ region: 'us-east-1', credentials: gh.root, maxAttempts: 1, requestHandler: { httpsAgent: wrong } });
      try {
        await assert.rejects(client.send(new GetUserCommand({})), (err: NodeJS.ErrnoException) => {
          assert.equal(err.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', err.message);
          return true;
        });
      } finally {
        client.destroy();
        wrong.destroy();
      }
    }
  });

  it('answers a signed request made directly on the port exactly as before', async () => {
    const created = await gh.iam.send(new CreateUserCommand({ UserName: 'plain-side' }));
    assert.equal(created.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/plain-side`);
    const plainEvents = (await trail('CreateUser')).filter((e) => e.tlsDetails === undefined);
    assert.ok(plainEvents.length > 0, 'a plain request has no tlsDetails');
  });
});
