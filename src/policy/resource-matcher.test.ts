import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileResourceMatcher } from './resource-matcher.js';
import { RequestView } from './request-view.js';
import type { ContextKeys } from './types.js';

function view(resource: string, context: ContextKeys = {}): RequestView {
  return new RequestView({ principal: { type: 'user', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' }, action: 's3:GetObject', resource, context });
}

describe('resource matching', () => {
  it('matches exact ARNs, prefixes and wildcards across : and /, case-sensitively', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::exact', 'arn:aws:s3:::pre/*', 'arn:aws:s3:::*log?/x'], '2012-10-17');
    assert.equal(m(view('arn:aws:s3:::exact')), true);
    assert.equal(m(view('arn:aws:s3:::Exact')), false);
    assert.equal(m(view('arn:aws:s3:::pre/a/b')), true);
    assert.equal(m(view('arn:aws:s3:::pre')), false);
    assert.equal(m(view('arn:aws:s3:::my-logs/x')), true);
    assert.equal(m(view('arn:aws:s3:::my-log/x')), false);
  });

  it('substitutes variables literally, with defaults, and matches nothing for a missing value', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::home/${aws:username}/*'], '2012-10-17');
    assert.equal(m(view('arn:aws:s3:::home/alice/notes.txt', { 'aws:username': 'alice' })), true);
    assert.equal(m(view('arn:aws:s3:::home/bob/notes.txt', { 'aws:username': 'alice' })), false);
    assert.equal(m(view('arn:aws:s3:::home/alice/notes.txt')), false);
    // A value is literal text: a `*` in it is not a wildcard.
    assert.equal(m(view('arn:aws:s3:::home/anyone/x', { 'aws:username': '*' })), false);
    const withDefault = compileResourceMatcher(["arn:aws:s3:::team/${aws:PrincipalTag/team, 'shared'}/*"], '2012-10-17');
    assert.equal(withDefault(view('arn:aws:s3:::team/shared/x')), true);
    assert.equal(withDefault(view('arn:aws:s3:::team/blue/x', { 'aws:principaltag/TEAM': 'blue' })), true);
  });

  it('reads ${*} as a literal asterisk and leaves ${...} alone before 2012-10-17', () => {
    const literal = compileResourceMatcher(['arn:aws:s3:::bucket/${*}'], '2012-10-17');
    assert.equal(literal(view('arn:aws:s3:::bucket/*')), true);
    assert.equal(literal(view('arn:aws:s3:::bucket/anything')), false);
    const old = compileResourceMatcher(['arn:aws:s3:::home/${aws:username}'], '2008-10-17');
    assert.equal(old(view('arn:aws:s3:::home/${aws:username}', { 'aws:username': 'alice' })), true);
    assert.equal(old(view('arn:aws:s3:::home/alice', { 'aws:username': 'alice' })), false);
  });
});
