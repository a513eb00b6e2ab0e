/**
 * Requests signed by the AWS SDK for JavaScript v3 verify: the STS and IAM clients' own requests
 * (captured by a request handler that never sends them), and `SignatureV4` on an EKS-style path.
 */

import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { uriEncode } from './percent-encoding.js';
import { verifyRequestSync, type SignedRequest, type SigningSecret, type VerifySyncOptions } from './verify-request.js';

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

interface CapturedHttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

class Captured extends Error {
  constructor(readonly request: CapturedHttpRequest) {
    super('captured');
  }
}

/** A request handler that records the signed request and stops there. */
const capturingHandler = {
  handle(request: CapturedHttpRequest): Promise<never> {
    return Promise.reject(new Captured(request));
  },
};

function toSignedRequest(request: CapturedHttpRequest): SignedRequest {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) pairs.push(v === null ? uriEncode(name) : `${uriEncode(name)}=${uriEncode(v)}`);
  }
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body instanceof Uint8Array ? request.body : Buffer.alloc(0);
  return { method: request.method, path: pairs.length > 0 ? `${request.path}?${pairs.join('&')}` : request.path, headers: request.headers, body };
}

async function capture(send: () => Promise<unknown>): Promise<SignedRequest> {
  try {
    await send();
  } catch (error) {
    if (error instanceof Captured) return toSignedRequest(error.request);
    throw error;
  }
  assert.fail('the client sent nothing');
}

function options(overrides: Partial<VerifySyncOptions>): VerifySyncOptions {
  return {
    now: new Date(),
    lookupSecret: (id): SigningSecret | undefined =>
      id === CREDENTIALS.accessKeyId ? { secretAccessKey: CREDENTIALS.secretAccessKey, status: 'Active' } : undefined,
    ...overrides,
  };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The SHA-256 (and HMAC-SHA256) constructor `SignatureV4` wants, from node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

describe('requests signed by the AWS SDK for JavaScript v3', () => {
  it('verifies STS GetCallerIdentity with a session token, on a regional endpoint', async () => {
    const client = new STSClient({
      region: 'eu-west-1',
      credentials: { ...CREDENTIALS, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN' },
      requestHandler: capturingHandler,
      maxAttempts: 1,
    });
    const request = await capture(() => client.send(new GetCallerIdentityCommand({})));
    const result = verifyRequestSync(request, options({ expectedService: 'sts', expectedRegion: 'eu-west-1' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
    assert.equal(result.sessionToken, 'IQoJb3JpZ2luX2VjEXAMPLETOKEN');
    assert.deepEqual(result.scope.service, 'sts');
  });

  it('verifies IAM ListUsers, signed for us-east-1 whatever the client region', async () => {
    const client = new IAMClient({ region: 'eu-central-1', credentials: CREDENTIALS, requestHandler: capturingHandler, maxAttempts: 1 });
    const request = await capture(() => client.send(new ListUsersCommand({ PathPrefix: '/division_abc/subdivision_xyz/' })));
    const result = verifyRequestSync(request, options({ expectedService: 'iam', expectedRegion: 'us-east-1' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
    assert.equal(result.scope.region, 'us-east-1');
  });

  it('refuses the captured IAM request once its body is changed (the SDK declares the body hash)', async () => {
    const client = new IAMClient({ region: 'us-east-1', credentials: CREDENTIALS, requestHandler: capturingHandler, maxAttempts: 1 });
    const request = await capture(() => client.send(new ListUsersCommand({})));
    const result = verifyRequestSync({ ...request, body: Buffer.from('Action=ListRoles&Version=2010-05-08') }, options({ expectedService: 'iam' }));
    assert.equal(result.ok ? 'ok' : result.reason, 'payload-hash-mismatch');
  });

  it('verifies SignatureV4 on an EKS path with an encoded label and a query', async () => {
    const signer = new SignatureV4({ credentials: CREDENTIALS, region: 'eu-west-1', service: 'eks', sha256: NodeSha256, uriEscapePath: true });
    const signedRequest = await signer.sign({
      method: 'GET',
      protocol: 'https:',
      hostname: 'eks.eu-west-1.amazonaws.com',
      path: '/clusters/demo/access-entries/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fadmin/access-policies',
      query: { maxResults: '10', nextToken: 'a b+c' },
      headers: { host: 'eks.eu-west-1.amazonaws.com' },
    });
    const result = verifyRequestSync(toSignedRequest(signedRequest as CapturedHttpRequest), options({ expectedService: 'eks' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
  });

  it('verifies a SignatureV4 presigned STS GetCallerIdentity', async () => {
    const signer = new SignatureV4({ credentials: CREDENTIALS, region: 'us-east-1', service: 'sts', sha256: NodeSha256 });
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'sts.amazonaws.com',
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: 'sts.amazonaws.com', 'x-k8s-aws-id': 'demo' },
      },
      { expiresIn: 60 },
    );
    const result = verifyRequestSync(toSignedRequest(presigned as CapturedHttpRequest), options({ expectedService: 'sts', expectedRegion: 'us-east-1' }));
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
    assert.equal(result.form, 'presigned-query');
    assert.equal(result.expiresSeconds, 60);
    assert.deepEqual(result.signedHeaders, ['host', 'x-k8s-aws-id']);
  });
});
