import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isProtobufBody, reviewFromProtobuf } from './protobuf-review.js';

/** A protobuf length-delimited field. */
function field(n: number, value: Buffer | string): Buffer {
  const b = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from([(n << 3) | 2, b.length]), b]);
}

void describe('reviews sent as protobuf', () => {
  void it('reads the SelfSubjectReview kubectl auth whoami sends', () => {
    // As kubectl 1.32 sent it.
    const body = Buffer.from('azhzAAotChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESEVNlbGZTdWJqZWN0UmV2aWV3EhoKEAoAEgAaACIAKgAyADgAQgASBgoECgASABoAIgA=', 'base64');
    assert.deepEqual(reviewFromProtobuf(body), { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', spec: {} });
  });

  void it('reads a SelfSubjectAccessReview\'s resource and non-resource attributes', () => {
    const attrs = Buffer.concat([field(1, 'default'), field(2, 'list'), field(3, ''), field(5, 'pods')]);
    const review = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, attrs))]);
    const unknown = Buffer.concat([field(1, Buffer.concat([field(1, 'authorization.k8s.io/v1'), field(2, 'SelfSubjectAccessReview')])), field(2, review)]);
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
    assert.deepEqual(reviewFromProtobuf(body), { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } } });
    const nonResource = Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(2, field(2, field(2, Buffer.concat([field(1, '/version'), field(2, 'get')]))))]);
    assert.deepEqual(reviewFromProtobuf(nonResource), { spec: { nonResourceAttributes: { path: '/version', verb: 'get' } } });
  });

  void it('is undefined for bytes that are not a protobuf review, and knows the media type', () => {
    assert.equal(reviewFromProtobuf(Buffer.from('{"kind":"SelfSubjectReview"}')), undefined);
    assert.equal(reviewFromProtobuf(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f])), undefined);
    assert.equal(isProtobufBody('application/vnd.kubernetes.protobuf'), true);
    assert.equal(isProtobufBody('application/json'), false);
  });
});
