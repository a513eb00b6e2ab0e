/**
 * Organizations over one PostgreSQL state shared by two Gatehouse processes: an account created
 * through one is used with its root credentials through the other, and an SCP attached through
 * one limits the member account in the other once the change is notified. Runs when
 * GATEHOUSE_TEST_PG_URL is set (CI runs the suite under scripts/with-postgres.sh).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { startGatehouse, type RunningGatehouse } from '../../src/server/gatehouse-server.js';
import { readProfile } from '../../src/server/credentials-file.js';

const PG = process.env.GATEHOUSE_TEST_PG_URL;
const ROOT = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

async function eventually(check: () => Promise<boolean>, millis: number): Promise<boolean> {
  const until = Date.now() + millis;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('Organizations across two Gatehouse processes on one PostgreSQL state', { skip: PG === undefined ? 'GATEHOUSE_TEST_PG_URL is not set: run under scripts/with-postgres.sh' : false }, () => {
  let a: RunningGatehouse;
  let b: RunningGatehouse;
  const dirs: string[] = [];
  const clients: { destroy(): void }[] = [];

  before(async () => {
    const url = new URL(PG!);
    url.searchParams.set('schema', `orgs_${randomBytes(4).toString('hex')}`);
    const start = async (): Promise<RunningGatehouse> => {
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pg-org-'));
      dirs.push(dir);
      return startGatehouse({ host: '127.0.0.1', port: 0, dataDir: dir, storeUrl: url.toString(), accountId: '123456789012', region: 'us-east-1', propagationDelayMs: 0, rootCredentials: ROOT });
    };
    a = await start();
    b = await start();
  });

  after(async () => {
    for (const c of clients) c.destroy();
    await a.close();
    await b.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('limits a member account in one process by an SCP attached through the other', async () => {
    const org = new OrganizationsClient({ endpoint: a.url, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 });
    clients.push(org);
    await org.send(new CreateOrganizationCommand({}));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const request = (await org.send(new CreateAccountCommand({ AccountName: 'shared', Email: 'shared@example.com' }))).CreateAccountStatus!.Id!;
    const memberId = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request }))).CreateAccountStatus!.AccountId!;
    // Process A wrote the member's profile to its own data directory.
    const creds = readProfile(a.credentialsFile, `gatehouse-${memberId}`);
    assert.ok(creds !== undefined);
    const member = new IAMClient({ endpoint: b.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    clients.push(member);
    assert.equal((await member.send(new CreateUserCommand({ UserName: 'before' }))).User?.Arn, `arn:aws:iam::${memberId}:user/before`);
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }] });
    const policyId = (await org.send(new CreatePolicyCommand({ Name: 'no-users', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: content }))).Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: memberId }));
    let message = '';
    const denied = await eventually(async () => {
      try {
        await member.send(new CreateUserCommand({ UserName: `after-${randomBytes(3).toString('hex')}` }));
        return false;
      } catch (e) {
        message = (e as Error).message;
        return true;
      }
    }, 3000);
    assert.ok(denied, 'the SCP attached through process A never reached process B');
    assert.match(message, new RegExp(`^User: arn:aws:iam::${memberId}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/after-[0-9a-f]+ with an explicit deny in a service control policy$`));
  });
});
