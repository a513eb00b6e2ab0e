/**
 * The policy simulator's handlers beside the store: the permission each asks for, a policy the
 * engine cannot read (PolicyEvaluation), and the EC2 resource-handling scenarios.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, authorization, awsError, call, context, openTestStore, type TestStore } from './test-context.js';
import type { OperationContext } from '../operation.js';

const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] });

describe('policy simulator handlers', () => {
  let t: TestStore;
  let ctx: OperationContext;
  before(async () => {
    t = await openTestStore();
    ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'alice' });
  });
  after(() => t.close());

  it('asks for the action on the entity for principal operations and on * for custom ones', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:user/alice`;
    assert.deepEqual(await authorization(ctx, 'SimulatePrincipalPolicy', { PolicySourceArn: arn, ActionNames: ['s3:GetObject'] }), [{ action: 'iam:SimulatePrincipalPolicy', resource: arn }]);
    assert.deepEqual(await authorization(ctx, 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: arn }), [{ action: 'iam:GetContextKeysForPrincipalPolicy', resource: arn }]);
    assert.deepEqual(await authorization(ctx, 'SimulateCustomPolicy', { PolicyInputList: [doc], ActionNames: ['s3:GetObject'] }), [{ action: 'iam:SimulateCustomPolicy', resource: '*' }]);
    assert.deepEqual(await authorization(ctx, 'GetContextKeysForCustomPolicy', { PolicyInputList: [doc] }), [{ action: 'iam:GetContextKeysForCustomPolicy', resource: '*' }]);
  });

  it('fails with PolicyEvaluation when the entity holds a policy the engine cannot read', async () => {
    const broken: OperationContext = { ...ctx, policies: { heldPolicies: () => Promise.resolve({ identity: [], boundary: undefined, unreadable: ['legacy-policy'] }) } };
    await assert.rejects(
      call(broken, 'SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/alice`, ActionNames: ['s3:GetObject'] }),
      { ...awsError('PolicyEvaluation', 'The policy legacy-policy could not be evaluated.'), httpStatus: 500 },
    );
  });

  it('checks an EC2 scenario for the resources it needs and answers for them together', async () => {
    const r = (type: string): string => `arn:aws:ec2:us-east-1:${ACCOUNT}:${type}/x-1`;
    const input = { PolicyInputList: [doc], ActionNames: ['ec2:RunInstances'], ResourceHandlingOption: 'EC2-VPC-InstanceStore' };
    await assert.rejects(call(ctx, 'SimulateCustomPolicy', { ...input, ResourceArns: [r('instance'), r('image')] }), awsError('InvalidInput', 'ResourceHandlingOption EC2-VPC-InstanceStore requires a security-group resource in ResourceArns.'));
    await assert.rejects(call(ctx, 'SimulateCustomPolicy', { ...input, ResourceHandlingOption: 'EC2-Classic' }), { name: 'AwsError', code: 'InvalidInput' });
    const out = await call(ctx, 'SimulateCustomPolicy', { ...input, ResourceArns: [r('instance'), r('image'), r('security-group'), r('network-interface')] });
    const results = out.EvaluationResults as readonly { EvalDecision: string; ResourceSpecificResults: readonly unknown[] }[];
    assert.equal(results.length, 1);
    assert.equal(results[0]?.EvalDecision, 'allowed');
    assert.equal(results[0]?.ResourceSpecificResults.length, 4);
  });
});
