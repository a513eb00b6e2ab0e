import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadServiceModel, SERVICE_NAMES } from './model.js';
import { isRequestId, newRequestId } from './request-id.js';

void test('every vendored model loads with its protocol and resolvable shapes', () => {
  const protocols = Object.fromEntries(SERVICE_NAMES.map((s) => [s, loadServiceModel(s).metadata.protocol]));
  assert.deepEqual(protocols, { iam: 'query', sts: 'query', cloudtrail: 'json', organizations: 'json', eks: 'rest-json', 'eks-auth': 'rest-json' });
  for (const service of SERVICE_NAMES) {
    const model = loadServiceModel(service);
    for (const name of model.operationNames()) {
      const op = model.operation(name);
      if (op?.input !== undefined) assert.equal(model.shape(op.input.shape).type, 'structure', `${service} ${name}`);
    }
  }
});

void test('IAM: namespace, result wrappers and error shapes by code', () => {
  const iam = loadServiceModel('iam');
  assert.equal(iam.metadata.xmlNamespace, 'https://iam.amazonaws.com/doc/2010-05-08/');
  assert.equal(iam.operation('CreateUser')?.output?.resultWrapper, 'CreateUserResult');
  assert.equal(iam.operation('DeleteUser')?.output, undefined);
  assert.equal(iam.operation('toString'), undefined);
  assert.equal(iam.errorShape('NoSuchEntity')?.name, 'NoSuchEntityException');
  assert.equal(iam.errorShape('NoSuchEntity')?.shape.error?.httpStatusCode, 404);
  assert.equal(loadServiceModel('sts').metadata.xmlNamespace, 'https://sts.amazonaws.com/doc/2011-06-15/');
});

void test('request IDs are lower-case UUIDs, unique', () => {
  const a = newRequestId();
  assert.ok(isRequestId(a));
  assert.notEqual(a, newRequestId());
  assert.ok(!isRequestId('8EA59E6C-6323-11E2-BDB9-7DC0419800E2'));
});
