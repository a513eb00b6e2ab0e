import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { openStore, openPostgresStore } from '../index.js';
import type { Revision } from '../store.js';
import { runStoreContractSuite } from '../store-contract.test-suite.js';

const baseUrl = process.env['GATEHOUSE_TEST_PG_URL'];

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

if (baseUrl === undefined || baseUrl === '') {
  void test('PostgreSQL store contract', {
    skip: 'GATEHOUSE_TEST_PG_URL is not set: run under scripts/with-postgres.sh to test the PostgreSQL store',
  }, () => undefined);
} else {
  const pgUrl = baseUrl;
  runStoreContractSuite({
    name: 'PostgreSQL',
    async fresh(options) {
      const schema = `gh_test_${randomBytes(6).toString('hex')}`;
      const url = withSchema(pgUrl, schema);
      const store = await openStore(url, '/nonexistent', options);
      return {
        store,
        reopen: () => openStore(url, '/nonexistent', options),
        crashWriterArgs: ['/nonexistent', url],
        async dispose() {
          await store.close();
          await dropSchema(pgUrl, schema);
        },
      };
    },
  });

  void test('PostgreSQL: another process learns of a commit through its notification', async () => {
    const schema = `gh_test_${randomBytes(6).toString('hex')}`;
    const url = withSchema(pgUrl, schema);
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    try {
      const notified = new Promise<Revision>((resolve) => {
        const unsubscribe = b.onRevision((revision) => {
          unsubscribe();
          resolve(revision);
        });
      });
      await a.transaction((tx) =>
        tx.groups.put({ AccountId: '123456789012', Path: '/', GroupName: 'g', GroupId: 'AGPAG', Arn: 'arn:aws:iam::123456789012:group/g', CreateDate: '2024-05-01T12:00:00Z' }),
      );
      assert.equal(await notified, a.revision());
      assert.equal(b.revision(), a.revision());
    } finally {
      await Promise.all([a.close(), b.close()]);
      await dropSchema(pgUrl, schema);
    }
  });
}
