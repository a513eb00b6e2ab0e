import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalArn, checkToken, sessionNameOf } from './aws-iam-token.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const token = (url: string): string => `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
const q = 'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260102%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20260102T030000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=00';

describe('aws-iam-authenticator token checks', () => {
  it('accepts a presigned GetCallerIdentity to an STS host signed under 15 minutes ago', () => {
    assert.equal(checkToken(token(`https://sts.amazonaws.com/?${q}`), NOW).url.hostname, 'sts.amazonaws.com');
    assert.equal(checkToken(token(`https://sts.eu-west-1.amazonaws.com/?${q}`), NOW).url.hostname, 'sts.eu-west-1.amazonaws.com');
  });
  it('refuses what the authenticator refuses, with its messages', () => {
    const refuses = (t: string, message: string, now = NOW): void => assert.throws(() => checkToken(t, now), { message });
    refuses(token(`https://sts.amazonaws.com/?${q}`), 'X-Amz-Date parameter is expired (15 minute expiration)', new Date('2026-01-02T03:15:00Z'));
    refuses(token(`https://sts.amazonaws.com/?${q}`), 'X-Amz-Date parameter is in the future', new Date('2026-01-02T02:40:00Z'));
    refuses(token(`https://sts.amazonaws.com/?${q.replace('&X-Amz-Expires=60', '')}`), 'X-Amz-Expires parameter is required');
    refuses(token(`https://sts.amazonaws.com/?${q.replace('host%3Bx-k8s-aws-id', 'host')}`), 'client did not sign the x-k8s-aws-id header in the pre-signed URL');
    refuses(token(`https://sts.amazonaws.com/?${q.replace('GetCallerIdentity', 'AssumeRole')}`), 'unexpected action parameter in pre-signed URL');
    refuses(token(`http://sts.amazonaws.com/?${q}`), 'unexpected scheme "http" in pre-signed URL');
    refuses(token(`https://sts.amazonaws.com.evil.com/?${q}`), 'unexpected hostname "sts.amazonaws.com.evil.com" in pre-signed URL');
    refuses(token(`https://sts.amazonaws.com/?${q}&Action=GetCallerIdentity`), 'query parameter "Action" appears more than once');
    refuses('k8s-aws-v1.%%%', 'illegal base64 data');
  });
  it('accepts Gatehouse\'s own address when told to', () => {
    assert.equal(checkToken(token(`http://127.0.0.1:4599/?${q}`), NOW, (h) => h === '127.0.0.1:4599').url.port, '4599');
  });
  it('computes the canonical ARN as the authenticator does', () => {
    assert.equal(canonicalArn('arn:aws:sts::111122223333:assumed-role/eks-admin/alice'), 'arn:aws:iam::111122223333:role/eks-admin');
    assert.equal(canonicalArn('arn:aws:iam::111122223333:user/bob'), 'arn:aws:iam::111122223333:user/bob');
    assert.equal(sessionNameOf('arn:aws:sts::111122223333:assumed-role/eks-admin/alice'), 'alice');
  });
});
