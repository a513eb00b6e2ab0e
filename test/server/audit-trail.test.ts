/**
 * The audit trail: every request becomes one CloudTrail-shaped event, read back through
 * CloudTrail's LookupEvents (JS SDK v3) and through `gatehouse trail --json`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, createUserWithKey, startFixture, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { rejectsWithAws } from '../support/aws-assertions.js';

const run = promisify(execFile);

interface TrailRecord {
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  userIdentity: { type: string; arn: string; accountId: string; accessKeyId?: string; userName?: string };
  sourceIPAddress: string;
  userAgent?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  eventID: string;
  gatehouse?: { decision: string; summary: string; message?: string; deniedBy?: string; policies?: unknown[] };
}

describe('audit trail', () => {
  let gh: GatehouseFixture;
  let rita: UserCredentials;
  let secret: string;
  let denied: string;
  before(async () => {
    gh = await startFixture();
    rita = await createUserWithKey(gh.iam, 'rita');
    await gh.iam.send(new CreateUserCommand({ UserName: 'sam' }));
    secret = (await gh.iam.send(new CreateAccessKeyCommand({ UserName: 'sam' }))).AccessKey!.SecretAccessKey!;
    denied = `User: ${rita.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT_ID}:user/tom because no identity-based policy allows the iam:CreateUser action`;
    await rejectsWithAws(gh.iamAs(rita).send(new CreateUserCommand({ UserName: 'tom' })), { code: 'AccessDenied', message: denied });
  });
  after(() => gh.close());

  async function lookup(name: string): Promise<TrailRecord[]> {
    const out = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }));
    return (out.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as TrailRecord);
  }

  it('records a successful write with CloudTrail\'s fields and no secret anywhere', async () => {
    const out = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateAccessKey' }] }));
    const samEvent = (out.Events ?? []).find((e) => (e.CloudTrailEvent ?? '').includes('"sam"'));
    assert.ok(samEvent !== undefined, 'CreateAccessKey for sam is in the trail');
    assert.equal(samEvent.EventName, 'CreateAccessKey');
    assert.equal(samEvent.EventSource, 'iam.amazonaws.com');
    assert.equal(samEvent.Username, 'root');
    assert.ok(samEvent.EventTime instanceof Date);
    assert.ok(!(samEvent.CloudTrailEvent ?? '').includes(secret), 'the secret access key is not in the event');
    const r = JSON.parse(samEvent.CloudTrailEvent ?? '{}') as TrailRecord;
    assert.equal(r.eventSource, 'iam.amazonaws.com');
    assert.equal(r.eventName, 'CreateAccessKey');
    assert.equal(r.awsRegion, 'us-east-1');
    assert.match(r.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(r.userIdentity.type, 'Root');
    assert.equal(r.userIdentity.arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
    assert.equal(r.userIdentity.accessKeyId, gh.root.accessKeyId);
    assert.equal(r.sourceIPAddress, '127.0.0.1');
    assert.match(r.userAgent ?? '', /aws-sdk-js/);
    assert.deepEqual(r.requestParameters, { userName: 'sam' });
    assert.equal((r.responseElements?.accessKey as Record<string, unknown>).userName, 'sam');
    assert.equal((r.responseElements?.accessKey as Record<string, unknown>).secretAccessKey, undefined);
    assert.match(r.requestID, /^[0-9a-f-]{36}$/);
    assert.equal(r.errorCode, undefined);
    assert.equal(r.gatehouse?.decision, 'Allow');
    assert.deepEqual(samEvent.Resources, [{ ResourceType: 'AWS::IAM::User', ResourceName: `arn:aws:iam::${ACCOUNT_ID}:user/sam` }]);
  });

  it('lists no resource for a call on the root user itself', async () => {
    await gh.iam.send(new GetUserCommand({}));
    const out = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetUser' }] }));
    const rootCall = (out.Events ?? []).find((e) => e.Username === 'root');
    assert.ok(rootCall !== undefined, 'the root GetUser is in the trail');
    assert.deepEqual(rootCall.Resources ?? [], []);
  });

  it('records a denial with errorCode, AWS\'s message, and the engine\'s explanation', async () => {
    const events = await lookup('CreateUser');
    const r = events.find((e) => e.userIdentity.arn === rita.arn);
    assert.ok(r !== undefined);
    assert.equal(r.userIdentity.type, 'IAMUser');
    assert.equal(r.userIdentity.userName, 'rita');
    assert.equal(r.userIdentity.accessKeyId, rita.accessKeyId);
    assert.equal(r.errorCode, 'AccessDenied');
    assert.equal(r.errorMessage, denied);
    assert.equal(r.responseElements, null);
    assert.deepEqual(r.requestParameters, { userName: 'tom' });
    assert.equal(r.gatehouse?.decision, 'ImplicitDeny');
    assert.equal(r.gatehouse?.message, denied);
    assert.ok(r.gatehouse?.summary !== undefined && r.gatehouse.summary.length > 0);
  });

  it('filters by Username and pages with MaxResults/NextToken', async () => {
    const byUser = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'rita' }] }));
    assert.ok((byUser.Events ?? []).length >= 1);
    assert.ok((byUser.Events ?? []).every((e) => e.Username === 'rita'));
    const first = await gh.cloudtrail.send(new LookupEventsCommand({ MaxResults: 2 }));
    assert.equal(first.Events?.length, 2);
    assert.ok(first.NextToken !== undefined);
    const second = await gh.cloudtrail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    const ids = new Set([...(first.Events ?? []), ...(second.Events ?? [])].map((e) => e.EventId));
    assert.equal(ids.size, (first.Events?.length ?? 0) + (second.Events?.length ?? 0));
  });

  it('lists the same events through `gatehouse trail --json` (denied only)', async () => {
    const { stdout } = await run(process.execPath, [CLI_MAIN, 'trail', '--json', '--denied', '--endpoint', gh.url, '--data', gh.dataDir], { env: cleanEnv() });
    const parsed = JSON.parse(stdout) as { events: TrailRecord[] };
    assert.ok(parsed.events.length >= 1);
    assert.ok(parsed.events.every((e) => e.errorCode === 'AccessDenied'));
    const r = parsed.events.find((e) => e.eventName === 'CreateUser' && e.userIdentity.arn === rita.arn);
    assert.ok(r !== undefined);
    assert.equal(r.errorMessage, denied);
    assert.equal(r.gatehouse?.message, denied);
    assert.ok(Array.isArray(r.gatehouse?.policies));
  });
});
