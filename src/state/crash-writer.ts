/**
 * A child process for the crash-durability test: opens the store given on the command line and
 * creates users `crash-0`, `crash-1`, ... one transaction each, printing `ack <n>` only after
 * the transaction resolved. The test kills it with SIGKILL and checks every acknowledged user.
 *
 *   node crash-writer.js <dataDir> [postgresUrl]
 */
import { openStore } from './index.js';

const [dataDir, url] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: crash-writer.js <dataDir> [postgresUrl]');
const store = await openStore(url, dataDir);
const accountId = '111122223333';
for (let i = 0; ; i += 1) {
  const name = `crash-${i}`;
  await store.transaction(async (tx) => {
    await tx.users.put({
      AccountId: accountId,
      Path: '/crash/',
      UserName: name,
      UserId: `AIDACRASH${String(i).padStart(12, '0')}`,
      Arn: `arn:aws:iam::${accountId}:user/crash/${name}`,
      CreateDate: new Date().toISOString(),
      Tags: [],
    });
  });
  process.stdout.write(`ack ${i}\n`);
}
