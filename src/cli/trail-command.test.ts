import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTrail, type TrailRecord } from './trail-command.js';

const denied: TrailRecord = {
  eventTime: '2026-11-25T10:00:00Z',
  eventName: 'CreateUser',
  eventSource: 'iam.amazonaws.com',
  userIdentity: { arn: 'arn:aws:iam::123456789012:user/alice' },
  errorCode: 'AccessDenied',
  errorMessage: 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateUser',
  gatehouse: {
    decision: 'ImplicitDeny',
    summary: 'Implicitly denied: alice → iam:CreateUser. No identity-based policy allows it.\nThere is no identity-based policy to grant it: none applies to this request.',
    fix: { text: 'Add this statement to an identity-based policy: {}' },
  },
};

describe('gatehouse trail output', () => {
  it('prints one line per event, and for a denial AWS message, why, and the fix', () => {
    const ok: TrailRecord = { eventTime: '2026-11-25T10:00:01Z', eventName: 'GetUser', eventSource: 'iam.amazonaws.com', userIdentity: { arn: 'arn:aws:iam::123456789012:root' }, gatehouse: { decision: 'Allow', summary: 'Allowed' } };
    assert.equal(
      formatTrail([ok, denied]),
      [
        '2026-11-25T10:00:01Z  iam:GetUser  arn:aws:iam::123456789012:root  OK',
        '2026-11-25T10:00:00Z  iam:CreateUser  arn:aws:iam::123456789012:user/alice  AccessDenied',
        '    User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateUser',
        '    why: Implicitly denied: alice → iam:CreateUser. No identity-based policy allows it.',
        '    why: There is no identity-based policy to grant it: none applies to this request.',
        '    fix: Add this statement to an identity-based policy: {}',
      ].join('\n'),
    );
    assert.equal(formatTrail([]), 'No events.');
  });
});
