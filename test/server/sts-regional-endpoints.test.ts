/**
 * STS's global and regional endpoints as the AWS SDK for JavaScript v3 reaches them: the global
 * endpoint `sts.amazonaws.com` takes requests signed for us-east-1, `sts.<region>.amazonaws.com`
 * those signed for its region, and anything else is refused with AWS's SignatureDoesNotMatch
 * "Credential should be scoped to a valid region. " — the failure of an application that calls
 * the global endpoint explicitly while its SDK signs for a regional one (the EKS guide's case).
 * Reached two ways: in transparent mode (the HTTPS proxy, with Gatehouse's CA), and on the plain
 * port with the host name kept in the URL (only the address resolves to Gatehouse). The plain
 * endpoint, reached by address, takes any region.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { HttpsProxyAgent } from 'hpagent';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { rejectsWithAws } from '../support/aws-assertions.js';

const WRONG_REGION = { code: 'SignatureDoesNotMatch', message: 'Credential should be scoped to a valid region. ', status: 403 } as const;

/** Resolves every name to loopback, so that a URL keeps its AWS host name but reaches the local port. */
const toLoopback: LookupFunction = (_host, options, callback) => {
  if (options.all === true) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

describe('STS global and regional endpoints through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let proxyAgent: HttpsProxyAgent;
  let loopbackAgent: Agent;
  const clients: STSClient[] = [];

  before(async () => {
    gh = await startFixture();
    proxyAgent = new HttpsProxyAgent({ proxy: gh.url, ca: readFileSync(gh.server.caFile, 'utf8'), keepAlive: true });
    loopbackAgent = new Agent({ keepAlive: true, lookup: toLoopback });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    proxyAgent.destroy();
    loopbackAgent.destroy();
    await gh.close();
  });

  /** A client in transparent mode: AWS's own endpoint for `region`, or `endpoint` when given. */
  function viaProxy(region: string, endpoint?: string): STSClient {
    const c = new STSClient({ region, credentials: gh.root, maxAttempts: 1, requestHandler: { httpsAgent: proxyAgent }, ...(endpoint !== undefined ? { endpoint } : {}) });
    clients.push(c);
    return c;
  }

  /** A client of `http://<host>:<port>` on the plain port, the host name kept in the request. */
  function byHost(region: string, host: string): STSClient {
    const c = new STSClient({ region, endpoint: `http://${host}:${new URL(gh.url).port}`, credentials: gh.root, maxAttempts: 1, requestHandler: { httpAgent: loopbackAgent } });
    clients.push(c);
    return c;
  }

  it('refuses a client signing for its regional endpoint that calls the global endpoint, in AWS\'s words', async () => {
    // AWS_REGION=us-west-2 (regional endpoints, the SDK's default) and an explicit global endpoint.
    await rejectsWithAws(viaProxy('us-west-2', 'https://sts.amazonaws.com').send(new GetCallerIdentityCommand({})), WRONG_REGION);
    // The same client at its own regional endpoint, and the global endpoint signed for us-east-1, are answered.
    const regional = await viaProxy('us-west-2').send(new GetCallerIdentityCommand({}));
    assert.equal(regional.Arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
    const global = await viaProxy('us-east-1', 'https://sts.amazonaws.com').send(new GetCallerIdentityCommand({}));
    assert.equal(global.Account, ACCOUNT_ID);
  });

  it('refuses a regional endpoint signed for another region', async () => {
    await rejectsWithAws(viaProxy('us-west-2', 'https://sts.eu-west-1.amazonaws.com').send(new GetCallerIdentityCommand({})), WRONG_REGION);
    const right = await viaProxy('eu-west-1', 'https://sts.eu-west-1.amazonaws.com').send(new GetCallerIdentityCommand({}));
    assert.equal(right.Account, ACCOUNT_ID);
  });

  it('tells the endpoints apart by Host on the plain port too', async () => {
    await rejectsWithAws(byHost('us-west-2', 'sts.amazonaws.com').send(new GetCallerIdentityCommand({})), WRONG_REGION);
    await rejectsWithAws(byHost('us-east-1', 'sts.ap-southeast-2.amazonaws.com').send(new GetCallerIdentityCommand({})), WRONG_REGION);
    assert.equal((await byHost('ap-southeast-2', 'sts.ap-southeast-2.amazonaws.com').send(new GetCallerIdentityCommand({}))).Account, ACCOUNT_ID);
    assert.equal((await byHost('us-east-1', 'sts.amazonaws.com').send(new GetCallerIdentityCommand({}))).Account, ACCOUNT_ID);
  });

  it('takes any region at the plain endpoint, reached by address', async () => {
    for (const region of ['us-east-1', 'eu-central-1', 'ap-northeast-3']) {
      const c = new STSClient({ region, endpoint: gh.url, credentials: gh.root, maxAttempts: 1 });
      clients.push(c);
      assert.equal((await c.send(new GetCallerIdentityCommand({}))).Account, ACCOUNT_ID);
    }
  });
});
