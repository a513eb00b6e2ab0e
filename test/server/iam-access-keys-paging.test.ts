/**
 * Access keys (AKIA ids, secrets only from CreateAccessKey, the quota of 2 under 50 parallel
 * calls, status, last used) and list paging with Marker/MaxItems and PathPrefix, through the JS SDK v3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  paginateListUsers,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

describe('IAM access keys through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates AKIA keys with 40-character secrets; ListAccessKeys never shows the secret', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'nora' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nora' }))).AccessKey!;
    assert.match(k.AccessKeyId ?? '', /^AKIA[A-Z0-9]{16}$/);
    assert.match(k.SecretAccessKey ?? '', /^[A-Za-z0-9/+]{40}$/);
    assert.equal(k.Status, 'Active');
    const listed = (await iam.send(new ListAccessKeysCommand({ UserName: 'nora' }))).AccessKeyMetadata ?? [];
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.AccessKeyId, k.AccessKeyId);
    assert.equal((listed[0] as Record<string, unknown>).SecretAccessKey, undefined);
  });

  it('lets exactly 2 of 50 parallel CreateAccessKey calls succeed; the others get LimitExceeded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'parallel' }));
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => iam.send(new CreateAccessKeyCommand({ UserName: 'parallel' }))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, 2);
    for (const f of failed) {
      const e = f.reason as { Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
      assert.equal(e.Code, 'LimitExceeded');
      assert.equal(e.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
      assert.equal(e.$metadata?.httpStatusCode, 409);
    }
    assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'parallel' }))).AccessKeyMetadata?.length, 2);
  });

  it('deactivates a key: its requests then fail with InvalidClientTokenId; reactivated, they work again', async () => {
    const oscar = await createUserWithKey(iam, 'oscar');
    const readSelf = policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' });
    await iam.send(new PutUserPolicyCommand({ UserName: 'oscar', PolicyName: 'read', PolicyDocument: readSelf }));
    const asOscar = gh.iamAs(oscar);
    assert.equal((await asOscar.send(new GetUserCommand({}))).User?.UserName, 'oscar');
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'oscar', AccessKeyId: oscar.accessKeyId, Status: 'Inactive' }));
    assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'oscar' }))).AccessKeyMetadata?.[0]?.Status, 'Inactive');
    await rejectsWithAws(asOscar.send(new GetUserCommand({})), {
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid',
      status: 403,
    });
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'oscar', AccessKeyId: oscar.accessKeyId, Status: 'Active' }));
    assert.equal((await asOscar.send(new GetUserCommand({}))).User?.UserName, 'oscar');
  });

  it('reports where a key was last used, and answers NoSuchEntity for a deleted key', async () => {
    const pia = await createUserWithKey(iam, 'pia');
    await iam.send(new PutUserPolicyCommand({ UserName: 'pia', PolicyName: 'read', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    const before = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: pia.accessKeyId }));
    assert.equal(before.UserName, 'pia');
    await gh.iamAs(pia).send(new GetUserCommand({}));
    assert.equal(before.AccessKeyLastUsed?.ServiceName, 'N/A');
    // The last use is recorded off the request path (within about a second), as IAM's is eventually.
    let after = before;
    for (let i = 0; i < 30 && after.AccessKeyLastUsed?.LastUsedDate === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: pia.accessKeyId }));
    }
    assert.equal(after.AccessKeyLastUsed?.ServiceName, 'iam');
    assert.equal(after.AccessKeyLastUsed?.Region, 'us-east-1');
    assert.ok(after.AccessKeyLastUsed?.LastUsedDate instanceof Date);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'pia', AccessKeyId: pia.accessKeyId }));
    await rejectsWithAws(iam.send(new DeleteAccessKeyCommand({ UserName: 'pia', AccessKeyId: pia.accessKeyId })), {
      code: 'NoSuchEntity',
      message: `The Access Key with id ${pia.accessKeyId} cannot be found.`,
      status: 404,
    });
  });
});

describe('IAM list paging through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
    for (let i = 0; i < 7; i++) await iam.send(new CreateUserCommand({ UserName: `pager-${i}`, Path: i % 2 === 0 ? '/even/' : '/odd/' }));
  });
  after(() => gh.close());

  it('pages ListUsers with MaxItems and Marker: IsTruncated until the last page, every user once', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await iam.send(new ListUsersCommand({ MaxItems: 3, Marker: marker }));
      pages++;
      seen.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
      assert.ok((page.Users ?? []).length <= 3);
      if (page.IsTruncated !== true) {
        assert.equal(page.Marker, undefined);
        break;
      }
      assert.ok(page.Marker !== undefined && page.Marker !== '');
      marker = page.Marker;
    }
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), Array.from({ length: 7 }, (_, i) => `pager-${i}`));
  });

  it('pages with the SDK paginator', async () => {
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 2 }, {})) names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    assert.equal(names.length, 7);
    assert.equal(new Set(names).size, 7);
  });

  it('filters by PathPrefix', async () => {
    const even = await iam.send(new ListUsersCommand({ PathPrefix: '/even/' }));
    assert.deepEqual(even.Users?.map((u) => u.UserName).sort(), ['pager-0', 'pager-2', 'pager-4', 'pager-6']);
    assert.ok(even.Users?.every((u) => u.Path === '/even/'));
  });

  it('refuses MaxItems outside 1-1000 with ValidationError', async () => {
    const err = await rejectsWithAws(iam.send(new ListUsersCommand({ MaxItems: 0 })), { code: 'ValidationError', message: /maxItems/, status: 400 });
    assert.match(err.message, /^1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1$/);
  });
});
