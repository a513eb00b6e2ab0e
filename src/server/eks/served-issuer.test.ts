import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture } from '../../../test/support/gatehouse-fixture.js';
import { EKSClient, CreateClusterCommand } from '@aws-sdk/client-eks';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { gatehouseServedIssuer } from './served-issuer.js';
import { secretSealer } from '../../state/secret-sealer.js';
import { loadSealingKey } from '../sealing-key.js';

describe('gatehouseServedIssuer', () => {
  it('answers a cluster issuer\'s discovery document and JWKS in process, with the chain a client would see, and nothing for other hosts', async () => {
    const fx = await startFixture();
    try {
      await fx.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
      const eks = new EKSClient({ endpoint: fx.url, region: 'eu-west-1', credentials: fx.root, maxAttempts: 1 });
      const c = await eks.send(new CreateClusterCommand({ name: 'x', roleArn: 'arn:aws:iam::123456789012:role/r', resourcesVpcConfig: {} }));
      eks.destroy();
      const issuer = c.cluster!.identity!.oidc!.issuer!;
      assert.match(issuer, /^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
      const served = gatehouseServedIssuer(fx.server.store, secretSealer(loadSealingKey(fx.dataDir)), () => Promise.resolve(fx.server.ca));
      const disc = await served(`${issuer}/.well-known/openid-configuration`);
      assert.equal(disc?.status, 200);
      assert.equal((disc?.body as { issuer: string }).issuer, issuer);
      assert.equal(disc?.certificate.caSha1Thumbprint, fx.server.ca.sha1Thumbprint);
      const keys = await served(`${issuer}/keys`);
      assert.equal((keys?.body as { keys: unknown[] }).keys.length, 1);
      assert.equal((await served(issuer.replace(/id\/.*/, 'id/00000000000000000000000000000000/keys')))?.status, 404);
      assert.equal(await served('https://accounts.google.com/.well-known/openid-configuration'), undefined);
    } finally {
      await fx.close();
    }
  });
});
