import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readSamlMetadata } from './saml-metadata.js';
import { IDP_SIGNING_CERT_PEM, certificateBody, samlMetadata } from './saml-fixtures.js';

const invalid = { name: 'AwsError', code: 'InvalidInput' };

void test('keeps the entity ID, the SSO endpoints and the signing certificate', async () => {
  const facts = await readSamlMetadata(samlMetadata({ entityId: 'http://www.okta.com/exk1', ssoLocation: 'https://idp.example/sso?x=1&amp;y=2' }));
  assert.equal(facts.EntityId, 'http://www.okta.com/exk1');
  assert.deepEqual(facts.SsoEndpoints, [
    { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: 'https://idp.example/sso?x=1&y=2' },
    { Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: 'https://idp.example/sso?x=1&y=2' },
  ]);
  assert.equal(facts.SigningCertificates.length, 1);
  assert.equal(new X509Certificate(facts.SigningCertificates[0] ?? '').fingerprint256, new X509Certificate(IDP_SIGNING_CERT_PEM).fingerprint256);
  assert.equal(facts.ValidUntil, undefined);
});

void test('a key descriptor without use counts as signing; an encryption-only one does not', async () => {
  assert.equal((await readSamlMetadata(samlMetadata({ keyUse: null }))).SigningCertificates.length, 1);
  await assert.rejects(() => readSamlMetadata(samlMetadata({ keyUse: 'encryption' })), invalid);
});

void test('validUntil is kept to the second', async () => {
  assert.equal((await readSamlMetadata(samlMetadata({ validUntil: '2030-01-02T03:04:05.678Z' }))).ValidUntil, '2030-01-02T03:04:05Z');
  await assert.rejects(() => readSamlMetadata(samlMetadata({ validUntil: 'tomorrow' })), invalid);
});

void test('names are resolved by namespace, whatever the prefix', async () => {
  const doc = samlMetadata().replaceAll('md:', 'saml2md:').replace('xmlns:md=', 'xmlns:saml2md=').replaceAll('ds:', 'dsig:').replace('xmlns:ds=', 'xmlns:dsig=');
  assert.equal((await readSamlMetadata(doc)).SigningCertificates.length, 1);
  const defaultNs = samlMetadata().replaceAll('md:', '').replace('xmlns:md=', 'xmlns=');
  assert.equal((await readSamlMetadata(defaultNs)).EntityId, 'https://idp.gatehouse.test/saml');
  const wrongNs = samlMetadata().replace('urn:oasis:names:tc:SAML:2.0:metadata', 'urn:example:not-saml');
  await assert.rejects(() => readSamlMetadata(wrongNs), invalid);
});

void test('refuses what IAM could not use', async () => {
  const bad = [
    'not xml at all'.repeat(100),
    samlMetadata().slice(0, -10),
    samlMetadata().replace('entityID="https://idp.gatehouse.test/saml"', ''),
    samlMetadata().replace('IDPSSODescriptor', 'SPSSODescriptor').replace('IDPSSODescriptor', 'SPSSODescriptor'),
    samlMetadata({ certificate: 'not-base64!!' }),
    samlMetadata({ certificate: Buffer.from('not a certificate').toString('base64') }),
    samlMetadata({ certificate: certificateBody().slice(0, 200) }),
    `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>${samlMetadata()}`,
    `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${samlMetadata().replace('<?xml version="1.0" encoding="UTF-8"?>', '')}</EntitiesDescriptor>`,
    '<a>'.repeat(50_000) + '</a>'.repeat(50_000),
  ];
  for (const doc of bad) await assert.rejects(() => readSamlMetadata(doc), invalid, doc.slice(0, 120));
});
