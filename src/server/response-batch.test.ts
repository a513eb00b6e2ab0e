import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResponseBatch } from './response-batch.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

void describe('ResponseBatch', () => {
  void it('writes each queued response whole, with its length, after the turn that queued it', async () => {
    const batch = new ResponseBatch();
    const order: string[] = [];
    const server = createServer((_req, res) => {
      batch.send(res, { status: 201, headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': 'r-1' }, body: '<ok>é</ok>' });
      order.push(`queued, headers sent: ${res.headersSent}`);
      setImmediate(() => order.push(`after the turn, headers sent: ${res.headersSent}`));
    });
    const url = await listen(server);
    try {
      const answers = await Promise.all([1, 2, 3].map(() => fetch(url).then(async (r) => [r.status, r.headers.get('content-length'), r.headers.get('x-amzn-requestid'), await r.text()])));
      for (const a of answers) assert.deepEqual(a, [201, '11', 'r-1', '<ok>é</ok>']);
      assert.equal(order[0], 'queued, headers sent: false');
      assert.ok(order.includes('after the turn, headers sent: true'));
    } finally {
      server.close();
    }
  });

  void it('skips a response that was answered meanwhile, and still writes the others', async () => {
    const batch = new ResponseBatch();
    let n = 0;
    const server = createServer((_req, res) => {
      n += 1;
      batch.send(res, { status: 200, headers: {}, body: 'late' });
      if (n === 1) {
        res.writeHead(500);
        res.end('fault');
      }
    });
    const url = await listen(server);
    try {
      const first = await fetch(url);
      assert.deepEqual([first.status, await first.text()], [500, 'fault']);
      const second = await fetch(url);
      assert.deepEqual([second.status, await second.text()], [200, 'late']);
    } finally {
      server.close();
    }
  });
});
