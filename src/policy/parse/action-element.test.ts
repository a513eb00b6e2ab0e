import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionProblem, isTrustPolicyAction } from './action-element.js';

void test('action forms', () => {
  for (const a of ['*', 's3:*', 'iam:*AccessKey*', 'IAM:listaccesskeys', '*:Get*', 'iam: asdf safdsf af ']) assert.equal(actionProblem(a), undefined, a);
  assert.equal(actionProblem('s3'), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  assert.equal(actionProblem('a:b:c'), 'Actions/Condition can contain only one colon.');
  assert.equal(actionProblem('s_3:Get'), 'Vendor s_3 is not valid');
});

void test('trust policy actions are the STS AssumeRole family, any case', () => {
  for (const a of ['sts:AssumeRole', 'STS:assumerolewithwebidentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext']) assert.ok(isTrustPolicyAction(a), a);
  for (const a of ['*', 'sts:*', 'sts:GetCallerIdentity', 's3:GetObject']) assert.ok(!isTrustPolicyAction(a), a);
});
