/**
 * AWS's published SigV4 test suite: for every stored vector, each step of the chain must give
 * AWS's canonical request, string to sign and signature, and the verifier must accept the signed
 * request (in the header form and, where AWS publishes one, the presigned form).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAmzDate, parseHttpDate } from './amz-date.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { canonicalHeaders, indexHeaders, parseSignedHeaders } from './canonical-headers.js';
import { canonicalQueryString, splitRawQuery } from './canonical-query.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri } from './canonical-uri.js';
import { payloadHash } from './payload-hash.js';
import { signatureHex } from './signature.js';
import { deriveSigningKey, SigningKeyCache } from './signing-key.js';
import { stringToSign } from './string-to-sign.js';
import { loadSuiteContexts, loadSuiteVectors, parseRawHttpRequest, withHeader, type SuiteContext, type SuiteVector } from './suite-vectors.js';
import { verifyRequestSync, type SignedRequest, type SigningSecret } from './verify-request.js';

const contexts = loadSuiteContexts();
const vectors = loadSuiteVectors();

function contextOf(vector: SuiteVector): SuiteContext {
  const context = contexts[vector.context];
  assert.ok(context, `unknown context ${vector.context}`);
  return context;
}

function authorizationParams(vector: SuiteVector): ReadonlyMap<string, string> {
  assert.ok(vector.authorization !== undefined);
  const parsed = parseAuthorizationHeader(vector.authorization);
  assert.ok(parsed.ok);
  return parsed.params;
}

/** Runs the chain step by step, as a signer would. */
function steps(vector: SuiteVector, context: SuiteContext) {
  const request = parseRawHttpRequest(vector.request);
  const headers = indexHeaders(request.headers);
  const signed = parseSignedHeaders(authorizationParams(vector).get('SignedHeaders') ?? '');
  const q = request.path.indexOf('?');
  const payload = payloadHash(request.body, undefined);
  assert.ok(payload.ok);
  const creq = canonicalRequest({
    method: request.method,
    canonicalUri: canonicalUri(q < 0 ? request.path : request.path.slice(0, q)),
    canonicalQuery: canonicalQueryString(q < 0 ? [] : splitRawQuery(request.path.slice(q + 1))),
    canonicalHeaders: canonicalHeaders(headers, signed),
    signedHeaders: signed,
    payloadHash: payload.hash,
  });
  const amzDate = headers.get('x-amz-date')?.[0] ?? formatAmzDate(parseHttpDate(headers.get('date')?.[0] ?? '') ?? new Date(NaN));
  const scope = { date: amzDate.slice(0, 8), region: context.region, service: context.service };
  const sts = stringToSign(amzDate, scope, creq);
  const signature = signatureHex(deriveSigningKey(context.secretAccessKey, scope), sts);
  return { creq, sts, signature };
}

function verify(request: SignedRequest, context: SuiteContext, keyCache?: SigningKeyCache) {
  return verifyRequestSync(request, {
    now: new Date(context.time),
    expectedService: context.service,
    expectedRegion: context.region,
    keyCache,
    lookupSecret: (id): SigningSecret | undefined =>
      id === context.accessKeyId ? { secretAccessKey: context.secretAccessKey, status: 'Active' } : undefined,
  });
}

describe("AWS's SigV4 test suite", () => {
  it('has every vector of the AWS suite that the verifier is held to', () => {
    const names = new Set(vectors.map((v) => v.name));
    for (const name of [
      'get-vanilla',
      'get-vanilla-query-order-key-case',
      'get-header-value-trim',
      'get-utf8',
      'post-x-www-form-urlencoded',
      'get-slashes-normalized',
      'get-relative-relative-normalized',
    ]) {
      assert.ok(names.has(name), name);
    }
  });

  const keyCache = new SigningKeyCache();
  for (const vector of vectors) {
    describe(vector.name, () => {
      const context = contextOf(vector);

      if (vector.canonicalRequest !== undefined) {
        it('builds the canonical request', () => assert.equal(steps(vector, context).creq, vector.canonicalRequest));
      }
      if (vector.stringToSign !== undefined) {
        it('builds the string to sign', () => assert.equal(steps(vector, context).sts, vector.stringToSign));
      }
      it('computes the signature', () => {
        assert.equal(steps(vector, context).signature, authorizationParams(vector).get('Signature'));
      });
      it('verifies the request signed in the Authorization header', () => {
        const signed = withHeader(parseRawHttpRequest(vector.request), 'Authorization', vector.authorization ?? '');
        const result = verify(signed, context, keyCache);
        assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
        assert.equal(result.form, 'authorization-header');
        assert.equal(result.accessKeyId, context.accessKeyId);
        assert.deepEqual(result.scope, { date: context.time.slice(0, 10).replace(/-/g, ''), region: context.region, service: context.service });
      });
      it('refuses the request with one signature digit changed', () => {
        const authorization = vector.authorization ?? '';
        const flipped = authorization.slice(0, -1) + (authorization.endsWith('0') ? '1' : '0');
        const result = verify(withHeader(parseRawHttpRequest(vector.request), 'Authorization', flipped), context);
        assert.ok(!result.ok);
        assert.equal(result.reason, 'signature-mismatch');
        if (vector.canonicalRequest !== undefined) assert.equal(result.detail?.canonicalRequest, vector.canonicalRequest);
      });
      if (vector.presignedRequest !== undefined) {
        const presigned = vector.presignedRequest;
        it('verifies the presigned request', () => {
          const result = verify(parseRawHttpRequest(presigned), context);
          assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
          assert.equal(result.form, 'presigned-query');
          assert.equal(result.expiresSeconds, 3600);
        });
      }
    });
  }

  it('derives each signing key once across the suite', () => {
    assert.equal(keyCache.size, 2);
  });
});
