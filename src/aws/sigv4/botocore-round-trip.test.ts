/**
 * Requests signed by botocore (the signer of the AWS CLI and boto3) verify: IAM and STS requests
 * captured just before sending, an EKS request with an encoded path label, and the presigned
 * GetCallerIdentity URL of `generate_presigned_url`, which the EKS token is made of.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { verifyRequestSync, type SignedRequest, type SigningSecret, type VerifySyncOptions } from './verify-request.js';

const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE+/TOKEN==';

/** Signs with botocore's own clients and prints each request as JSON; nothing is sent. */
const SCRIPT = String.raw`
import json, sys
import botocore.session

AK, SK, TOKEN = sys.argv[1], sys.argv[2], sys.argv[3]

class Captured(Exception):
    pass

captured = {}

def capture(request, **kwargs):
    body = request.body
    if isinstance(body, bytes):
        body = body.decode('utf-8')
    captured['request'] = {'method': request.method, 'url': request.url,
                           'headers': {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()},
                           'body': body or ''}
    raise Captured()

session = botocore.session.get_session()

def client(service, region, token=None):
    c = session.create_client(service, region_name=region, aws_access_key_id=AK,
                              aws_secret_access_key=SK, aws_session_token=token)
    c.meta.events.register('before-send', capture)
    return c

def call(c, operation, **params):
    try:
        getattr(c, operation)(**params)
    except Captured:
        return captured['request']
    raise RuntimeError('nothing captured')

out = {
    'iam-list-users': call(client('iam', 'eu-west-1'), 'list_users', PathPrefix='/division_abc/'),
    'sts-get-caller-identity': call(client('sts', 'eu-west-1', TOKEN), 'get_caller_identity'),
    'eks-list-associated-access-policies': call(client('eks', 'eu-west-1'), 'list_associated_access_policies',
                                                clusterName='demo', principalArn='arn:aws:iam::111122223333:role/admin'),
    # As 'aws eks get-token' presigns it: for GET. Without HttpMethod botocore signs the
    # operation's own method, POST, and the URL must then be sent as a POST.
    'sts-presigned-get-caller-identity': {
        'method': 'GET',
        'url': client('sts', 'us-east-1', TOKEN).generate_presigned_url('get_caller_identity', Params={}, ExpiresIn=60, HttpMethod='GET'),
        'headers': {}, 'body': ''},
    'sts-presigned-get-caller-identity-post': {
        'method': 'POST',
        'url': client('sts', 'us-east-1', TOKEN).generate_presigned_url('get_caller_identity', Params={}, ExpiresIn=60),
        'headers': {}, 'body': ''},
}
print(json.dumps(out))
`;

interface BotocoreRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function toSignedRequest(captured: BotocoreRequest): SignedRequest {
  const url = new URL(captured.url);
  // botocore signs the host from the URL; the HTTP client sends it as the Host header.
  const headers = { host: url.host, ...captured.headers };
  return { method: captured.method, path: `${url.pathname}${url.search}`, headers, body: Buffer.from(captured.body) };
}

function options(overrides: Partial<VerifySyncOptions>): VerifySyncOptions {
  return {
    now: new Date(),
    lookupSecret: (id): SigningSecret | undefined => (id === ACCESS_KEY_ID ? { secretAccessKey: SECRET, status: 'Active' } : undefined),
    ...overrides,
  };
}

function signedByBotocore(): Record<string, BotocoreRequest> | undefined {
  try {
    const output = execFileSync('python3', ['-c', SCRIPT, ACCESS_KEY_ID, SECRET, TOKEN], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(output) as Record<string, BotocoreRequest>;
  } catch {
    return undefined;
  }
}

describe('requests signed by botocore', () => {
  let requests: Record<string, BotocoreRequest> | undefined;
  before(() => {
    requests = signedByBotocore();
  });

  function request(name: string, t: { skip(message: string): void }): SignedRequest | undefined {
    if (requests === undefined) {
      t.skip('python3 with botocore is not available');
      return undefined;
    }
    const captured = requests[name];
    assert.ok(captured, name);
    return toSignedRequest(captured);
  }

  it('verifies IAM ListUsers, signed for us-east-1 from another region', (t) => {
    const signed = request('iam-list-users', t);
    if (signed === undefined) return;
    const result = verifyRequestSync(signed, options({ expectedService: 'iam', expectedRegion: 'us-east-1' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
  });

  it('verifies STS GetCallerIdentity with a session token', (t) => {
    const signed = request('sts-get-caller-identity', t);
    if (signed === undefined) return;
    const result = verifyRequestSync(signed, options({ expectedService: 'sts', expectedRegion: 'eu-west-1' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
    assert.equal(result.sessionToken, TOKEN);
  });

  it('verifies an EKS request whose path label botocore encoded', (t) => {
    const signed = request('eks-list-associated-access-policies', t);
    if (signed === undefined) return;
    assert.match(signed.path, /arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fadmin/);
    const result = verifyRequestSync(signed, options({ expectedService: 'eks', expectedRegion: 'eu-west-1' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
  });

  it('verifies the presigned GetCallerIdentity URL of generate_presigned_url, as the EKS token uses it', (t) => {
    const signed = request('sts-presigned-get-caller-identity', t);
    if (signed === undefined) return;
    const result = verifyRequestSync(signed, options({ expectedService: 'sts', expectedRegion: 'us-east-1' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
    assert.equal(result.form, 'presigned-query');
    assert.equal(result.expiresSeconds, 60);
    assert.equal(result.sessionToken, TOKEN);
    const tampered = verifyRequestSync({ ...signed, path: signed.path.replace('GetCallerIdentity', 'GetSessionToken') }, options({ expectedService: 'sts' }));
    assert.equal(tampered.ok ? 'ok' : tampered.reason, 'signature-mismatch');
  });

  it('verifies a URL presigned for POST only when it is sent as a POST', (t) => {
    const signed = request('sts-presigned-get-caller-identity-post', t);
    if (signed === undefined) return;
    assert.ok(verifyRequestSync(signed, options({ expectedService: 'sts' })).ok);
    const asGet = verifyRequestSync({ ...signed, method: 'GET' }, options({ expectedService: 'sts' }));
    assert.equal(asGet.ok ? 'ok' : asGet.reason, 'signature-mismatch');
  });
});
