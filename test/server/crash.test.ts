/**
 * Every answered write survives kill -9: concurrent CreateUser calls against a `gatehouse serve`
 * child, SIGKILL in mid-stream, restart on the same data directory, and every user whose
 * CreateUser was answered 200 is there. Repeated for several rounds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { CreateUserCommand, paginateListUsers } from '@aws-sdk/client-iam';
import { iamClient, rootCredentials, spawnServer, stopServer, tempDataDir } from '../support/gatehouse-fixture.js';

const ROUNDS = 3;
const WORKERS = 8;

describe('crash test: kill -9 during writes', () => {
  it(`keeps every acknowledged CreateUser across ${ROUNDS} SIGKILLs`, async () => {
    const dataDir = tempDataDir('crash');
    const acknowledged = new Set<string>();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const server = await spawnServer({ dataDir });
        const iam = iamClient(server.url, await rootCredentials(server.credentialsFile));
        // Everything acknowledged in earlier rounds is still there after the restart.
        const present = new Set<string>();
        for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, {})) for (const u of page.Users ?? []) present.add(u.UserName ?? '');
        for (const name of acknowledged) assert.ok(present.has(name), `round ${round}: acknowledged user ${name} is missing after kill -9`);

        let stop = false;
        let next = 0;
        const worker = async (w: number): Promise<void> => {
          while (!stop) {
            const name = `r${round}-w${w}-${next++}`;
            try {
              const out = await iam.send(new CreateUserCommand({ UserName: name }));
              if (out.$metadata.httpStatusCode === 200) acknowledged.add(name);
            } catch {
              return; // the connection died with the process
            }
          }
        };
        const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
        await new Promise((r) => setTimeout(r, 300 + round * 150));
        server.child.kill('SIGKILL');
        stop = true;
        await Promise.all(workers);
        await server.exited;
        iam.destroy();
        assert.ok(acknowledged.size > round, 'some writes were answered before the kill');
      }
      const final = await spawnServer({ dataDir });
      try {
        const iam = iamClient(final.url, await rootCredentials(final.credentialsFile));
        const present = new Set<string>();
        for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, {})) for (const u of page.Users ?? []) present.add(u.UserName ?? '');
        const lost = [...acknowledged].filter((n) => !present.has(n));
        assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged users lost`);
        iam.destroy();
      } finally {
        await stopServer(final);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
