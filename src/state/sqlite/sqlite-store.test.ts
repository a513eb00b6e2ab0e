import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from './sqlite-driver.js';
import { openStore, SQLITE_FILE_NAME } from '../index.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../sql/schema.js';
import { SchemaTooNewError } from '../store-errors.js';
import { runStoreContractSuite } from '../store-contract.test-suite.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-sqlite-'));
}

runStoreContractSuite({
  name: 'SQLite',
  async fresh(options) {
    const dir = tempDir();
    const store = await openStore(undefined, dir, options);
    return {
      store,
      reopen: () => openStore(undefined, dir, options),
      crashWriterArgs: [dir],
      async dispose() {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

void test('SQLite: the file is in WAL mode and records its schema version', async () => {
  const dir = tempDir();
  try {
    const store = await openStore(undefined, dir);
    await store.close();
    const db = new Database(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const versions = db.prepare('SELECT version FROM gatehouse_schema_version ORDER BY version').all() as { version: number }[];
      assert.deepEqual(
        versions.map((v) => v.version),
        MIGRATIONS.map((m) => m.version),
      );
    } finally {
      db.close();
    }
    // Reopening an up-to-date file applies nothing twice.
    const again = await openStore(undefined, dir);
    await again.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('SQLite: a file from a newer schema is refused', async () => {
  const dir = tempDir();
  try {
    await (await openStore(undefined, dir)).close();
    const db = new Database(path.join(dir, SQLITE_FILE_NAME));
    db.prepare("INSERT INTO gatehouse_schema_version (version, description, applied_at) VALUES (?, 'future', '')").run(LATEST_SCHEMA_VERSION + 1);
    db.close();
    await assert.rejects(openStore(undefined, dir), SchemaTooNewError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('openStore refuses URLs it does not know', async () => {
  await assert.rejects(openStore('mysql://localhost/db', tempDir()), RangeError);
});

void test('SQLite: transactions committed together roll back alone when they fail', async () => {
  const dir = tempDir();
  const store = await openStore(undefined, dir);
  try {
    const user = (i: number) => ({
      AccountId: '123456789012',
      Path: '/',
      UserName: `group-${i}`,
      UserId: `AIDAGROUPCOMMIT${String(i).padStart(6, '0')}`,
      Arn: `arn:aws:iam::123456789012:user/group-${i}`,
      CreateDate: '2026-01-01T00:00:00Z',
      Tags: [],
    });
    const before = store.revision();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.users.put(user(i));
          if (i % 3 === 0) throw new Error(`body ${i} fails`);
          return i;
        }),
      ),
    );
    for (const [i, r] of results.entries()) assert.equal(r.status, i % 3 === 0 ? 'rejected' : 'fulfilled', `transaction ${i}`);
    const kept = (await store.read.users.list({ scope: '123456789012', maxItems: 1000 })).items.map((u) => u.UserName);
    const expected = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `group-${i}`);
    assert.deepEqual([...kept].sort(), [...expected].sort());
    assert.equal(store.revision(), before + expected.length);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
