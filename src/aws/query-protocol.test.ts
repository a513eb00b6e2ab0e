import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from './aws-error.js';
import { loadServiceModel } from './model.js';
import { decodeQueryRequest, encodeQueryError, encodeQueryResponse } from './query-protocol.js';
import { modelError } from './model-error.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');
const RID = '8ea59e6c-6323-11e2-bdb9-7dc0419800e2';

function decode(query: string) {
  return decodeQueryRequest(iam, new URLSearchParams(query));
}

function decodeError(query: string, model = iam): AwsError {
  try {
    decodeQueryRequest(model, new URLSearchParams(query));
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('expected an AwsError');
}

void test('CreateUser: path, user name and tags decode into the input shape', () => {
  const req = decode(
    'Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fdivision%2Fteam%2F' +
      '&Tags.member.1.Key=team&Tags.member.1.Value=red&Tags.member.2.Key=cost&Tags.member.2.Value=',
  );
  assert.equal(req.operation, 'CreateUser');
  assert.deepEqual(req.input, {
    Path: '/division/team/',
    UserName: 'alice',
    Tags: [
      { Key: 'team', Value: 'red' },
      { Key: 'cost', Value: '' },
    ],
  });
});

void test('list members are ordered by index, not by parameter order', () => {
  const req = decode(
    'Action=CreatePolicy&Version=2010-05-08&PolicyName=p&PolicyDocument=%7B%7D' +
      '&Tags.member.10.Key=k10&Tags.member.10.Value=v&Tags.member.2.Key=k2&Tags.member.2.Value=v&Tags.member.1.Key=k1&Tags.member.1.Value=v',
  );
  const tags = req.input.Tags as { Key: string }[];
  assert.deepEqual(tags.map((t) => t.Key), ['k1', 'k2', 'k10']);
});

void test('an empty list is sent as the bare list name', () => {
  const req = decode('Action=CreateUser&Version=2010-05-08&UserName=alice&Tags=');
  assert.deepEqual(req.input.Tags, []);
});

void test('integers and booleans are converted', () => {
  const list = decode('Action=ListUsers&Version=2010-05-08&MaxItems=25&Marker=abc');
  assert.deepEqual(list.input, { Marker: 'abc', MaxItems: 25 });
  const pw = decode('Action=UpdateLoginProfile&Version=2010-05-08&UserName=bob&PasswordResetRequired=true');
  assert.equal(pw.input.PasswordResetRequired, true);
});

void test('STS: PolicyArns.member.N.arn uses the member locationName', () => {
  const req = decodeQueryRequest(
    sts,
    new URLSearchParams(
      'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=sess' +
        '&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess&DurationSeconds=900',
    ),
  );
  assert.deepEqual(req.input.PolicyArns, [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
  assert.equal(req.input.DurationSeconds, 900);
});

void test('a missing required member: Value null ... Member must not be null', () => {
  const e = decodeError('Action=CreateUser&Version=2010-05-08');
  assert.equal(e.code, 'ValidationError');
  assert.equal(e.httpStatus, 400);
  assert.equal(e.message, "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
});

void test('a too-long name: Member must have length less than or equal to 64', () => {
  const name = 'a'.repeat(65);
  const e = decodeError(`Action=CreateUser&Version=2010-05-08&UserName=${name}`);
  assert.equal(
    e.message,
    `1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  );
});

void test('several violations are counted and joined with "; ", in IAM\'s order (a Java HashMap\'s over their paths)', () => {
  const e = decodeError(`Action=CreateUser&Version=2010-05-08&UserName=${'a'.repeat(65)}&Tags.member.1.Value=v`);
  assert.equal(
    e.message,
    "2 validation errors detected: Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null; Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64",
  );
  // Recorded (test_iam_account_password_policy › validation-errors): neither member nor alphabetical order.
  const policy = decodeError('Action=UpdateAccountPasswordPolicy&Version=2010-05-08&MaxPasswordAge=1096&MinimumPasswordLength=129&PasswordReusePrevention=25');
  assert.deepEqual(
    [...policy.message.matchAll(/Value at '(\w+)'/g)].map((m) => m[1]),
    ['minimumPasswordLength', 'passwordReusePrevention', 'maxPasswordAge'],
  );
});

void test('an IAM name with a forbidden character gets IAM\'s own message', () => {
  const e = decodeError('Action=GetRole&Version=2010-05-08&RoleName=service-role%2Fx');
  assert.equal(e.code, 'ValidationError');
  assert.equal(
    e.message,
    'The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-',
  );
});

void test('other patterns are reported with the model pattern', () => {
  const e = decodeError('Action=ListUsers&Version=2010-05-08&PathPrefix=nopath');
  assert.equal(
    e.message,
    "1 validation error detected: Value at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*",
  );
});

void test('an IAM path that breaks the path pattern gets IAM\'s own message (recorded for CreateVirtualMFADevice)', () => {
  for (const path of ['invalid-path/', '/invalid-path']) {
    const e = decodeError(`Action=CreateVirtualMFADevice&Version=2010-05-08&VirtualMFADeviceName=d&Path=${encodeURIComponent(path)}`);
    assert.equal(e.code, 'ValidationError');
    assert.equal(e.message, 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.');
  }
  const tooLong = decodeError(`Action=CreateVirtualMFADevice&Version=2010-05-08&VirtualMFADeviceName=d&Path=/${'a'.repeat(512)}/`);
  assert.match(tooLong.message, /^1 validation error detected: .* at 'path' failed to satisfy constraint: Member must have length less than or equal to 512$/);
});

void test('integer range violations say "value"; IAM does not show the value', () => {
  const e = decodeError('Action=ListUsers&Version=2010-05-08&MaxItems=0');
  assert.equal(e.message, "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
});

void test('IAM\'s enum violations do not list the allowed values (recorded: test_iam › test_invalid_update_parameters)', () => {
  const e = decodeError('Action=UpdateAccessKey&Version=2010-05-08&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=On');
  assert.equal(e.message, "1 validation error detected: Value at 'status' failed to satisfy constraint: Member must satisfy enum value set");
});

void test('unknown action and wrong version: InvalidAction', () => {
  const unknown = decodeError('Action=CreateUsers&Version=2010-05-08');
  assert.equal(unknown.code, 'InvalidAction');
  assert.equal(unknown.message, 'Could not find operation CreateUsers for version 2010-05-08');
  assert.equal(unknown.httpStatus, 400);
  const wrongVersion = decodeError('Action=CreateUser&Version=2011-06-15&UserName=a');
  assert.equal(wrongVersion.message, 'Could not find operation CreateUser for version 2011-06-15');
  assert.equal(decodeError('Version=2010-05-08').code, 'MissingAction');
});

void test('CreateUser response: Result wrapper, ISO dates with Z, ResponseMetadata', () => {
  const res = encodeQueryResponse(
    iam,
    'CreateUser',
    {
      User: {
        Path: '/',
        UserName: 'alice',
        UserId: 'AIDAJQABLZS4A3QDU576Q',
        Arn: 'arn:aws:iam::123456789012:user/alice',
        CreateDate: new Date('2024-05-01T12:00:00.000Z'),
        Tags: [{ Key: 'k', Value: 'a<b & "c"' }],
      },
    },
    RID,
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers['Content-Type'], 'text/xml');
  assert.equal(
    res.body,
    '<CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateUserResult><User>' +
      '<Path>/</Path><UserName>alice</UserName><UserId>AIDAJQABLZS4A3QDU576Q</UserId>' +
      '<Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2024-05-01T12:00:00Z</CreateDate>' +
      '<Tags><member><Key>k</Key><Value>a&lt;b &amp; &quot;c&quot;</Value></member></Tags>' +
      '</User></CreateUserResult><ResponseMetadata><RequestId>8ea59e6c-6323-11e2-bdb9-7dc0419800e2</RequestId></ResponseMetadata></CreateUserResponse>\n',
  );
});

void test('ListUsers response: members, lowercase booleans, empty list', () => {
  const res = encodeQueryResponse(iam, 'ListUsers', { Users: [], IsTruncated: false }, RID);
  assert.match(res.body, /<ListUsersResult><Users\/><IsTruncated>false<\/IsTruncated><\/ListUsersResult>/);
});

void test('DeleteUser response has no Result, only ResponseMetadata', () => {
  const res = encodeQueryResponse(iam, 'DeleteUser', undefined, RID);
  assert.equal(
    res.body,
    '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>8ea59e6c-6323-11e2-bdb9-7dc0419800e2</RequestId></ResponseMetadata></DeleteUserResponse>\n',
  );
});

void test('GetAccountAuthorizationDetails: nested lists of structures', () => {
  const res = encodeQueryResponse(
    iam,
    'GetAccountAuthorizationDetails',
    {
      UserDetailList: [
        {
          UserName: 'alice',
          GroupList: ['admins', 'devs'],
          AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
          UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: '%7B%7D' }],
        },
      ],
      IsTruncated: false,
    },
    RID,
  );
  assert.ok(
    res.body.includes(
      '<UserDetailList><member><UserName>alice</UserName>' +
        '<UserPolicyList><member><PolicyName>inline</PolicyName><PolicyDocument>%7B%7D</PolicyDocument></member></UserPolicyList>' +
        '<GroupList><member>admins</member><member>devs</member></GroupList>' +
        '<AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedManagedPolicies>' +
        '</member></UserDetailList>',
    ),
    res.body,
  );
});

void test('round trip: what a client sends for CreatePolicy decodes back to the same values', () => {
  const req = decode(
    'Action=CreatePolicy&Version=2010-05-08&PolicyName=read&Path=%2F&Description=d' +
      '&PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D&Tags.member.1.Key=a&Tags.member.1.Value=b',
  );
  assert.deepEqual(req.input, {
    PolicyName: 'read',
    Path: '/',
    PolicyDocument: '{"Version":"2012-10-17"}',
    Description: 'd',
    Tags: [{ Key: 'a', Value: 'b' }],
  });
  const res = encodeQueryResponse(iam, 'CreatePolicy', { Policy: { PolicyName: 'read', Tags: req.input.Tags, IsAttachable: true, AttachmentCount: 0 } }, RID);
  assert.match(res.body, /<Policy><PolicyName>read<\/PolicyName><AttachmentCount>0<\/AttachmentCount><IsAttachable>true<\/IsAttachable><Tags><member><Key>a<\/Key><Value>b<\/Value><\/member><\/Tags><\/Policy>/);
});

void test('error response: ErrorResponse with Type, Code, Message, RequestId and the model status', () => {
  const err = modelError(iam, 'NoSuchEntity', 'The user with name bob cannot be found.');
  const res = encodeQueryError(iam, err, RID);
  assert.equal(res.status, 404);
  assert.equal(
    res.body,
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
      '<Message>The user with name bob cannot be found.</Message></Error><RequestId>8ea59e6c-6323-11e2-bdb9-7dc0419800e2</RequestId></ErrorResponse>\n',
  );
  const failure = encodeQueryError(iam, modelError(iam, 'ServiceFailure', 'x'), RID);
  assert.equal(failure.status, 500);
  assert.match(failure.body, /<Type>Receiver<\/Type>/);
  const stsErr = encodeQueryError(sts, modelError(sts, 'ExpiredTokenException', 'x'), RID);
  assert.match(stsErr.body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
});

void test('lists of plain values are reported once, on the list, with every element constraint (recorded IAM reply)', () => {
  const e = decodeError(
    `Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=https%3A%2F%2Fexample.com&ClientIDList.member.1=${'b'.repeat(256)}`,
  );
  assert.equal(
    e.message,
    "1 validation error detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]",
  );
  const thumbs = decodeError(`Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=https%3A%2F%2Fexample.com&ThumbprintList.member.1=${'a'.repeat(40)}&ThumbprintList.member.2=abc`);
  assert.equal(
    thumbs.message,
    "1 validation error detected: Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]",
  );
});

void test('values inside lists are not shown (recorded: Value at \'tags.1.member.key\')', () => {
  const e = decodeError(`Action=CreateUser&Version=2010-05-08&UserName=u&Tags.member.1.Key=${'k'.repeat(129)}&Tags.member.1.Value=v`);
  assert.equal(e.message, "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128");
});
void test('an error without a message is answered without a Message element (IAM ReportNotPresent, 410)', () => {
  const res = encodeQueryError(iam, modelError(iam, 'ReportNotPresent', ''), RID);
  assert.equal(res.status, 410);
  assert.equal(
    res.body,
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>ReportNotPresent</Code></Error>' +
      '<RequestId>8ea59e6c-6323-11e2-bdb9-7dc0419800e2</RequestId></ErrorResponse>\n',
  );
});
