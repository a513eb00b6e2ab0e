/**
 * Measures durable write transactions per second of the SQLite store: each transaction creates one
 * user the way CreateUser does (look up the name, then insert), and is acknowledged only once
 * committed. Not a test; run it by hand:
 *
 *   npx tsc -p . && node dist/src/state/sqlite/measure-write-throughput.js [count] [FULL|NORMAL]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from './sqlite-store.js';

const count = Number(process.argv[2] ?? 5000);
const synchronous = process.argv[3] === 'NORMAL' ? 'NORMAL' : 'FULL';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-throughput-'));
try {
  const store = await openSqliteStore(path.join(dir, 'gatehouse.db'), { synchronous });
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const name = `user-${i}`;
    await store.transaction(async (tx) => {
      if ((await tx.users.getByName('123456789012', name)) !== undefined) throw new Error('exists');
      await tx.users.put({
        AccountId: '123456789012',
        Path: '/',
        UserName: name,
        UserId: `AIDA${String(i).padStart(17, '0')}`,
        Arn: `arn:aws:iam::123456789012:user/${name}`,
        CreateDate: new Date().toISOString(),
        Tags: [],
      });
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  console.log(
    `${count} create-user transactions, synchronous=${synchronous}: ${(count / seconds).toFixed(0)}/s (${seconds.toFixed(2)} s)`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
