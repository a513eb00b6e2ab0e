/**
 * Hostile input to the account-wide operations (ListPolicies over the AWS managed policies,
 * GetAccountAuthorizationDetails, the last-accessed family, quotas) over raw signed HTTP: bad
 * enums, forged and oversized markers, odd ARNs and namespaces (`__proto__`), oversized documents.
 * Every answer is AWS's 4xx (never a 5xx) and the server stays up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { rawRequest, signedRawPost, xmlText, type RawResponse } from '../support/raw-http.js';

const marker = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('hostile input to policies, exports and reports', () => {
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture();
    await gh.iam.send(new CreateUserCommand({ UserName: 'steady' }));
  });
  after(() => gh.close());

  async function send(params: Record<string, string>): Promise<RawResponse> {
    const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
    return rawRequest(gh.url, await signedRawPost(gh.url, body, { credentials: gh.root }));
  }

  async function expectError(params: Record<string, string>, code: string, message?: string | RegExp): Promise<void> {
    const res = await send(params);
    assert.ok(res.status >= 400 && res.status < 500, `${params.Action}: expected a 4xx, got ${res.status}: ${res.body.slice(0, 300)}`);
    assert.equal(xmlText(res.body, 'Code'), code, res.body.slice(0, 500));
    if (typeof message === 'string') assert.equal(xmlText(res.body, 'Message'), message);
    else if (message !== undefined) assert.match(xmlText(res.body, 'Message') ?? '', message);
  }

  async function expectOk(params: Record<string, string>): Promise<string> {
    const res = await send(params);
    assert.equal(res.status, 200, `${params.Action}: ${res.body.slice(0, 300)}`);
    return res.body;
  }

  it('refuses bad enums, MaxItems and forged markers on ListPolicies and GetAccountAuthorizationDetails', async () => {
    await expectError({ Action: 'ListPolicies', Scope: 'Everything' }, 'ValidationError', /scope/);
    await expectError({ Action: 'ListPolicies', MaxItems: '0' }, 'ValidationError');
    await expectError({ Action: 'ListPolicies', MaxItems: '1001' }, 'ValidationError');
    await expectError({ Action: 'ListPolicies', Marker: 'not-a-marker' }, 'ValidationError', 'Invalid Marker.');
    await expectError({ Action: 'ListPolicies', Marker: marker('offset:-5') }, 'ValidationError', 'Invalid Marker.');
    await expectError({ Action: 'GetAccountAuthorizationDetails', 'Filter.member.1': 'Everything' }, 'ValidationError', /filter/);
    await expectError({ Action: 'GetAccountAuthorizationDetails', Marker: 'x'.repeat(400) }, 'ValidationError');
    // A marker past the end is an empty last page, not an error.
    const past = await expectOk({ Action: 'ListPolicies', Scope: 'AWS', Marker: marker('offset:99999999999999999999') });
    assert.equal(xmlText(past, 'IsTruncated'), 'false');
    const details = await expectOk({ Action: 'GetAccountAuthorizationDetails', Marker: marker('offset:4294967296') });
    assert.equal(xmlText(details, 'IsTruncated'), 'false');
  });

  it('answers odd policy ARNs and version IDs with IAM\'s errors', async () => {
    await expectError({ Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::aws:policy/' }, 'InvalidInput', 'ARN arn:aws:iam::aws:policy/ is not valid.');
    await expectError({ Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::aws:policy/../ReadOnlyAccess' }, 'NoSuchEntity');
    await expectError({ Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::aws:policy/__proto__' }, 'NoSuchEntity', 'Policy arn:aws:iam::aws:policy/__proto__ was not found.');
    await expectError({ Action: 'GetPolicy', PolicyArn: `arn:aws:iam::aws:policy/${'a'.repeat(2100)}` }, 'ValidationError');
    await expectError({ Action: 'GetPolicyVersion', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', VersionId: 'v0' }, 'ValidationError', /versionId/);
    await expectError({ Action: 'GetPolicyVersion', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', VersionId: 'v99999999999999999999' }, 'NoSuchEntity');
    await expectError({ Action: 'AttachUserPolicy', UserName: 'steady', PolicyArn: 'arn:aws:iam::aws:policy/constructor' }, 'NoSuchEntity');
    await expectError({ Action: 'DeletePolicy', PolicyArn: 'arn:aws:iam::999999999999:policy/other-account' }, 'AccessDenied', 'Cannot delete policies outside your own account.');
  });

  it('refuses oversized and malformed documents before counting quotas', async () => {
    await expectError({ Action: 'CreatePolicy', PolicyName: 'huge', PolicyDocument: `{"Version":"2012-10-17","Statement":[${'{},'.repeat(50000)}{}]}` }, 'ValidationError');
    await expectError({ Action: 'CreatePolicy', PolicyName: 'deep', PolicyDocument: `${'['.repeat(5000)}${']'.repeat(5000)}` }, 'MalformedPolicyDocument');
    await expectError({ Action: 'PutUserPolicy', UserName: 'steady', PolicyName: 'x', PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"${'r'.repeat(3000)}"}}` }, 'MalformedPolicyDocument');
  });

  it('answers odd report ARNs, granularities, namespaces and job IDs without a 5xx', async () => {
    await expectError({ Action: 'GenerateServiceLastAccessedDetails', Arn: 'arn:aws:iam::123456789012:user/steady', Granularity: 'EVERYTHING' }, 'ValidationError', /granularity/);
    await expectError({ Action: 'GenerateServiceLastAccessedDetails', Arn: ':::::::::::::::::::::::' }, 'InvalidInput');
    await expectError({ Action: 'GenerateServiceLastAccessedDetails', Arn: 'arn:aws:iam::123456789012:root' }, 'InvalidInput');
    await expectError({ Action: 'GenerateServiceLastAccessedDetails', Arn: 'arn:aws:iam::123456789012:user/__proto__' }, 'NoSuchEntity', 'The user with name __proto__ cannot be found.');
    await expectError({ Action: 'GenerateServiceLastAccessedDetails', Arn: `arn:aws:iam::123456789012:user/${'u'.repeat(2100)}` }, 'ValidationError');
    const job = xmlText(await expectOk({ Action: 'GenerateServiceLastAccessedDetails', Arn: 'arn:aws:iam::123456789012:user/steady' }), 'JobId') ?? '';
    for (const namespace of ['__proto__', 'constructor', 'hasOwnProperty', 'x'.repeat(64)]) {
      const body = await expectOk({ Action: 'GetServiceLastAccessedDetailsWithEntities', JobId: job, ServiceNamespace: namespace });
      assert.equal(xmlText(body, 'JobStatus'), 'COMPLETED');
    }
    await expectError({ Action: 'GetServiceLastAccessedDetailsWithEntities', JobId: job, ServiceNamespace: 's3*' }, 'ValidationError');
    await expectError({ Action: 'GetServiceLastAccessedDetails', JobId: '../../../../../../../../etc/passwd/x' }, 'NoSuchEntity');
    await expectError({ Action: 'GetServiceLastAccessedDetails', JobId: job, Marker: marker('offset:x') }, 'ValidationError', 'Invalid Marker.');
    const namespaces = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`ServiceNamespaces.member.${i + 1}`, `ns${i}`]));
    await expectError({ Action: 'ListPoliciesGrantingServiceAccess', Arn: 'arn:aws:iam::123456789012:user/steady', ...namespaces }, 'ValidationError');
    const odd = await expectOk({ Action: 'ListPoliciesGrantingServiceAccess', Arn: 'arn:aws:iam::123456789012:user/steady', 'ServiceNamespaces.member.1': '__proto__', 'ServiceNamespaces.member.2': 'toString' });
    assert.match(odd, /<ServiceNamespace>__proto__<\/ServiceNamespace>/);
    await expectError({ Action: 'GenerateOrganizationsAccessReport', EntityPath: 'not-a-path' }, 'ValidationError');
  });

  it('is still up and has lost nothing', async () => {
    const health = await rawRequest(gh.url, { method: 'GET', path: '/_gatehouse/health' });
    assert.equal(health.status, 200);
    assert.equal((await gh.iam.send(new GetUserCommand({ UserName: 'steady' }))).User?.UserName, 'steady');
  });
});
