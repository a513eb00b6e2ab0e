/**
 * Several Gatehouse processes share one state through PostgreSQL (`--store postgres://…`): what one
 * writes, the other answers, and an IAM change made through one reaches the other's authorization.
 * Runs when GATEHOUSE_TEST_PG_URL is set (CI runs the suite under scripts/with-postgres.sh).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IAMClient, CreateUserCommand, GetUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { startGatehouse, type RunningGatehouse } from '../../src/server/gatehouse-server.js';

const PG = process.env.GATEHOUSE_TEST_PG_URL;
const ROOT = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

function client(url: string, credentials: { accessKeyId: string; secretAccessKey: string }): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

async function eventually(check: () => Promise<boolean>, millis: number): Promise<boolean> {
  const until = Date.now() + millis;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('two Gatehouse processes on one PostgreSQL state', { skip: PG === undefined ? 'GATEHOUSE_TEST_PG_URL is not set: run under scripts/with-postgres.sh' : false }, () => {
  let a: RunningGatehouse;
  let b: RunningGatehouse;
  const dirs: string[] = [];

  before(async () => {
    const url = new URL(PG!);
    url.searchParams.set('schema', `shared_${randomBytes(4).toString('hex')}`);
    const start = async (): Promise<RunningGatehouse> => {
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pg-'));
      dirs.push(dir);
      return startGatehouse({ host: '127.0.0.1', port: 0, dataDir: dir, storeUrl: url.toString(), accountId: '123456789012', region: 'us-east-1', propagationDelayMs: 0, rootCredentials: ROOT });
    };
    a = await start();
    b = await start();
  });

  after(async () => {
    await a.close();
    await b.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('answers through one process what the other wrote', async () => {
    const created = await client(a.url, ROOT).send(new CreateUserCommand({ UserName: 'shared-alice', Path: '/team/' }));
    const read = await client(b.url, ROOT).send(new GetUserCommand({ UserName: 'shared-alice' }));
    assert.equal(read.User?.UserId, created.User?.UserId);
    assert.equal(read.User?.Arn, 'arn:aws:iam::123456789012:user/team/shared-alice');
  });

  it('authorizes in one process with a policy put through the other', async () => {
    await client(a.url, ROOT).send(new CreateUserCommand({ UserName: 'shared-bob' }));
    const key = await client(a.url, ROOT).send(new CreateAccessKeyCommand({ UserName: 'shared-bob' }));
    const bob = client(b.url, { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! });
    await assert.rejects(bob.send(new ListUsersCommand({})), (err: Error) => {
      assert.equal(err.name, 'AccessDenied');
      assert.equal(
        err.message,
        'User: arn:aws:iam::123456789012:user/shared-bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action',
      );
      return true;
    });
    await client(a.url, ROOT).send(
      new PutUserPolicyCommand({
        UserName: 'shared-bob',
        PolicyName: 'list',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }),
      }),
    );
    const allowed = await eventually(async () => {
      try {
        await bob.send(new ListUsersCommand({}));
        return true;
      } catch {
        return false;
      }
    }, 3000);
    assert.ok(allowed, 'the policy put through process A never reached process B');
  });

  it('keeps the access-key quota across processes', async () => {
    await client(a.url, ROOT).send(new CreateUserCommand({ UserName: 'shared-carol' }));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => client(i % 2 === 0 ? a.url : b.url, ROOT).send(new CreateAccessKeyCommand({ UserName: 'shared-carol' }))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(ok, 2);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as Error).message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    }
  });
});
