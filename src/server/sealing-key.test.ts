import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadSealingKey, sealingKeyPath, SealingKeyError } from './sealing-key.js';

void test('the sealing key is created once in the data directory (0600) and read back on later starts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-seal-'));
  try {
    const first = loadSealingKey(dir, {});
    assert.equal(first.length, 32);
    assert.equal(statSync(sealingKeyPath(dir)).mode & 0o777, 0o600);
    assert.deepEqual(loadSealingKey(dir, {}), first);
    assert.equal(Buffer.from(readFileSync(sealingKeyPath(dir), 'utf8').trim(), 'base64').length, 32);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('GATEHOUSE_SEALING_KEY takes precedence; a key of the wrong size is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-seal-'));
  try {
    const key = randomBytes(32);
    assert.deepEqual(loadSealingKey(dir, { GATEHOUSE_SEALING_KEY: key.toString('base64') }), key);
    assert.throws(() => loadSealingKey(dir, { GATEHOUSE_SEALING_KEY: randomBytes(16).toString('base64') }), SealingKeyError);
    writeFileSync(sealingKeyPath(dir), 'c2hvcnQ=\n');
    assert.throws(() => loadSealingKey(dir, {}), SealingKeyError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
