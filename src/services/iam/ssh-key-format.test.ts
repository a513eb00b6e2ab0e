import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSshPublicKey } from './ssh-key-format.js';

function hasSshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  return true;
}

void test('an ssh-rsa key and its PEM form give one fingerprint and convert into each other', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fromPem = parseSshPublicKey(pem);
  assert.ok(fromPem.ok);
  assert.match(fromPem.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  assert.match(fromPem.sshBody, /^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/]+=*$/);
  const fromSsh = parseSshPublicKey(`${fromPem.sshBody} alice@laptop\n`);
  assert.ok(fromSsh.ok);
  assert.equal(fromSsh.fingerprint, fromPem.fingerprint);
  assert.equal(fromSsh.pemBody, pem);
});

void test('the fingerprint is the MD5 one that ssh-keygen prints', { skip: hasSshKeygen() ? false : 'ssh-keygen is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ssh-'));
  try {
    const file = join(dir, 'id_rsa');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'alice@example', '-f', file]);
    const body = readFileSync(`${file}.pub`, 'utf8');
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${file}.pub`]).toString();
    const parsed = parseSshPublicKey(body);
    assert.ok(parsed.ok);
    assert.ok(printed.includes(`MD5:${parsed.fingerprint} `), `${printed} / ${parsed.fingerprint}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('other encodings, broken keys and short keys are refused', () => {
  assert.deepEqual(parseSshPublicKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'), { ok: false, reason: 'unrecognized-encoding' });
  assert.deepEqual(parseSshPublicKey('hello'), { ok: false, reason: 'unrecognized-encoding' });
  assert.deepEqual(parseSshPublicKey('ssh-rsa AAAA'), { ok: false, reason: 'invalid-key' });
  assert.deepEqual(parseSshPublicKey('ssh-rsa !!!'), { ok: false, reason: 'invalid-key' });
  assert.deepEqual(parseSshPublicKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'), { ok: false, reason: 'invalid-key' });
  const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.deepEqual(parseSshPublicKey(short), { ok: false, reason: 'invalid-key' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.deepEqual(parseSshPublicKey(ec), { ok: false, reason: 'unrecognized-encoding' });
});
