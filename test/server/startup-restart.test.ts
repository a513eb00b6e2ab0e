/**
 * `gatehouse serve` as users start it: the startup line, the health check, the root credentials
 * file (mode 0600, from the environment or generated), and a restart that keeps everything.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { CreateUserCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, iamClient, rootCredentials, spawnServer, startFixture, stopServer, tempDataDir } from '../support/gatehouse-fixture.js';
import { rawRequest } from '../support/raw-http.js';

describe('gatehouse serve: startup and restart', () => {
  it('takes root credentials from GATEHOUSE_ROOT_*, writes them as profile gatehouse (0600), answers health', async () => {
    const dataDir = tempDataDir('startup');
    const accessKeyId = 'AKIAGATEHOUSETEST001';
    const secretAccessKey = 'TestSecretKeyForGatehouseStartup000000001';
    const server = await spawnServer({ dataDir, env: cleanEnv({ GATEHOUSE_ROOT_ACCESS_KEY_ID: accessKeyId, GATEHOUSE_ROOT_SECRET_ACCESS_KEY: secretAccessKey }) });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await rawRequest(server.url, { method: 'GET', path: '/_gatehouse/health' });
      assert.equal(health.status, 200);
      assert.match(String(health.headers['content-type']), /application\/json/);
      assert.equal((JSON.parse(health.body) as { status: string }).status, 'ok');
      assert.equal(statSync(server.credentialsFile).mode & 0o777, 0o600);
      assert.match(readFileSync(server.credentialsFile, 'utf8'), /^\[gatehouse\]$/m);
      const creds = await rootCredentials(server.credentialsFile);
      assert.deepEqual({ accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey }, { accessKeyId, secretAccessKey });
      const iam = iamClient(server.url, creds);
      assert.equal((await iam.send(new GetUserCommand({}))).User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
      iam.destroy();
    } finally {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints the endpoint and how to use it without --json', async () => {
    const dataDir = tempDataDir('banner');
    const child = spawn(process.execPath, [CLI_MAIN, 'serve', '--data', dataDir, '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((ok) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('aws iam get-user')) ok();
      });
      setTimeout(ok, 15_000);
    });
    child.kill('SIGTERM');
    await new Promise((ok) => child.once('exit', ok));
    rmSync(dataDir, { recursive: true, force: true });
    assert.match(out, /Gatehouse is answering on http:\/\/127\.0\.0\.1:\d+ \(account 123456789012/);
    assert.match(out, /AWS_SHARED_CREDENTIALS_FILE=\S+\/credentials AWS_PROFILE=gatehouse AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+ aws iam get-user/);
  });

  it('keeps users and the generated root credentials across a stop and a start on the same data directory', async () => {
    const dataDir = tempDataDir('restart');
    const first = await startFixture({ dataDir });
    const firstRoot = first.root;
    assert.match(firstRoot.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
    assert.equal(firstRoot.secretAccessKey.length, 40);
    assert.equal(statSync(first.server.credentialsFile).mode & 0o777, 0o600);
    await first.iam.send(new CreateUserCommand({ UserName: 'survivor', Path: '/kept/' }));
    await first.close(true);

    const second = await startFixture({ dataDir });
    try {
      assert.equal(second.root.accessKeyId, firstRoot.accessKeyId);
      assert.equal(second.root.secretAccessKey, firstRoot.secretAccessKey);
      const got = await second.iam.send(new GetUserCommand({ UserName: 'survivor' }));
      assert.equal(got.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/kept/survivor`);
      assert.deepEqual((await second.iam.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName), ['survivor']);
    } finally {
      await second.close();
    }
  });
});
