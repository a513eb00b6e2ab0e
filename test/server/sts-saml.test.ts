/**
 * AssumeRoleWithSAML through the AWS SDK for JavaScript v3 and the AWS CLI v1, with a SAML IdP of
 * the test's own (its own RSA key and certificate, registered as an IAM SAML provider from its
 * metadata): the session and the response's facts, the `saml:` condition keys, the Role and
 * RoleSessionName attributes, expiry and audience, and refusals of altered, re-signed and wrapped
 * responses (signature wrapping).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand, CreateSAMLProviderCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { ACCOUNT_ID, cleanEnv, iamClient, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { rsaCertificate, signXml, startSamlIdp, type SamlIdp } from '../support/saml-idp.js';
import { runAwsCli } from '../support/aws-cli-driver.js';
import { CLI_CLIENTS } from '../support/aws-cli.js';

const ROLE = 'saml-admin';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/${ROLE}`;

void describe('AssumeRoleWithSAML', () => {
  let gh: GatehouseFixture;
  let idp: SamlIdp;
  let providerArn: string;
  let sts: STSClient;
  let pair: string;
  const assume = (assertion: string, roleArn = ROLE_ARN, principal = providerArn) => sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: principal, SAMLAssertion: assertion }));
  const b64 = (xml: string): string => Buffer.from(xml).toString('base64');
  const fromB64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

  before(async () => {
    gh = await startFixture();
    idp = startSamlIdp();
    providerArn = (await gh.iam.send(new CreateSAMLProviderCommand({ Name: 'corp-idp', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    pair = `${ROLE_ARN},${providerArn}`;
    const trust = policyDocument({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } });
    await gh.iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: trust }));
    await gh.iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'by-subject', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'saml:sub': 'alice@example.com' } } }) }));
    sts = new STSClient({ endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
  });
  after(async () => {
    sts.destroy();
    await gh.close();
  });

  void it('gives a session for a response signed on the Assertion or on the Response, with AWS\'s response fields', async () => {
    for (const signWhat of ['assertion', 'response'] as const) {
      const got = await assume(idp.response({ roles: [pair], signWhat, sessionName: `alice-${signWhat}` }));
      assert.equal(got.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE}/alice-${signWhat}`);
      assert.equal(got.Subject, 'alice@example.com');
      assert.equal(got.SubjectType, 'persistent');
      assert.equal(got.Issuer, idp.entityId);
      assert.equal(got.Audience, 'https://signin.aws.amazon.com/saml');
      assert.match(got.NameQualifier ?? '', /^[A-Za-z0-9+/]{27}=$/);
      // saml:sub reaches the session's own requests.
      const c = got.Credentials!;
      const iam = iamClient(gh.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.RoleName, ROLE);
      iam.destroy();
    }
    // The provider,role order is accepted too, and SessionDuration sets the session's length.
    const reversed = await assume(idp.response({ roles: [`${providerArn},${ROLE_ARN}`], sessionDuration: 1800 }));
    const seconds = (reversed.Credentials!.Expiration!.getTime() - Date.now()) / 1000;
    assert.ok(seconds > 1700 && seconds <= 1800, String(seconds));
  });

  void it('refuses a role the assertion does not list, a missing or bad session name, a provider that does not exist', async () => {
    const denied = { code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithSAML', status: 403 } as const;
    await rejectsWithAws(assume(idp.response({ roles: [`arn:aws:iam::${ACCOUNT_ID}:role/other,${providerArn}`] })), denied);
    await rejectsWithAws(assume(idp.response({ roles: [pair], sessionName: null })), { code: 'InvalidIdentityToken', message: 'RoleSessionName is required in AuthnResponse', status: 400 });
    await rejectsWithAws(assume(idp.response({ roles: [pair], sessionName: 'no spaces allowed' })), { code: 'InvalidIdentityToken', message: 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}', status: 400 });
    await rejectsWithAws(assume(idp.response({ roles: [pair] }), ROLE_ARN, `arn:aws:iam::${ACCOUNT_ID}:saml-provider/nobody`), { code: 'InvalidIdentityToken', message: "Specified provider doesn't exist", status: 400 });
    await rejectsWithAws(assume(idp.response({ roles: [pair] }), 'arn:aws:iam::::1234567890:role/example'), { code: 'ValidationError', message: 'Request ARN is invalid', status: 400 });
  });

  void it('refuses expired assertions, other audiences, and another issuer', async () => {
    const expired = (await assume(idp.response({ roles: [pair], validMinutes: -1 })).then(
      () => ({ name: 'success' }),
      (e: unknown) => e as { name: string },
    ));
    assert.equal(expired.name, 'ExpiredTokenException');
    await rejectsWithAws(assume(idp.response({ roles: [pair], recipient: 'https://evil.example.com/saml' })), { code: 'InvalidIdentityToken', message: /not for this service provider/, status: 400 });
    await rejectsWithAws(assume(idp.response({ roles: [pair], audience: 'https://evil.example.com' })), { code: 'InvalidIdentityToken', message: /not for this service provider/, status: 400 });
    await rejectsWithAws(assume(idp.response({ roles: [pair], issuer: 'https://other-idp.example.com' })), { code: 'InvalidIdentityToken', message: 'Issuer not present in specified provider', status: 400 });
  });

  void describe('signature attacks', () => {
    const invalid = { code: 'InvalidIdentityToken', message: 'Response signature invalid', status: 400 } as const;

    void it('refuses an altered response, one signed by another key, and one with no signature', async () => {
      const good = fromB64(idp.response({ roles: [pair], sessionName: 'alice' }));
      await rejectsWithAws(assume(b64(good.replace('>alice<', '>mallory<'))), invalid);
      await rejectsWithAws(assume(b64(good.replace('alice@example.com', 'admin@example.com'))), invalid);
      const other = rsaCertificate('attacker');
      await rejectsWithAws(assume(idp.response({ roles: [pair], keyPem: other.keyPem })), invalid);
      await rejectsWithAws(assume(b64(idp.responseXml({ roles: [pair] }))), invalid);
      await rejectsWithAws(assume(b64(good.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''))), invalid);
    });

    void it('refuses signature wrapping: a forged assertion beside or around the signed one', async () => {
      // A genuine response for someone else's harmless role, signed on the assertion.
      const genuine = fromB64(idp.response({ roles: [`arn:aws:iam::${ACCOUNT_ID}:role/harmless,${providerArn}`], sessionName: 'victim', assertionId: '_genuine' }));
      const signedAssertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(genuine)![0];
      const forged = idp.responseXml({ roles: [pair], sessionName: 'attacker', assertionId: '_forged' });
      const forgedAssertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(forged)![0];
      // 1. The forged assertion first, the signed one after it.
      await rejectsWithAws(assume(b64(genuine.replace(signedAssertion, forgedAssertion + signedAssertion))), { code: 'InvalidIdentityToken', message: 'Invalid SAML response', status: 400 });
      // 2. The signed assertion hidden in an extension, the forged one in its place.
      const hidden = genuine.replace(signedAssertion, `<samlp:Extensions>${signedAssertion}</samlp:Extensions>${forgedAssertion}`);
      await rejectsWithAws(assume(b64(hidden)), { code: 'InvalidIdentityToken', message: /Invalid SAML response|Response signature invalid/, status: 400 });
      // 3. The forged assertion under the genuine one's ID, the signed one hidden.
      const sameId = genuine.replace(signedAssertion, `<samlp:Extensions>${signedAssertion}</samlp:Extensions>${forgedAssertion.replace('_forged', '_genuine')}`);
      await rejectsWithAws(assume(b64(sameId)), { code: 'InvalidIdentityToken', message: /Invalid SAML response|Response signature invalid/, status: 400 });
      // 4. A response signed whole, with a second assertion added after signing.
      const signedResponse = fromB64(idp.response({ roles: [`arn:aws:iam::${ACCOUNT_ID}:role/harmless,${providerArn}`], signWhat: 'response' }));
      await rejectsWithAws(assume(b64(signedResponse.replace('</samlp:Response>', `${forgedAssertion}</samlp:Response>`))), { code: 'InvalidIdentityToken', message: /Invalid SAML response|Response signature invalid/, status: 400 });
      // 5. A document type declaration (entity expansion) is refused before anything is read.
      await rejectsWithAws(assume(b64(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]>${genuine}`)), { code: 'InvalidIdentityToken', message: 'Invalid SAML response', status: 400 });
      // The signed XML is what counts: re-signing the forged response with the IdP's key works (sanity).
      await assume(b64(signXml(forged, 'Assertion', idp.keyPem, idp.certPem)));
    });
  });

  const cliV1 = CLI_CLIENTS.find((c) => c.label === 'AWS CLI v1');
  void it('works through the AWS CLI v1 (assume-role-with-saml, unsigned)', { skip: cliV1?.bin === undefined ? 'AWS CLI v1 is not installed' : false }, async () => {
    const env = cleanEnv({ AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' });
    const args = (assertion: string): string[] => ['sts', 'assume-role-with-saml', '--endpoint-url', gh.url, '--role-arn', ROLE_ARN, '--principal-arn', providerArn, '--saml-assertion', assertion, '--output', 'json'];
    const ok = await runAwsCli(cliV1!.bin!, args(idp.response({ roles: [pair], sessionName: 'cli' })), env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { AssumedRoleUser: { Arn: string } }).AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE}/cli`);
    const bad = await runAwsCli(cliV1!.bin!, args(b64(fromB64(idp.response({ roles: [pair] })).replace('>alice<', '>mallory<'))), env);
    assert.equal(bad.stderr.trim(), 'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithSAML operation: Response signature invalid');
  });
});
