/**
 * Memory under attack: three floods of one-byte chunks and 2,000 slow connections at once, while a
 * real client (the AWS SDK) keeps making signed calls. The server process stays under 300 MB of
 * resident memory, answers every signed call, and is up afterwards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { rootCredentials, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { floodAttack, largeBodies, peakRssMiB } from '../support/flood-attack.js';

let server: ServerProcess;
let dataDir: string;
let iam: IAMClient;

void describe('memory under attack', () => {
  before(async () => {
    dataDir = tempDataDir('flood');
    server = await spawnServer({ dataDir });
    iam = new IAMClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: await rootCredentials(server.credentialsFile),
      maxAttempts: 1,
    });
  });
  after(async () => {
    iam.destroy();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  void it('stays under 300 MB and answers every signed call through three one-byte-chunk floods and 2,000 slow connections', { timeout: 120_000 }, async (t) => {
    const pid = server.child.pid;
    assert.ok(pid !== undefined);
    const result = await floodAttack(server.url, pid, async () => {
      const got = await iam.send(new GetUserCommand({}));
      assert.match(got.User?.Arn ?? '', /:root$/);
    });
    t.diagnostic(`peak RSS ${result.peakRssMiB} MiB; ${result.signedCalls} signed calls in ${result.durationMs} ms`);
    assert.deepEqual(result.signedFailures, [], 'every signed call was answered');
    assert.ok(result.signedCalls > 10, `signed calls went on throughout (${result.signedCalls})`);
    assert.equal(result.slowConnectionsOpened, 2000);
    assert.deepEqual(result.floodStatuses, [400, 400, 400], 'each flood was refused');
    assert.ok(result.peakRssMiB < 300, `peak RSS ${result.peakRssMiB} MiB`);
    // Still up afterwards.
    const got = await iam.send(new GetUserCommand({}));
    assert.match(got.User?.Arn ?? '', /:root$/);
  });

  void it('stays under 300 MB through five 16 MB bodies of a million parameters each, at once', { timeout: 120_000 }, async (t) => {
    const pid = server.child.pid;
    assert.ok(pid !== undefined);
    const answered = await largeBodies(server.url, 5);
    t.diagnostic(`answers ${answered.join(', ')}; peak RSS ${peakRssMiB(pid)} MiB`);
    // Unsigned: each is refused (MissingAuthenticationToken) or throttled, never parsed into memory.
    for (const status of answered) assert.ok(status === 403 || status === 400, `status ${status}`);
    assert.ok(peakRssMiB(pid) < 300, `peak RSS ${peakRssMiB(pid)} MiB`);
    const got = await iam.send(new GetUserCommand({}));
    assert.match(got.User?.Arn ?? '', /:root$/);
  });
});
