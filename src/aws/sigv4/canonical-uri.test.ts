import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalUri, normalizePath } from './canonical-uri.js';

describe('normalizePath', () => {
  const cases: Array<[string, string]> = [
    ['/', '/'],
    ['/example/..', '/'],
    ['/example1/example2/../..', '/'],
    ['/./', '/'],
    ['//', '/'],
    ['/./example', '/example'],
    ['//example//', '/example/'],
    ['/a/b/../c/', '/a/c/'],
    ['/..', '/'],
  ];
  for (const [path, normal] of cases) it(`${path} → ${normal}`, () => assert.equal(normalizePath(path), normal));
});

describe('canonicalUri', () => {
  it('encodes a raw path once', () => {
    assert.equal(canonicalUri('/example space/'), '/example%20space/');
    assert.equal(canonicalUri('/ሴ'), '/%E1%88%B4');
  });
  it('encodes an already encoded path a second time, as non-S3 services sign it', () => {
    assert.equal(canonicalUri('/clusters/my%3Acluster'), '/clusters/my%253Acluster');
    assert.equal(canonicalUri('/a%2Fb'), '/a%252Fb');
  });
  it('gives / for an empty path', () => assert.equal(canonicalUri(''), '/'));
});
