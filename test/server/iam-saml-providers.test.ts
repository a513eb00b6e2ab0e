/**
 * IAM SAML providers through the JS SDK v3: create from IdP metadata, get, list, update (metadata,
 * encryption mode, private keys), tags, delete; IAM's errors; and what STS will read of a provider.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import {
  CreateSAMLProviderCommand,
  DeleteSAMLProviderCommand,
  GetSAMLProviderCommand,
  ListSAMLProviderTagsCommand,
  ListSAMLProvidersCommand,
  TagSAMLProviderCommand,
  UntagSAMLProviderCommand,
  UpdateSAMLProviderCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { rejectsWithAws } from '../support/aws-assertions.js';
import { ENCRYPTION_PRIVATE_KEY_PEM, IDP_SIGNING_CERT_PEM, samlMetadata } from '../../src/services/iam/saml-fixtures.js';
import { samlProviderTrust } from '../../src/services/iam/saml-provider-lookup.js';

const arnOf = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:saml-provider/${name}`;

describe('IAM SAML providers through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates a provider from IdP metadata and reads it back; ValidUntil is 100 years on without validUntil', async () => {
    const metadata = samlMetadata();
    const created = await iam.send(new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata }));
    assert.equal(created.SAMLProviderArn, arnOf('Okta'));
    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arnOf('Okta') }));
    assert.equal(got.SAMLMetadataDocument, metadata);
    assert.equal(got.AssertionEncryptionMode, 'Allowed');
    assert.deepEqual(got.PrivateKeyList, []);
    assert.deepEqual(got.Tags, []);
    assert.match(got.SAMLProviderUUID ?? '', /^[A-Z0-9]{22,64}$/);
    assert.ok(got.CreateDate instanceof Date && got.ValidUntil instanceof Date);
    assert.equal(got.ValidUntil.getUTCFullYear() - got.CreateDate.getUTCFullYear(), 100);
    const listed = await iam.send(new ListSAMLProvidersCommand({}));
    assert.deepEqual(
      listed.SAMLProviderList?.map((p) => p.Arn),
      [arnOf('Okta')],
    );
    assert.deepEqual(listed.SAMLProviderList?.[0]?.ValidUntil, got.ValidUntil);
    // What STS AssumeRoleWithSAML will check assertions against.
    const trust = await samlProviderTrust(gh.server.store.read, ACCOUNT_ID, arnOf('Okta'));
    assert.equal(trust?.entityId, 'https://idp.gatehouse.test/saml');
    assert.equal(new X509Certificate(trust?.signingCertificates[0] ?? '').fingerprint256, new X509Certificate(IDP_SIGNING_CERT_PEM).fingerprint256);
    assert.equal(trust?.ssoEndpoints.length, 2);
  });

  it('updates the metadata, the encryption mode and private keys', async () => {
    const arn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'ADFS', SAMLMetadataDocument: samlMetadata(), Tags: [{ Key: 'env', Value: 'prod' }] }))).SAMLProviderArn!;
    const updatedDoc = samlMetadata({ entityId: 'https://updated-idp.example.com/saml', validUntil: '2031-01-01T00:00:00Z' });
    const updated = await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: updatedDoc }));
    assert.equal(updated.SAMLProviderArn, arn);
    let got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.SAMLMetadataDocument, updatedDoc);
    assert.deepEqual(got.ValidUntil, new Date('2031-01-01T00:00:00Z'));
    assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'prod' }]);
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AssertionEncryptionMode: 'Required', AddPrivateKey: ENCRYPTION_PRIVATE_KEY_PEM }));
    got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.AssertionEncryptionMode, 'Required');
    assert.equal(got.PrivateKeyList?.length, 1);
    const keyId = got.PrivateKeyList?.[0]?.KeyId ?? '';
    assert.match(keyId, /^[A-Z0-9]{22,64}$/);
    assert.ok(got.PrivateKeyList?.[0]?.Timestamp instanceof Date);
    await rejectsWithAws(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' })), {
      code: 'InvalidInput',
      message: /private key/,
      status: 400,
    });
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: keyId }));
    assert.deepEqual((await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).PrivateKeyList, []);
  });

  it('tags a provider', async () => {
    const arn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Tagged', SAMLMetadataDocument: samlMetadata() }))).SAMLProviderArn!;
    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['a'] }));
    const tags = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'b', Value: '2' }]);
    assert.equal(tags.IsTruncated, false);
  });

  it('answers IAM\'s errors: missing provider, bad metadata, bad name', async () => {
    const missing = arnOf('NonExistentProvider');
    await rejectsWithAws(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: missing })), {
      code: 'NoSuchEntity',
      message: `Manifest not found for arn ${missing}`,
      status: 404,
    });
    await rejectsWithAws(iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: missing })), {
      code: 'NoSuchEntity',
      message: `Manifest not found for arn ${missing}`,
      status: 404,
    });
    await rejectsWithAws(iam.send(new CreateSAMLProviderCommand({ Name: 'Broken', SAMLMetadataDocument: `<not-metadata>${'x'.repeat(1000)}</not-metadata>` })), {
      code: 'InvalidInput',
      message: /^Could not parse metadata/,
      status: 400,
    });
    await rejectsWithAws(iam.send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<x/>' })), {
      code: 'ValidationError',
      // How IAM spells this member's name in the message is not known; the constraint is the model's.
      message: /^1 validation error detected: Value at '\w+' failed to satisfy constraint: Member must have length greater than or equal to 1000$/,
      status: 400,
    });
    await rejectsWithAws(iam.send(new CreateSAMLProviderCommand({ Name: 'bad name', SAMLMetadataDocument: samlMetadata() })), {
      code: 'ValidationError',
      message: "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w._-]+",
      status: 400,
    });
    await iam.send(new CreateSAMLProviderCommand({ Name: 'Twice', SAMLMetadataDocument: samlMetadata() }));
    await rejectsWithAws(iam.send(new CreateSAMLProviderCommand({ Name: 'Twice', SAMLMetadataDocument: samlMetadata() })), { code: 'EntityAlreadyExists', message: /Twice/, status: 409 });
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arnOf('Twice') }));
    assert.ok(!(await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList?.some((p) => p.Arn === arnOf('Twice')));
  });
});
