import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_SHA256, payloadHash, sha256Hex, UNSIGNED_PAYLOAD } from './payload-hash.js';

const body = Buffer.from('Param1=value1');
const bodyHash = '9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e';

describe('payloadHash', () => {
  it('hashes the body when nothing is declared', () => {
    assert.equal(sha256Hex(''), EMPTY_SHA256);
    assert.deepEqual(payloadHash(Buffer.alloc(0), undefined), { ok: true, hash: EMPTY_SHA256 });
    assert.deepEqual(payloadHash(body, undefined), { ok: true, hash: bodyHash });
  });
  it('signs UNSIGNED-PAYLOAD as declared', () => {
    assert.deepEqual(payloadHash(body, UNSIGNED_PAYLOAD), { ok: true, hash: UNSIGNED_PAYLOAD });
  });
  it('accepts a declared hash that is the hash of the body', () => {
    assert.deepEqual(payloadHash(body, bodyHash), { ok: true, hash: bodyHash });
  });
  it('reports a declared hash that is not the hash of the body', () => {
    assert.deepEqual(payloadHash(body, EMPTY_SHA256), { ok: false, declared: EMPTY_SHA256, actual: bodyHash });
  });
});
