/** The verifier's answers: who signed, or which AWS error, for each way a request can be wrong. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNSIGNED_PAYLOAD } from './payload-hash.js';
import { presignRequest, signRequest, type SignOptions } from './sign-request.js';
import { SigningKeyCache } from './signing-key.js';
import {
  verifyRequest,
  verifyRequestSync,
  type SignedRequest,
  type SigningSecret,
  type VerifiableRequest,
  type VerificationResult,
  type VerifySyncOptions,
} from './verify-request.js';

interface StoredKey extends SigningSecret {
  readonly userName: string;
}

const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const INACTIVE_KEY_ID = 'AKIAI44QH8DHBEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2024-05-01T10:00:00Z');
const KEYS = new Map<string, StoredKey>([
  [ACCESS_KEY_ID, { secretAccessKey: SECRET, status: 'Active', userName: 'alice' }],
  [INACTIVE_KEY_ID, { secretAccessKey: SECRET, status: 'Inactive', userName: 'bob' }],
]);

const LIST_USERS: SignedRequest = {
  method: 'POST',
  path: '/',
  headers: { host: 'iam.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: Buffer.from('Action=ListUsers&Version=2010-05-08'),
};

function signOptions(overrides: Partial<SignOptions> = {}): SignOptions {
  return { credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }, region: 'us-east-1', service: 'iam', now: NOW, ...overrides };
}

function signed(overrides: Partial<SignOptions> = {}, request: SignedRequest = LIST_USERS): SignedRequest {
  return { ...request, headers: signRequest(request, signOptions(overrides)) };
}

const seen: Array<[string, string | undefined]> = [];
const OPTIONS: VerifySyncOptions<StoredKey> = {
  now: NOW,
  expectedService: 'iam',
  expectedRegion: 'us-east-1',
  lookupSecret: (id, token) => {
    seen.push([id, token]);
    return KEYS.get(id);
  },
};

function verify(request: VerifiableRequest, options: Partial<VerifySyncOptions<StoredKey>> = {}): VerificationResult<StoredKey> {
  return verifyRequestSync(request, { ...OPTIONS, ...options });
}

function expectError(result: VerificationResult<StoredKey>, reason: string, code: string, httpStatus: number, message: string): void {
  assert.ok(!result.ok, 'expected an error');
  assert.deepEqual({ reason: result.reason, code: result.code, httpStatus: result.httpStatus, message: result.message }, { reason, code, httpStatus, message });
}

function replaceAuthorization(request: SignedRequest, from: string | RegExp, to: string): SignedRequest {
  const authorization = request.headers.authorization;
  assert.equal(typeof authorization, 'string');
  return { ...request, headers: { ...request.headers, authorization: (authorization as string).replace(from, to) } };
}

describe('verifyRequestSync', () => {
  it('takes headers already indexed by lowercase name, as the server parses them, with the same answer', () => {
    const request = signed();
    const index = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : [...(v ?? [])]]));
    const byMap = verify({ ...request, headers: index });
    assert.ok(byMap.ok, byMap.ok ? '' : byMap.message);
    index.set('x-amz-date', ['20240501T100001Z']);
    assert.equal(verify({ ...request, headers: index }).ok, false, 'a changed signed header breaks the signature');
  });

  it('says who signed a good request', () => {
    const result = verify(signed());
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.form, 'authorization-header');
    assert.equal(result.accessKeyId, ACCESS_KEY_ID);
    assert.deepEqual(result.scope, { date: '20240501', region: 'us-east-1', service: 'iam' });
    assert.equal(result.amzDate, '20240501T100000Z');
    assert.equal(result.requestTime.toISOString(), NOW.toISOString());
    assert.deepEqual(result.signedHeaders, ['content-type', 'host', 'x-amz-date']);
    assert.equal(result.sessionToken, undefined);
    assert.equal(result.secret.userName, 'alice');
  });

  it('passes the session token through, and to the lookup', () => {
    seen.length = 0;
    const request = signed({ credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, sessionToken: 'FwoGZXIvYXdzEXAMPLE' } });
    const result = verify(request);
    assert.ok(result.ok);
    assert.equal(result.sessionToken, 'FwoGZXIvYXdzEXAMPLE');
    assert.deepEqual(result.signedHeaders, ['content-type', 'host', 'x-amz-date', 'x-amz-security-token']);
    assert.deepEqual(seen, [[ACCESS_KEY_ID, 'FwoGZXIvYXdzEXAMPLE']]);
  });

  it('answers an unsigned request with MissingAuthenticationToken', () => {
    expectError(verify(LIST_USERS), 'missing-authentication', 'MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  });

  it('treats an Authorization header of another scheme as no authentication', () => {
    const request = { ...LIST_USERS, headers: { ...LIST_USERS.headers, authorization: 'Bearer eyJ0eXAiOiJKV1Qi' } };
    expectError(verify(request), 'missing-authentication', 'MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  });

  it('refuses a request signed both in the header and in the query', () => {
    const request = { ...signed(), path: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256' };
    expectError(
      verify(request),
      'both-forms',
      'IncompleteSignature',
      400,
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  });

  it('names a parameter without an equal sign', () => {
    const request = replaceAuthorization(signed(), `Credential=${ACCESS_KEY_ID}/`, `Credential=${ACCESS_KEY_ID} /`);
    const result = verify(request);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'header-pair-malformed');
    assert.equal(result.code, 'IncompleteSignature');
    assert.match(result.message, /^'\/20240501\/us-east-1\/iam\/aws4_request' not a valid key=value pair \(missing equal-sign\) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE \/20240501/);
  });

  it('lists the missing Authorization parameters and the missing date', () => {
    const request = { ...LIST_USERS, headers: { ...LIST_USERS.headers, authorization: 'AWS4-HMAC-SHA256' } };
    expectError(
      verify(request),
      'header-parameters-missing',
      'IncompleteSignature',
      400,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=AWS4-HMAC-SHA256',
    );
  });

  it('lists the missing presigned parameters, counting empty ones as missing', () => {
    expectError(
      verify({ ...LIST_USERS, path: '/?X-Amz-Algorithm' }),
      'query-parameters-missing',
      'IncompleteSignature',
      400,
      "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. " +
        "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
        "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
  });

  it('refuses a date that is not in the basic format', () => {
    const request = signed();
    expectError(
      verify({ ...request, headers: { ...request.headers, 'x-amz-date': '201' } }),
      'date-malformed',
      'IncompleteSignature',
      400,
      "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  it('refuses a signature more than 15 minutes old, and accepts one exactly 15 minutes old', () => {
    expectError(
      verify(signed({ now: new Date(NOW.getTime() - 20 * 60_000) })),
      'signature-expired',
      'SignatureDoesNotMatch',
      403,
      'Signature expired: 20240501T094000Z is now earlier than 20240501T094500Z (20240501T100000Z - 15 min.)',
    );
    assert.ok(verify(signed({ now: new Date(NOW.getTime() - 15 * 60_000) })).ok);
  });

  it('refuses a signature more than 15 minutes ahead', () => {
    expectError(
      verify(signed({ now: new Date(NOW.getTime() + 20 * 60_000) })),
      'signature-not-yet-current',
      'SignatureDoesNotMatch',
      403,
      'Signature not yet current: 20240501T102000Z is still later than 20240501T101500Z (20240501T100000Z + 15 min.)',
    );
  });

  it('uses the configured clock skew in the check and in the message', () => {
    const result = verify(signed({ now: new Date(NOW.getTime() - 6 * 60_000) }), { clockSkewSeconds: 300 });
    assert.ok(!result.ok);
    assert.equal(result.message, 'Signature expired: 20240501T095400Z is now earlier than 20240501T095500Z (20240501T100000Z - 5 min.)');
  });

  it('checks the clock before the access key', () => {
    const request = signed({ now: new Date(NOW.getTime() - 20 * 60_000), credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: SECRET } });
    assert.equal((verify(request) as { reason: string }).reason, 'signature-expired');
  });

  it("requires 'host' among the signed headers", () => {
    expectError(
      verify(replaceAuthorization(signed(), 'SignedHeaders=content-type;host;x-amz-date', 'SignedHeaders=content-type;x-amz-date')),
      'host-not-signed',
      'SignatureDoesNotMatch',
      403,
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  it('refuses another algorithm', () => {
    expectError(
      verify(replaceAuthorization(signed(), /^AWS4-HMAC-SHA256/, 'AWS4-HMAC-SHA512')),
      'unsupported-algorithm',
      'IncompleteSignature',
      400,
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
    );
  });

  it('refuses a credential without five elements', () => {
    expectError(
      verify(replaceAuthorization(signed(), /Credential=[^,]+/, 'Credential=a/b/c/d')),
      'credential-malformed',
      'IncompleteSignature',
      400,
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
    );
  });

  it('refuses IAM signed for a region other than us-east-1', () => {
    const result = verify(signed({ region: 'us-west-2' }));
    expectError(result, 'credential-scope-mismatch', 'SignatureDoesNotMatch', 403, 'Credential should be scoped to a valid region. ');
    assert.equal((result as { accessKeyId?: string }).accessKeyId, ACCESS_KEY_ID);
  });

  it('accepts any region when the endpoint expects none (STS)', () => {
    const result = verify(signed({ region: 'eu-west-1', service: 'sts' }), { expectedService: 'sts', expectedRegion: undefined });
    assert.ok(result.ok);
    assert.equal(result.scope.region, 'eu-west-1');
  });

  it('refuses a credential scoped to another service', () => {
    expectError(
      verify(signed({ service: 'sts' })),
      'credential-scope-mismatch',
      'SignatureDoesNotMatch',
      403,
      "Credential should be scoped to correct service: 'iam'. ",
    );
  });

  it('refuses a scope date other than the request date, and a wrong terminator, in one message', () => {
    const request = replaceAuthorization(signed(), '/20240501/us-east-1/iam/aws4_request', '/20240430/us-east-1/iam/aws5_request');
    expectError(
      verify(request),
      'credential-scope-mismatch',
      'SignatureDoesNotMatch',
      403,
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240430' != '20240501', from '20240501T100000Z'. ",
    );
  });

  it('answers an unknown access key, and an inactive one, with InvalidClientTokenId', () => {
    const message = 'The security token included in the request is invalid';
    expectError(
      verify(signed({ credentials: { accessKeyId: 'AKIAUNKNOWNEXAMPLE00', secretAccessKey: SECRET } })),
      'unknown-access-key',
      'InvalidClientTokenId',
      403,
      message,
    );
    expectError(
      verify(signed({ credentials: { accessKeyId: INACTIVE_KEY_ID, secretAccessKey: SECRET } })),
      'inactive-access-key',
      'InvalidClientTokenId',
      403,
      message,
    );
  });

  it('refuses a request whose body changed after signing, and shows what it computed', () => {
    const request = { ...signed(), body: Buffer.from('Action=DeleteUser&UserName=alice&Version=2010-05-08') };
    const result = verify(request);
    expectError(
      result,
      'signature-mismatch',
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    assert.ok(!result.ok);
    assert.match(result.detail?.canonicalRequest ?? '', /^POST\n\/\n\ncontent-type:application\/x-www-form-urlencoded; charset=utf-8\nhost:iam\.amazonaws\.com\n/);
    assert.match(result.detail?.stringToSign ?? '', /^AWS4-HMAC-SHA256\n20240501T100000Z\n20240501\/us-east-1\/iam\/aws4_request\n[0-9a-f]{64}$/);
  });

  it('refuses a request signed with another secret', () => {
    const result = verify(signed({ credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-the-secret' } }));
    assert.equal((result as { reason: string }).reason, 'signature-mismatch');
  });

  it('refuses a declared body hash that is not the hash of the body', () => {
    const request = signed({}, { ...LIST_USERS, headers: { ...LIST_USERS.headers, 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } });
    assert.equal((verify(request) as { reason: string }).reason, 'payload-hash-mismatch');
  });

  it('accepts UNSIGNED-PAYLOAD as the client declared it', () => {
    const request = signed({}, { ...LIST_USERS, headers: { ...LIST_USERS.headers, 'x-amz-content-sha256': UNSIGNED_PAYLOAD } });
    assert.ok(verify(request).ok);
  });

  it('accepts the values of a repeated header given as an array', () => {
    const request = signed({}, { ...LIST_USERS, headers: { ...LIST_USERS.headers, 'x-amz-meta': ['a', 'b'] } });
    assert.ok(verify(request).ok);
    assert.equal((verify({ ...request, headers: { ...request.headers, 'x-amz-meta': 'a, b' } }) as { reason: string }).reason, 'signature-mismatch');
  });

  it('verifies an EKS path whose label is encoded on the wire', () => {
    const request = signed(
      { service: 'eks', region: 'eu-west-1' },
      { method: 'GET', path: '/clusters/my%3Acluster/access-entries?maxResults=10', headers: { host: 'eks.eu-west-1.amazonaws.com' }, body: Buffer.alloc(0) },
    );
    assert.ok(verify(request, { expectedService: 'eks', expectedRegion: 'eu-west-1' }).ok);
  });

  it('reuses the cached signing key', () => {
    const keyCache = new SigningKeyCache();
    assert.ok(verify(signed(), { keyCache }).ok);
    assert.ok(verify(signed(), { keyCache }).ok);
    assert.equal(keyCache.size, 1);
  });
});

describe('presigned requests', () => {
  const GET_CALLER_IDENTITY: SignedRequest = {
    method: 'GET',
    path: '/?Action=GetCallerIdentity&Version=2011-06-15',
    headers: { host: 'sts.amazonaws.com' },
    body: Buffer.alloc(0),
  };
  const stsOptions = { expectedService: 'sts', expectedRegion: 'us-east-1' };

  function presigned(expiresSeconds: number, overrides: Partial<SignOptions> = {}): SignedRequest {
    return { ...GET_CALLER_IDENTITY, path: presignRequest(GET_CALLER_IDENTITY, { ...signOptions({ service: 'sts', ...overrides }), expiresSeconds }) };
  }

  it('says who signed, with the expiry and the session token from the query', () => {
    const request = presigned(60, { credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+/=' } });
    const result = verify(request, stsOptions);
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.form, 'presigned-query');
    assert.equal(result.expiresSeconds, 60);
    assert.equal(result.sessionToken, 'IQoJb3JpZ2luX2VjEXAMPLE+/=');
  });

  it('refuses a changed query parameter', () => {
    const request = presigned(60);
    assert.equal((verify({ ...request, path: request.path.replace('GetCallerIdentity', 'GetSessionToken') }, stsOptions) as { reason: string }).reason, 'signature-mismatch');
  });

  it('applies the 15-minute window, not X-Amz-Expires, as STS does', () => {
    assert.ok(verify(presigned(60, { now: new Date(NOW.getTime() - 10 * 60_000) }), stsOptions).ok);
    assert.equal((verify(presigned(3600, { now: new Date(NOW.getTime() - 20 * 60_000) }), stsOptions) as { reason: string }).reason, 'signature-expired');
  });

  it('refuses an X-Amz-Expires beyond seven days or not a number', () => {
    assert.equal((verify(presigned(604_801), stsOptions) as { reason: string }).reason, 'expires-too-large');
    assert.ok(verify(presigned(604_800), stsOptions).ok);
    const request = presigned(60);
    assert.equal((verify({ ...request, path: request.path.replace('X-Amz-Expires=60', 'X-Amz-Expires=soon') }, stsOptions) as { reason: string }).reason, 'expires-not-a-number');
  });
});

describe('verifyRequest', () => {
  it('awaits an asynchronous lookup', async () => {
    const result = await verifyRequest(signed(), { ...OPTIONS, lookupSecret: (id) => Promise.resolve(KEYS.get(id)) });
    assert.ok(result.ok);
    assert.equal(result.secret.userName, 'alice');
  });

  it('does not look the key up when the request fails before that', async () => {
    let lookups = 0;
    const result = await verifyRequest(LIST_USERS, {
      ...OPTIONS,
      lookupSecret: (id) => {
        lookups++;
        return Promise.resolve(KEYS.get(id));
      },
    });
    assert.equal((result as { reason: string }).reason, 'missing-authentication');
    assert.equal(lookups, 0);
  });
});
