/**
 * The credentials file of the data directory: one profile per account's root user, written one at
 * a time without losing the others, mode 0600, read back by the AWS SDK's own loader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { credentialsPath, hasProfile, memberProfile, readProfile, writeMemberRootCredentials, writeRootCredentials } from './credentials-file.js';

void test('member profiles are added beside the management profile, and rewriting one keeps the others', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-creds-'));
  try {
    const path = credentialsPath(dir);
    writeRootCredentials(dir, { accessKeyId: 'AKIAMANAGEMENT000001', secretAccessKey: 'management-secret' }, 'us-east-1');
    writeMemberRootCredentials(dir, '111122223333', { accessKeyId: 'AKIAMEMBERONE0000001', secretAccessKey: 'member-one' }, 'us-east-1');
    writeMemberRootCredentials(dir, '444455556666', { accessKeyId: 'AKIAMEMBERTWO0000001', secretAccessKey: 'member-two' }, 'eu-west-1');
    writeRootCredentials(dir, { accessKeyId: 'AKIAMANAGEMENT000002', secretAccessKey: 'management-secret-2' }, 'us-east-1');
    writeMemberRootCredentials(dir, '111122223333', { accessKeyId: 'AKIAMEMBERONE0000002', secretAccessKey: 'member-one-2' }, 'us-east-1');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(memberProfile('111122223333'), 'gatehouse-111122223333');
    assert.deepEqual(readProfile(path, 'gatehouse'), { accessKeyId: 'AKIAMANAGEMENT000002', secretAccessKey: 'management-secret-2', sessionToken: undefined });
    assert.equal(readProfile(path, 'gatehouse-111122223333')?.secretAccessKey, 'member-one-2');
    assert.equal(readProfile(path, 'gatehouse-444455556666')?.secretAccessKey, 'member-two');
    assert.ok(hasProfile(path, 'gatehouse-444455556666'));
    assert.ok(!hasProfile(path, 'gatehouse-777788889999'));
    const text = readFileSync(path, 'utf8');
    assert.equal(text.match(/^\[gatehouse-111122223333\]$/gm)?.length, 1, 'each profile once');
    assert.ok(text.indexOf('[gatehouse]') < text.indexOf('[gatehouse-111122223333]'), 'the management profile first');
    const sdk = await fromIni({ profile: 'gatehouse-444455556666', filepath: path, configFilepath: join(dir, 'no-config'), ignoreCache: true })();
    assert.equal(sdk.accessKeyId, 'AKIAMEMBERTWO0000001');
    assert.equal(sdk.secretAccessKey, 'member-two');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
