/**
 * Statement positions against the positions AWS's policy simulator reported for known documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statementPositions } from './statement-positions.js';

const span = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, column: c1 }, end: { line: l2, column: c2 } });

void test('a single Statement object starts after its { (AWS CLI reference, simulate-custom-policy example: 1:38 to 1:167)', () => {
  const text =
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
  assert.deepEqual(statementPositions(text), [span(1, 38, 1, 167)]);
});

void test('the same with spaces after separators (recorded SimulatePrincipalPolicy answer: 1:41 to 1:113)', () => {
  const text = '{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}';
  assert.deepEqual(statementPositions(text), [span(1, 41, 1, 113)]);
});

void test('in an array the first statement starts after the [ (AdministratorAccess as AWS stores it: 3:17 to 8:6)', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}';
  assert.deepEqual(statementPositions(text), [span(3, 17, 8, 6)]);
});

void test('tab-indented documents count a tab as one column (AmazonS3ReadOnlyAccess: 3:16 to 14:4)', () => {
  const text =
    '{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t{\n\t\t\t"Effect": "Allow",\n\t\t\t"Action": [\n\t\t\t\t"s3:Get*",\n\t\t\t\t"s3:List*",\n\t\t\t\t"s3:Describe*",\n\t\t\t\t"s3-object-lambda:Get*",\n\t\t\t\t"s3-object-lambda:List*"\n\t\t\t],\n\t\t\t"Resource": "*"\n\t\t}\n\t]\n}';
  assert.deepEqual(statementPositions(text), [span(3, 16, 14, 4)]);
});

void test('a user policy indented by four spaces (AWS CLI reference, simulate-principal-policy example: 3:19 to 9:10)', () => {
  const text =
    '{\n    "Version": "2012-10-17",\n    "Statement": [\n        {\n            "Sid": "Grant-Access-To-CodeCommit-ListRepo",\n            "Effect": "Allow",\n            "Action": "codecommit:ListRepositories",\n            "Resource": "*"\n        }\n    ]\n}';
  assert.deepEqual(statementPositions(text), [span(3, 19, 9, 10)]);
});

void test('a later statement starts where the one before it ends, at the comma (published bucket-policy answer: 1:38-1:248, 1:248-1:470)', () => {
  // A compact bucket policy as S3 returns it, the shape of a published SimulateCustomPolicy answer.
  const doc = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: ['arn:aws:s3:::tims-fancy-bucket/*', 'arn:aws:s3:::tims-fancy-bucket'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyTimDelete',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObject',
        Resource: 'arn:aws:s3:::tims-fancy-bucket/*',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::112233445566:role/tims-test-role' } },
      },
    ],
  };
  assert.deepEqual(statementPositions(JSON.stringify(doc)), [span(1, 38, 1, 248), span(1, 248, 1, 470)]);
});

void test('Statement after other keys, strings holding braces, CRLF line ends', () => {
  const text = '{\r\n"Id": "a{b}[c]\\"",\r\n"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::x/{y}"}, {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}],\r\n"Version": "2012-10-17"\r\n}';
  const spans = statementPositions(text);
  assert.equal(spans.length, 2);
  assert.deepEqual(spans[0], span(3, 15, 3, 86));
  assert.deepEqual(spans[1]?.start, { line: 3, column: 86 });
});

void test('text that is not a policy object gives no spans', () => {
  assert.deepEqual(statementPositions('not json'), []);
  assert.deepEqual(statementPositions('{"Version":"2012-10-17"}'), []);
});
