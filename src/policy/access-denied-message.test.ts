import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessDeniedMessage } from './access-denied-message.js';
import type { RequestContext } from './types.js';

const request = (resource: string, context: RequestContext['context'] = {}): RequestContext => ({
  principal: { type: 'user', arn: 'arn:aws:iam::123456789012:user/JohnDoe', accountId: '123456789012' },
  action: 'iam:SimulateCustomPolicy',
  resource,
  context,
});

void test('the resource * is left out unless the service names it (IAM does)', () => {
  assert.equal(
    accessDeniedMessage(request('*'), 'ImplicitDeny', 'identity-based'),
    'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: iam:SimulateCustomPolicy because no identity-based policy allows the iam:SimulateCustomPolicy action',
  );
  assert.equal(
    accessDeniedMessage(request('*'), 'ImplicitDeny', 'identity-based', { namesAnyResource: true }),
    'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: iam:SimulateCustomPolicy on resource: * because no identity-based policy allows the iam:SimulateCustomPolicy action',
  );
});

void test('an SCP denial of a request through a VPC endpoint, implicit or explicit, names the endpoint policy transitively', () => {
  const through = request('arn:aws:sns:us-east-1:444455556666:topic', { 'aws:sourcevpce': 'vpce-1' });
  const expected =
    'User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: iam:SimulateCustomPolicy on resource: arn:aws:sns:us-east-1:444455556666:topic with an explicit deny in a VPC endpoint policy transitively through a service control policy';
  assert.equal(accessDeniedMessage(through, 'ExplicitDeny', 'service control'), expected);
  assert.equal(accessDeniedMessage(through, 'ImplicitDeny', 'service control'), expected);
  // Other denials of such a request keep their own wording.
  assert.match(accessDeniedMessage(through, 'ImplicitDeny', 'identity-based'), /because no identity-based policy allows/);
});
