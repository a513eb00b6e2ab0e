/**
 * The wire, byte for byte: SigV4 failures answered with AWS's codes, statuses and wording, the
 * presigned-query and Query GET forms, x-amzn-RequestId on every response, and the key of a
 * deleted user. Requests are signed by the AWS SDK's own signer (`@smithy/signature-v4`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteAccessKeyCommand, DeleteUserCommand, DeleteUserPolicyCommand, GetUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { presignedQueryGet, rawRequest, signedQueryGet, signedQueryPost, xmlText, xmlUnescape, type RawResponse } from '../support/raw-http.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

function assertQueryError(res: RawResponse, status: number, code: string, message: string | RegExp): void {
  assert.equal(res.status, status, res.body);
  assert.equal(xmlText(res.body, 'Code'), code, res.body);
  assert.equal(xmlText(res.body, 'Type'), 'Sender');
  const text = xmlUnescape(xmlText(res.body, 'Message') ?? '');
  if (typeof message === 'string') assert.equal(text, message);
  else assert.match(text, message);
  assert.match(res.body, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
  const requestId = res.headers['x-amzn-requestid'];
  assert.match(String(requestId), /^[0-9a-f-]{36}$/);
  assert.equal(xmlText(res.body, 'RequestId'), requestId);
}

describe('SigV4 and the Query wire', () => {
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture();
  });
  after(() => gh.close());

  it('answers an unsigned request with MissingAuthenticationToken (403)', async () => {
    const res = await rawRequest(gh.url, { headers: FORM, body: 'Action=ListUsers&Version=2010-05-08' });
    assertQueryError(res, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  });

  it('answers a garbled Authorization header with IncompleteSignature (400)', async () => {
    const res = await rawRequest(gh.url, { headers: { ...FORM, authorization: 'AWS4-HMAC-SHA256 garbage', 'x-amz-date': '20260101T000000Z' }, body: 'Action=ListUsers&Version=2010-05-08' });
    assertQueryError(res, 400, 'IncompleteSignature', "'garbage' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 garbage'.");
  });

  it('answers a wrong secret with SignatureDoesNotMatch and AWS\'s message', async () => {
    const signed = await signedQueryPost(gh.url, { Action: 'ListUsers' }, { credentials: { accessKeyId: gh.root.accessKeyId, secretAccessKey: 'x'.repeat(40) } });
    assertQueryError(
      await rawRequest(gh.url, signed),
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  it('answers a body changed after signing with SignatureDoesNotMatch', async () => {
    const signed = await signedQueryPost(gh.url, { Action: 'ListUsers' }, { credentials: gh.root });
    const res = await rawRequest(gh.url, { ...signed, body: 'Action=ListRoles&Version=2010-05-08' });
    assert.equal(res.status, 403);
    assert.equal(xmlText(res.body, 'Code'), 'SignatureDoesNotMatch');
  });

  it('insists IAM is signed for us-east-1: "Credential should be scoped to a valid region. "', async () => {
    const signed = await signedQueryPost(gh.url, { Action: 'ListUsers' }, { credentials: gh.root, region: 'eu-west-1' });
    assertQueryError(await rawRequest(gh.url, signed), 403, 'SignatureDoesNotMatch', 'Credential should be scoped to a valid region. ');
  });

  it('answers a scope naming another service with "Credential should be scoped to correct service: \'iam\'. "', async () => {
    const signed = await signedQueryPost(gh.url, { Action: 'ListUsers' }, { credentials: gh.root, service: 's3' });
    assertQueryError(await rawRequest(gh.url, signed), 403, 'SignatureDoesNotMatch', "Credential should be scoped to correct service: 'iam'. ");
  });

  it('answers an old signature with "Signature expired: … is now earlier than … (… - 15 min.)"', async () => {
    const signed = await signedQueryPost(gh.url, { Action: 'ListUsers' }, { credentials: gh.root, signingDate: new Date(Date.now() - 60 * 60 * 1000) });
    assertQueryError(await rawRequest(gh.url, signed), 403, 'SignatureDoesNotMatch', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  it('answers an unknown access key with InvalidClientTokenId', async () => {
    const signed = await signedQueryPost(gh.url, { Action: 'ListUsers' }, { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
    assertQueryError(await rawRequest(gh.url, signed), 403, 'InvalidClientTokenId', 'The security token included in the request is invalid');
  });

  it('refuses the key of a deleted user with InvalidClientTokenId', async () => {
    const quinn = await createUserWithKey(gh.iam, 'quinn');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'quinn', PolicyName: 'read', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    const client = gh.iamAs(quinn);
    assert.equal((await client.send(new GetUserCommand({}))).User?.UserName, 'quinn');
    await gh.iam.send(new DeleteAccessKeyCommand({ UserName: 'quinn', AccessKeyId: quinn.accessKeyId }));
    await gh.iam.send(new DeleteUserPolicyCommand({ UserName: 'quinn', PolicyName: 'read' }));
    await gh.iam.send(new DeleteUserCommand({ UserName: 'quinn' }));
    await rejectsWithAws(client.send(new GetUserCommand({})), { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid', status: 403 });
  });

  it('serves a Query GET with the parameters in the query string', async () => {
    const signed = await signedQueryGet(gh.url, { Action: 'GetUser' }, { credentials: gh.root });
    const res = await rawRequest(gh.url, signed);
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /^<GetUserResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
    assert.equal(xmlText(res.body, 'Arn'), 'arn:aws:iam::123456789012:root');
    assert.equal(xmlText(res.body, 'RequestId'), res.headers['x-amzn-requestid']);
  });

  it('serves a presigned GET (signature in X-Amz-Signature) and refuses it once tampered with', async () => {
    const presigned = await presignedQueryGet(gh.url, { Action: 'ListUsers' }, { credentials: gh.root });
    assert.match(presigned.path ?? '', /X-Amz-Signature=[0-9a-f]{64}/);
    const res = await rawRequest(gh.url, presigned);
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /<ListUsersResponse /);
    const tampered = await rawRequest(gh.url, { ...presigned, path: (presigned.path ?? '').replace('Action=ListUsers', 'Action=ListRoles') });
    assert.equal(tampered.status, 403);
    assert.equal(xmlText(tampered.body, 'Code'), 'SignatureDoesNotMatch');
  });

  it('refuses a presigned GET signed more than 15 minutes ago (IAM and STS allow 15 minutes whatever X-Amz-Expires says)', async () => {
    const presigned = await presignedQueryGet(gh.url, { Action: 'ListUsers' }, { credentials: gh.root, expiresIn: 60, signingDate: new Date(Date.now() - 20 * 60 * 1000) });
    const res = await rawRequest(gh.url, presigned);
    assertQueryError(res, 403, 'SignatureDoesNotMatch', /^Signature expired: \d{8}T\d{6}Z is now earlier than /);
  });

  it('puts x-amzn-RequestId on every response: success, service error, auth error, unknown action', async () => {
    const ok = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'ListUsers' }, { credentials: gh.root }));
    const missing = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'GetUser', UserName: 'nobody' }, { credentials: gh.root }));
    const unsigned = await rawRequest(gh.url, { headers: FORM, body: 'Action=ListUsers&Version=2010-05-08' });
    const unknown = await rawRequest(gh.url, await signedQueryPost(gh.url, { Action: 'FlyToTheMoon' }, { credentials: gh.root }));
    assert.deepEqual([ok.status, missing.status, unsigned.status, unknown.status], [200, 404, 403, 400]);
    const ids = [ok, missing, unsigned, unknown].map((r) => String(r.headers['x-amzn-requestid']));
    for (const id of ids) assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(new Set(ids).size, 4);
    assert.equal(xmlText(missing.body, 'Message'), 'The user with name nobody cannot be found.');
    assert.equal(xmlText(unknown.body, 'Code'), 'InvalidAction');
  });
});
