/**
 * Hostile input over raw HTTP: malformed signatures, bad percent-encoding, invalid UTF-8, huge
 * headers, 10 MB bodies, wrong content types, JSON to the Query endpoint, unknown and missing
 * Action, deeply nested and repeated parameters, garbage X-Amz-Target; malformed OIDC provider
 * URLs and thumbprints, hostile SAML metadata (external entities, entity expansion, deep nesting),
 * bad names and identifiers; malformed input to the credential operations (passwords, MFA codes,
 * keys, certificates); and at the proxy: garbage after CONNECT, TLS garbage, odd ports and
 * authorities, hostile requests inside a tunnel. Every answer is a 4xx (never a 5xx), the server
 * stays up, and what was written before is intact.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { rawRequest, signedQueryPost, signedRawPost, xmlText, xmlUnescape, type RawRequest, type RawResponse } from '../support/raw-http.js';
import { closedWithin, connectRequest, exchangeOver, sendToProxy, tlsThroughProxy } from '../support/proxy-client.js';
import { readFileSync } from 'node:fs';
import { iamCoverage } from '../../src/services/iam/coverage.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('hostile input', () => {
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture();
    await gh.iam.send(new CreateUserCommand({ UserName: 'before-the-storm', Tags: [{ Key: 'k', Value: 'v' }] }));
  });
  after(() => gh.close());

  /** A request signed as root with a raw body (signature valid over exactly these bytes). */
  function signedRaw(body: string, headers: Record<string, string> = {}): Promise<RawRequest> {
    return signedRawPost(gh.url, body, { credentials: gh.root, headers });
  }

  function assertAws4xx(res: RawResponse, code?: string | RegExp): void {
    assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx, got ${res.status}: ${res.body.slice(0, 300)}`);
    assert.match(String(res.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/, 'x-amzn-RequestId');
    if (code !== undefined) {
      const actual = xmlText(res.body, 'Code') ?? (JSON.parse(res.body || '{}') as { __type?: string }).__type ?? '';
      if (typeof code === 'string') assert.equal(actual, code, res.body);
      else assert.match(actual, code, res.body);
    }
  }

  it('answers malformed Authorization headers with IncompleteSignature or SignatureDoesNotMatch', async () => {
    const bad = [
      'AWS4-HMAC-SHA256',
      'AWS4-HMAC-SHA256 Credential=',
      'AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=00',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2026/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=zz',
      'AWS4-HMAC-SHA1 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00',
      'Bearer abc',
      '\u00ff\u00fe',
      'AWS4-HMAC-SHA256 ' + 'Credential=x,'.repeat(500),
    ];
    for (const authorization of bad) {
      const res = await rawRequest(gh.url, { headers: { ...FORM, authorization: Buffer.from(authorization, 'latin1').toString('latin1'), 'x-amz-date': '20260101T000000Z' }, body: 'Action=ListUsers&Version=2010-05-08' });
      assertAws4xx(res, /^(IncompleteSignature|SignatureDoesNotMatch|InvalidClientTokenId|MissingAuthenticationToken)$/);
    }
  });

  it('answers bad percent-encoding, invalid UTF-8 and NUL bytes without a 5xx', async () => {
    for (const body of ['Action=GetUser&UserName=%ZZ&Version=2010-05-08', 'Action=GetUser&UserName=%&Version=2010-05-08', 'Action=GetUser&UserName=%C3%28&Version=2010-05-08', 'Action=GetUser&UserName=a%00b&Version=2010-05-08']) {
      assertAws4xx(await rawRequest(gh.url, await signedRaw(body)));
    }
    const invalidUtf8 = Buffer.concat([Buffer.from('Action=GetUser&Version=2010-05-08&UserName='), Buffer.from([0xc3, 0x28, 0xff, 0xfe])]);
    assertAws4xx(await rawRequest(gh.url, { headers: FORM, body: invalidUtf8 }), 'MissingAuthenticationToken');
    assertAws4xx(await rawRequest(gh.url, { method: 'GET', path: '/?Action=ListUsers&Version=%ZZ%' }));
  });

  it('answers huge headers with a 4xx (431) and stays up', async () => {
    const res: RawResponse | Error = await rawRequest(gh.url, { headers: { ...FORM, 'x-junk': 'a'.repeat(64 * 1024) }, body: 'Action=ListUsers&Version=2010-05-08' }).catch((e: unknown) =>
      e instanceof Error ? e : new Error(String(e)),
    );
    if (res instanceof Error) assert.match(res.message, /socket hang up|ECONNRESET/);
    else assert.equal(res.status, 431);
  });

  it('takes 10 MB bodies without a 5xx, and refuses bodies over the limit with a 4xx', async () => {
    const big = 'Action=ListUsers&Version=2010-05-08&Junk=' + 'x'.repeat(10 * 1024 * 1024);
    assertAws4xx(await rawRequest(gh.url, { headers: FORM, body: big }), 'MissingAuthenticationToken');
    const signed = await rawRequest(gh.url, await signedRaw(big));
    assert.ok(signed.status < 500, `status ${signed.status}`);
    const huge = 'Action=ListUsers&Version=2010-05-08&Junk=' + 'x'.repeat(17 * 1024 * 1024);
    assertAws4xx(await rawRequest(gh.url, { headers: FORM, body: huge }));
  });

  it('refuses non-form content types and JSON sent to the Query endpoint', async () => {
    assertAws4xx(await rawRequest(gh.url, { headers: { 'content-type': 'application/json' }, body: '{"Action":"ListUsers"}' }));
    assertAws4xx(await rawRequest(gh.url, await signedRaw('{"Action":"ListUsers","Version":"2010-05-08"}', { 'content-type': 'application/json' })));
    assertAws4xx(await rawRequest(gh.url, await signedRaw('<xml/>', { 'content-type': 'text/xml' })));
    assertAws4xx(await rawRequest(gh.url, { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\n--x--' }));
  });

  it('answers an unknown Action with InvalidAction and a missing Action with a 4xx', async () => {
    const unknown = await rawRequest(gh.url, await signedRaw('Action=DropAllTables&Version=2010-05-08'));
    assertAws4xx(unknown, 'InvalidAction');
    assert.equal(unknown.status, 400);
    assertAws4xx(await rawRequest(gh.url, await signedRaw('Version=2010-05-08&UserName=x')), /^(MissingAction|InvalidAction|ValidationError)$/);
    assertAws4xx(await rawRequest(gh.url, await signedRaw('')), /^(MissingAction|InvalidAction|ValidationError)$/);
  });

  it('answers deeply nested and repeated parameters with a 4xx or an ordinary answer, never a 5xx', async () => {
    const deep = 'Action=CreateUser&Version=2010-05-08&UserName=deep&Tags' + '.member.1'.repeat(2000) + '.Key=a';
    const deepRes = await rawRequest(gh.url, await signedRaw(deep));
    assert.ok(deepRes.status < 500, `status ${deepRes.status}: ${deepRes.body.slice(0, 200)}`);
    const repeated = 'Action=GetUser&Version=2010-05-08' + '&UserName=x'.repeat(5000);
    const repRes = await rawRequest(gh.url, await signedRaw(repeated));
    assert.ok(repRes.status < 500, `status ${repRes.status}`);
    const many = 'Action=CreateUser&Version=2010-05-08&UserName=many' + Array.from({ length: 3000 }, (_, i) => `&Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join('');
    assertAws4xx(await rawRequest(gh.url, await signedRaw(many)));
    const sparse = 'Action=CreateUser&Version=2010-05-08&UserName=sparse&Tags.member.999999999.Key=a&Tags.member.999999999.Value=b';
    const sparseRes = await rawRequest(gh.url, await signedRaw(sparse));
    assert.ok(sparseRes.status < 500, `status ${sparseRes.status}`);
  });

  it('answers a garbage X-Amz-Target with a 4xx', async () => {
    for (const target of ['garbage', 'CloudTrail_20131101.', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DropEverything', 'AWSOrganizationsV20161128.ListAccounts', 'x'.repeat(5000)]) {
      const res = await rawRequest(gh.url, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body: '{}' });
      assertAws4xx(res);
    }
    // An unsigned call to a JSON service is refused in that service's protocol.
    const organizations = await rawRequest(gh.url, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' }, body: '{}' });
    assertAws4xx(organizations, 'MissingAuthenticationToken');
    assert.equal(organizations.headers['content-type'], 'application/x-amz-json-1.1');
  });

  /** A signed IAM Query request with these parameters; must be answered with a 4xx whose code is one of `codes`. */
  async function refused(form: Record<string, string>, codes: RegExp): Promise<void> {
    const res = await rawRequest(gh.url, await signedQueryPost(gh.url, form, { credentials: gh.root }));
    assertAws4xx(res, codes);
  }

  it('answers malformed OIDC provider URLs, thumbprints and client IDs with IAM\'s errors', async () => {
    const urls = [
      '',
      'example.org',
      'http://example.org',
      'https://',
      'https://user:pw@example.org',
      'https://example.org/?q=1',
      'https://example.org/#x',
      'https://exa mple.org',
      'https://\u00fcber.example',
      'https://example.org\u0000/x',
      'javascript:alert(1)',
      `https://${'a'.repeat(300)}.example.org`,
      'https://[::1',
      'https://..',
    ];
    for (const url of urls) await refused({ Action: 'CreateOpenIDConnectProvider', Url: url, 'ThumbprintList.member.1': 'a'.repeat(40) }, /^(ValidationError|InvalidInput)$/);
    const ok = 'https://hostile.example.org';
    await refused({ Action: 'CreateOpenIDConnectProvider', Url: ok, 'ThumbprintList.member.1': 'z'.repeat(40) }, /^InvalidInput$/);
    await refused({ Action: 'CreateOpenIDConnectProvider', Url: ok, 'ThumbprintList.member.1': '\u00e9'.repeat(40) }, /^InvalidInput$/);
    await refused({ Action: 'CreateOpenIDConnectProvider', Url: ok, 'ThumbprintList.member.1': 'a'.repeat(39) }, /^ValidationError$/);
    const manyThumbs: Record<string, string> = { Action: 'CreateOpenIDConnectProvider', Url: ok };
    for (let i = 1; i <= 2000; i++) manyThumbs[`ThumbprintList.member.${i}`] = 'a'.repeat(40);
    await refused(manyThumbs, /^InvalidInput$/);
    const manyClients: Record<string, string> = { Action: 'CreateOpenIDConnectProvider', Url: ok };
    for (let i = 1; i <= 5000; i++) manyClients[`ClientIDList.member.${i}`] = `client-${i}`;
    await refused(manyClients, /^LimitExceeded$/);
    for (const arn of ['', 'not-an-arn', 'arn:aws:iam::123456789012:oidc-provider/', 'arn:aws:iam::123456789012:role/x', `arn:aws:iam::123456789012:oidc-provider/${'x'.repeat(3000)}`]) {
      await refused({ Action: 'GetOpenIDConnectProvider', OpenIDConnectProviderArn: arn }, /^(ValidationError|InvalidInput|NoSuchEntity)$/);
    }
  });

  it('answers hostile SAML metadata with InvalidInput and never reads an external entity', async () => {
    const pad = ' '.repeat(1000);
    const documents = [
      `not xml${pad}`,
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;"/>${pad}`,
      `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><lolz>&lol2;</lolz>${pad}`,
      '<a>'.repeat(200_000) + '</a>'.repeat(200_000),
      `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:IDPSSODescriptor><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${'A'.repeat(5000)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>`,
      `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${'x'.repeat(2_000_000)}"/>`,
      `${'\u0000'.repeat(1000)}`,
    ];
    for (const doc of documents) await refused({ Action: 'CreateSAMLProvider', Name: 'hostile', SAMLMetadataDocument: doc }, /^(InvalidInput|ValidationError)$/);
    await refused({ Action: 'CreateSAMLProvider', Name: 'hostile', SAMLMetadataDocument: `<x>${'y'.repeat(10_000_001)}</x>` }, /^ValidationError$/);
  });

  it('answers bad names and identifiers of the new resources with ValidationError or InvalidInput', async () => {
    for (const name of ['a/b', '', 'x'.repeat(129), 'bad name', '..\u0000', '\u00e9t\u00e9']) {
      await refused({ Action: 'CreateSAMLProvider', Name: name, SAMLMetadataDocument: `<x>${'y'.repeat(1000)}</x>` }, /^ValidationError$/);
    }
    for (const name of ['a/b', 'x'.repeat(129), 'bad name', '\u00e9']) await refused({ Action: 'CreateInstanceProfile', InstanceProfileName: name }, /^ValidationError$/);
    await refused({ Action: 'CreateInstanceProfile', InstanceProfileName: 'p', Path: '//double//' }, /^ValidationError$/);
    for (const service of ['', 'x/y', 'eks.amazonaws.com/../iam', 'not-a-service']) {
      await refused({ Action: 'CreateServiceLinkedRole', AWSServiceName: service }, /^(ValidationError|InvalidInput)$/);
    }
    await refused({ Action: 'CreateServiceLinkedRole', AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'x'.repeat(64) }, /^InvalidInput$/);
    await refused({ Action: 'CreateServiceLinkedRole', AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'a/b' }, /^ValidationError$/);
    for (const id of ['task', 'task/aws-service-role/../../x', 'x'.repeat(1001), 'task/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS/00000000-0000-0000-0000-000000000000']) {
      await refused({ Action: 'GetServiceLinkedRoleDeletionStatus', DeletionTaskId: id }, /^(ValidationError|InvalidInput|NoSuchEntity)$/);
    }
    for (const alias of ['UPPER', 'a', '-x-', 'a--b', '\u00e9\u00e9\u00e9', 'x'.repeat(64)]) await refused({ Action: 'CreateAccountAlias', AccountAlias: alias }, /^ValidationError$/);
    await refused({ Action: 'SetSecurityTokenServicePreferences', GlobalEndpointTokenVersion: 'v9' }, /^ValidationError$/);
    await refused({ Action: 'UpdateSAMLProvider', SAMLProviderArn: 'arn:aws:iam::123456789012:saml-provider/none', RemovePrivateKey: 'short' }, /^ValidationError$/);
    await refused({ Action: 'CreateSAMLProvider', Name: 'withkey', SAMLMetadataDocument: `<x>${'y'.repeat(1000)}</x>`, AddPrivateKey: 'garbage' }, /^InvalidInput$/);
  });

  it('answers malformed input to the credential operations with AWS\'s 4xx errors, never a 5xx', async () => {
    const q = (action: string, params: Record<string, string>): string =>
      new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
    const lengthBomb = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-rsa'), Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.alloc(16)]).toString('base64');
    const garbagePem = `-----BEGIN CERTIFICATE-----\n${'%%%%'.repeat(40)}\n-----END CERTIFICATE-----\n`;
    const manyTags: Record<string, string> = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [[`Tags.member.${i + 1}.Key`, `k${i}`], [`Tags.member.${i + 1}.Value`, 'v']]).flat() as [string, string][]);
    const cases: readonly [string, RegExp][] = [
      // Passwords and the password policy.
      [q('CreateLoginProfile', { UserName: 'before-the-storm', Password: 'x'.repeat(129) }), /^ValidationError$/],
      [q('CreateLoginProfile', { UserName: 'before-the-storm', Password: 'Ĳ-not-latin-1-Ā' }), /^ValidationError$/],
      [q('CreateLoginProfile', { UserName: 'before-the-storm' }), /^ValidationError$/],
      [q('CreateLoginProfile', { UserName: 'before-the-storm', Password: '' }), /^ValidationError$/],
      [q('ChangePassword', { OldPassword: 'x' }), /^(ValidationError|InvalidUserType)$/],
      [q('UpdateLoginProfile', { UserName: 'no/such/user', Password: 'Aa1!aaaaaa' }), /^ValidationError$/],
      [q('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 'abc' }), /^ValidationError$/],
      [q('UpdateAccountPasswordPolicy', { MinimumPasswordLength: '99999999999999999999999', MaxPasswordAge: '-1' }), /^ValidationError$/],
      [q('UpdateAccountPasswordPolicy', { RequireSymbols: 'maybe' }), /^ValidationError$/],
      // Virtual MFA.
      [q('CreateVirtualMFADevice', {}), /^ValidationError$/],
      [q('CreateVirtualMFADevice', { VirtualMFADeviceName: 'bad name!' }), /^ValidationError$/],
      [q('CreateVirtualMFADevice', { VirtualMFADeviceName: 'd', Path: `/${'a'.repeat(600)}/` }), /^ValidationError$/],
      [q('CreateVirtualMFADevice', { VirtualMFADeviceName: 'many-tags', ...manyTags }), /^(ValidationError|LimitExceeded)$/],
      [q('EnableMFADevice', { UserName: 'before-the-storm', SerialNumber: 'x'.repeat(300), AuthenticationCode1: 'abcdef', AuthenticationCode2: '1' }), /^ValidationError$/],
      [q('EnableMFADevice', { UserName: 'before-the-storm', SerialNumber: 'arn:aws:iam::123456789012:mfa/none', AuthenticationCode1: '123456', AuthenticationCode2: '654321' }), /^NoSuchEntity$/],
      [q('ResyncMFADevice', { UserName: 'before-the-storm', SerialNumber: '/////////', AuthenticationCode1: '000000', AuthenticationCode2: '000000' }), /^NoSuchEntity$/],
      [q('DeleteVirtualMFADevice', { SerialNumber: 'GAHT12345678' }), /^NoSuchEntity$/],
      [q('ListVirtualMFADevices', { AssignmentStatus: 'Maybe' }), /^ValidationError$/],
      [q('ListVirtualMFADevices', { Marker: '\u0000garbage' }), /^ValidationError$/],
      [q('ListMFADevices', { MaxItems: '0' }), /^ValidationError$/],
      [q('UntagMFADevice', { SerialNumber: 'arn:aws:iam::123456789012:mfa/none' }), /^ValidationError$/],
      // SSH keys and certificates.
      [q('UploadSSHPublicKey', { UserName: 'before-the-storm', SSHPublicKeyBody: `ssh-rsa ${lengthBomb}` }), /^InvalidPublicKey$/],
      [q('UploadSSHPublicKey', { UserName: 'before-the-storm', SSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAA/w==' }), /^InvalidPublicKey$/],
      [q('UploadSSHPublicKey', { UserName: 'before-the-storm', SSHPublicKeyBody: '-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----' }), /^InvalidPublicKey$/],
      [q('UploadSSHPublicKey', { UserName: 'before-the-storm', SSHPublicKeyBody: 'x'.repeat(16385) }), /^ValidationError$/],
      [q('GetSSHPublicKey', { UserName: 'before-the-storm', SSHPublicKeyId: 'APKAEIBAERJR2EXAMPLE', Encoding: 'XML' }), /^ValidationError$/],
      [q('UploadSigningCertificate', { UserName: 'before-the-storm', CertificateBody: garbagePem }), /^MalformedCertificate$/],
      [q('UploadSigningCertificate', { UserName: 'before-the-storm', CertificateBody: Buffer.from([0x30, 0x82, 0xff, 0xff, 0x30, 0x00]).toString('latin1') }), /^(MalformedCertificate|ValidationError)$/],
      [
        q('UploadServerCertificate', { ServerCertificateName: 's', CertificateBody: garbagePem, PrivateKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----' }),
        /^MalformedCertificate$/,
      ],
      [q('UploadServerCertificate', { ServerCertificateName: 's', CertificateBody: garbagePem, PrivateKey: 'k', CertificateChain: garbagePem.repeat(200) }), /^MalformedCertificate$/],
      [q('UpdateServerCertificate', { ServerCertificateName: 'none', NewPath: 'no-slashes' }), /^ValidationError$/],
      [q('UpdateSigningCertificate', { CertificateId: 'short', Status: 'Active' }), /^ValidationError$/],
      // Service-specific credentials and the credential report.
      [q('CreateServiceSpecificCredential', { UserName: 'before-the-storm', ServiceName: 'x'.repeat(10_000) }), /^NoSuchEntity$/],
      [q('CreateServiceSpecificCredential', { UserName: 'before-the-storm', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: '0' }), /^ValidationError$/],
      [q('ResetServiceSpecificCredential', { ServiceSpecificCredentialId: 'with-hyphens-and-more-text' }), /^ValidationError$/],
      [q('ListServiceSpecificCredentials', { UserName: 'before-the-storm', AllUsers: 'true' }), /^InvalidInput$/],
      [q('GetCredentialReport', { Unexpected: 'x'.repeat(1000) }), /^ReportNotPresent$/],
    ];
    for (const [body, code] of cases) {
      const res = await rawRequest(gh.url, await signedRaw(body));
      assertAws4xx(res, code);
    }
  });

  it('at the proxy: answers bad CONNECTs with a 4xx and closes tunnels that carry no TLS, at once', async () => {
    const port = Number(new URL(gh.url).port);
    const statuses: Record<string, number> = {};
    for (const authority of ['iam.amazonaws.com:0', 'iam.amazonaws.com:99999', 'iam.amazonaws.com', '[::1', 'iam.amazonaws.com:22', 'iam.amazonaws.com:4599', 'example.com:443', `${'a'.repeat(300)}.amazonaws.com:443`]) {
      statuses[authority.slice(0, 40)] = (await sendToProxy(port, connectRequest(authority))).status;
    }
    assert.deepEqual(statuses, {
      'iam.amazonaws.com:0': 400,
      'iam.amazonaws.com:99999': 400,
      'iam.amazonaws.com': 400,
      '[::1': 400,
      'iam.amazonaws.com:22': 403,
      'iam.amazonaws.com:4599': 403,
      'example.com:443': 403,
      [`${'a'.repeat(40)}`]: 400,
    });
    const huge = await sendToProxy(port, connectRequest(`${'a'.repeat(20_000)}.amazonaws.com:443`));
    assert.equal(huge.status, 431);
    for (const garbage of [Buffer.from('GET / HTTP/1.1\r\nHost: iam.amazonaws.com\r\n\r\n'), Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff, 0x01]), Buffer.alloc(70_000, 0x41)]) {
      const tunnel = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      assert.equal(tunnel.status, 200);
      tunnel.socket.write(garbage);
      assert.ok((await closedWithin(tunnel.socket, 3000)) < 3000);
    }
  });

  it('inside a tunnel: answers hostile requests as on the plain port', async () => {
    const port = Number(new URL(gh.url).port);
    const ca = readFileSync(gh.server.caFile, 'utf8');
    const nul = await exchangeOver(await tlsThroughProxy(port, 'iam.amazonaws.com', ca), 'POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nX-Amz-Date: 2026\x00\r\nContent-Length: 0\r\n\r\n');
    assert.match(nul.text, /^HTTP\/1\.1 400 /);
    const big = await exchangeOver(await tlsThroughProxy(port, 'iam.amazonaws.com', ca), `POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
    assert.match(big.text, /^HTTP\/1\.1 413 [\s\S]*<Code>RequestEntityTooLarge<\/Code>/);
    const unsigned = await exchangeOver(await tlsThroughProxy(port, 'sts.amazonaws.com', ca), 'POST / HTTP/1.1\r\nHost: sts.amazonaws.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 35\r\nConnection: close\r\n\r\nAction=ListUsers&Version=2010-05-08');
    assert.match(unsigned.text, /^HTTP\/1\.1 403 [\s\S]*MissingAuthenticationToken/);
  });

  it('answers the operations Gatehouse does not serve, with any input, as a client error naming the operation', async () => {
    const { unserved } = iamCoverage();
    assert.ok(unserved.length > 0 && unserved.length <= 10);
    const hostile = ['', '\u0000', 'x'.repeat(70_000), '../../etc/passwd', '%ZZ', '\u00ff\u00fe', '{"a":'.repeat(500)];
    for (const action of unserved) {
      for (const value of hostile) {
        const form = { Action: action, DelegationRequestId: value, OwnerAccountId: value, Description: value, EntityArn: value, Locale: value, 'Permissions.Parameters.member.1.Name': value };
        const res = await rawRequest(gh.url, await signedQueryPost(gh.url, form, { credentials: gh.root }));
        assertAws4xx(res, /^(ValidationError|InvalidAction)$/);
        if (xmlText(res.body, 'Code') === 'InvalidAction') assert.match(xmlText(res.body, 'Message') ?? '', new RegExp(`^Gatehouse does not implement IAM ${action} yet\\.$`));
      }
      // Well-formed input reaches the refusal itself.
      const res = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: action, DelegationRequestId: 'abcdefghij', EntityArn: 'arn:aws:iam::123456789012:delegation-request/abcdefghij' }, { credentials: gh.root }));
      assertAws4xx(res, /^(ValidationError|InvalidAction)$/);
    }
  });

  it('reports many violations at once in IAM\'s order without slowing down, and a trust policy that is not JSON as IAM does', async () => {
    const keys = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [[`Tags.member.${i + 1}.Key`, `bad#${i}`], [`Tags.member.${i + 1}.Value`, 'v'.repeat(300)]]).flat() as [string, string][]);
    const started = Date.now();
    const res = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'CreateRole', RoleName: 'x'.repeat(65), AssumeRolePolicyDocument: '{', MaxSessionDuration: '1', ...keys }, { credentials: gh.root }));
    assertAws4xx(res, /^ValidationError$/);
    assert.match(xmlUnescape(xmlText(res.body, 'Message') ?? ''), /^\d+ validation errors detected: Value at '/);
    assert.ok(Date.now() - started < 5000);
    for (const document of ['{', '{"Version":"2012-10-17","Statement":[', '\u0000', '[]'.repeat(10_000), 'null']) {
      const bad = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'CreateRole', RoleName: 'not-json', AssumeRolePolicyDocument: document }, { credentials: gh.root }));
      assertAws4xx(bad, /^(MalformedPolicyDocument|ValidationError)$/);
    }
  });

  it('is still up and has lost nothing', async () => {
    const health = await rawRequest(gh.url, { method: 'GET', path: '/_gatehouse/health' });
    assert.equal(health.status, 200);
    const u = await gh.iam.send(new GetUserCommand({ UserName: 'before-the-storm' }));
    assert.deepEqual(u.User?.Tags, [{ Key: 'k', Value: 'v' }]);
    const names = (await gh.iam.send(new ListUsersCommand({}))).Users?.map((x) => x.UserName) ?? [];
    assert.ok(names.includes('before-the-storm'));
  });
});
