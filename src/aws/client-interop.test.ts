/**
 * Real clients against the Query codec: a small HTTP server decodes requests and encodes fixed
 * answers with this module, and the AWS SDK for JavaScript v3 and botocore (boto3) must read them
 * back as the right objects and error classes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { CreateUserCommand, DeleteUserCommand, GetUserCommand, IAMClient, ListUsersCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { AwsError, awsErrors } from './aws-error.js';
import { loadServiceModel } from './model.js';
import { decodeQueryRequest, encodeQueryError, encodeQueryResponse, queryParams } from './query-protocol.js';
import { newRequestId } from './request-id.js';
import type { WireRecord, WireValue } from './wire-value.js';

const iam = loadServiceModel('iam');
const CREATED = new Date('2024-05-01T12:34:56Z');

function user(name: string, path = '/'): WireRecord {
  return {
    Path: path,
    UserName: name,
    UserId: 'AIDAJQABLZS4A3QDU576Q',
    Arn: `arn:aws:iam::123456789012:user${path}${name}`,
    CreateDate: CREATED,
  };
}

function text(value: WireValue | undefined, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** Fixed answers: alice exists, nobody else does. */
const HANDLERS: Record<string, (input: WireRecord) => WireRecord | undefined> = {
  CreateUser: (input) => ({ User: { ...user(text(input.UserName), text(input.Path, '/')), Tags: input.Tags } }),
  GetUser: (input) => {
    if (input.UserName !== 'alice') throw awsErrors.noSuchEntity('user', text(input.UserName));
    return { User: user('alice') };
  },
  ListUsers: () => ({ Users: [user('alice'), user('bob', '/team/')], IsTruncated: false }),
  DeleteUser: () => undefined,
};

let server: Server;
let endpoint: string;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = newRequestId();
      const url = new URL(req.url ?? '/', 'http://localhost');
      let encoded;
      try {
        const { operation, input } = decodeQueryRequest(iam, queryParams(url.search, Buffer.concat(chunks).toString('utf8')));
        const handler = HANDLERS[operation];
        if (handler === undefined) throw awsErrors.invalidAction(operation, '2010-05-08');
        encoded = encodeQueryResponse(iam, operation, handler(input), requestId);
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        encoded = encodeQueryError(iam, e, requestId);
      }
      res.writeHead(encoded.status, encoded.headers);
      res.end(encoded.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function sdkClient(): IAMClient {
  return new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
  });
}

void test('SDK v3: CreateUser with tags is read back with a Date and the tag list', async () => {
  const out = await sdkClient().send(new CreateUserCommand({ UserName: 'carol', Path: '/ops/', Tags: [{ Key: 'team', Value: 'red' }] }));
  assert.equal(out.User?.UserName, 'carol');
  assert.equal(out.User?.Arn, 'arn:aws:iam::123456789012:user/ops/carol');
  assert.ok(out.User?.CreateDate instanceof Date);
  assert.equal(out.User.CreateDate.getTime(), CREATED.getTime());
  assert.deepEqual(out.User.Tags, [{ Key: 'team', Value: 'red' }]);
  assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
});

void test('SDK v3: ListUsers gives the list and a boolean IsTruncated', async () => {
  const out = await sdkClient().send(new ListUsersCommand({ MaxItems: 10 }));
  assert.deepEqual(out.Users?.map((u) => u.Path), ['/', '/team/']);
  assert.equal(out.IsTruncated, false);
});

void test('SDK v3: DeleteUser (no Result element) succeeds', async () => {
  const out = await sdkClient().send(new DeleteUserCommand({ UserName: 'alice' }));
  assert.equal(out.$metadata.httpStatusCode, 200);
});

void test('SDK v3: NoSuchEntity surfaces as NoSuchEntityException with AWS message and 404', async () => {
  await assert.rejects(sdkClient().send(new GetUserCommand({ UserName: 'bob' })), (e: unknown) => {
    assert.ok(e instanceof NoSuchEntityException);
    assert.equal(e.name, 'NoSuchEntityException');
    assert.equal(e.message, 'The user with name bob cannot be found.');
    assert.equal(e.$metadata.httpStatusCode, 404);
    assert.equal(e.$fault, 'client');
    return true;
  });
});

void test('SDK v3: a ValidationError from the decoder reaches the caller with its message', async () => {
  await assert.rejects(sdkClient().send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ValidationError');
    assert.match(e.message, /^1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64$/);
    return true;
  });
});

const BOTO_SCRIPT = `
import json, sys, boto3, botocore.exceptions
c = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1',
                 aws_access_key_id='AKIAIOSFODNN7EXAMPLE', aws_secret_access_key='secret')
out = {}
u = c.get_user(UserName='alice')['User']
out['user'] = {'name': u['UserName'], 'created': u['CreateDate'].isoformat(), 'arn': u['Arn']}
l = c.list_users()
out['list'] = {'paths': [x['Path'] for x in l['Users']], 'truncated': l['IsTruncated']}
try:
    c.get_user(UserName='bob')
except botocore.exceptions.ClientError as e:
    out['error'] = {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'],
                    'type': e.response['Error'].get('Type'), 'status': e.response['ResponseMetadata']['HTTPStatusCode'],
                    'modeled': type(e).__name__}
print(json.dumps(out))
`;

void test('botocore: success and error responses parse into the right values', async () => {
  const { stdout } = await promisify(execFile)('python3', ['-c', BOTO_SCRIPT, endpoint], {
    env: { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  const out = JSON.parse(stdout) as {
    user: { name: string; created: string; arn: string };
    list: { paths: string[]; truncated: boolean };
    error: { code: string; message: string; type: string; status: number; modeled: string };
  };
  assert.deepEqual(out.user, { name: 'alice', created: '2024-05-01T12:34:56+00:00', arn: 'arn:aws:iam::123456789012:user/alice' });
  assert.deepEqual(out.list, { paths: ['/', '/team/'], truncated: false });
  assert.deepEqual(out.error, {
    code: 'NoSuchEntity',
    message: 'The user with name bob cannot be found.',
    type: 'Sender',
    status: 404,
    modeled: 'NoSuchEntityException',
  });
});
