import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from '../../policy/index.js';
import { NamespaceAccess } from './namespace-access.js';
import { ServiceCatalogue } from './service-catalogue.js';

function access(...statements: readonly Record<string, unknown>[]): NamespaceAccess {
  const checked = validatePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity');
  assert.ok(checked.ok);
  return new NamespaceAccess(checked.policy.statements, new ServiceCatalogue());
}

void describe('which services and actions identity policies allow', () => {
  void it('takes a service from each Action pattern, and every service from `*`', async () => {
    const a = access({ Effect: 'Allow', Action: ['s3:Get*', 'iam:ListUsers'], Resource: '*' });
    assert.equal(await a.allowsService('s3'), true);
    assert.equal(await a.allowsService('s3express'), false);
    assert.equal(await a.allowsService('iam'), true);
    assert.equal(await access({ Effect: 'Allow', Action: '*', Resource: '*' }).allowsService('s3express'), true);
    assert.equal(await a.allowsService('ec2'), false);
    assert.deepEqual(await a.allowedActions('iam'), ['ListUsers']);
  });

  void it('reads NotAction as every other action, and a whole-service NotAction as none of it', async () => {
    const a = access({ Effect: 'Allow', NotAction: ['iam:*', 'sqs:Delete*'], Resource: '*' });
    assert.equal(await a.allowsService('iam'), false);
    assert.equal(await a.allowsService('ec2'), true);
    const sqs = await a.allowedActions('sqs');
    assert.ok(sqs.includes('SendMessage') && !sqs.some((x) => x.startsWith('Delete')));
  });

  void it('removes what an unconditional Deny on every resource takes away, and only that', async () => {
    const a = access(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*' },
      { Effect: 'Deny', Action: 'sqs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Deny', Action: 'iam:Create*', Resource: '*' },
    );
    assert.equal(await a.allowsService('s3'), false);
    assert.equal(await a.allowsService('ec2'), true, 'a Deny on some resources leaves the service');
    assert.equal(await a.allowsService('sqs'), true, 'a conditional Deny leaves the service');
    const iam = await a.allowedActions('iam');
    assert.ok(iam.includes('ListUsers') && !iam.includes('CreateUser'));
  });

  void it('allows nothing without an Allow statement, and no service AWS does not have', async () => {
    assert.equal(await access({ Effect: 'Deny', Action: '*', Resource: '*' }).allowsService('iam'), false);
    const a = access({ Effect: 'Allow', Action: 'nosuchservice:Get*', Resource: '*' });
    assert.equal(await a.allowsService('nosuchservice'), false);
    assert.deepEqual(await a.allowedActions('nosuchservice'), []);
  });
});
