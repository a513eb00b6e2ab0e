import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failsLegacyResourceParsing, resourceProblem } from './resource-element.js';

void test('well-formed resources pass', () => {
  for (const r of ['*', 'arn:aws:s3:::b/*', 'arn:aws-cn:s3:::b', 'arn:*:s3:::b', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::*:policy/*', 'arn:aws:dynamodb:*:*:table/T', 'arn:aws:fdsasf']) {
    assert.equal(resourceProblem(r), undefined, r);
    assert.equal(failsLegacyResourceParsing(r), false, r);
  }
});

void test('the older parser refuses `::` in a short ARN and an empty service', () => {
  for (const r of ['arn:aws:s3::example_bucket', 'arn:aws::fdsasf', 'arn:aws::::example_bucket']) assert.equal(failsLegacyResourceParsing(r), true, r);
});

void test('an ECR registry URI is not an ARN', () => {
  const uri = '174313347505.dkr.ecr.us-west-2.amazonaws.com/mhart-experimental';
  assert.equal(resourceProblem(uri), `Resource ${uri} must be in ARN format or "*".`);
});
