/**
 * The endpoint's HTTP framing, attacked over raw sockets as a request smuggler or a flooder would:
 * each attempt gets the status a strict HTTP/1.1 server gives, no second request is ever read out
 * of a body or a trailer (a smuggled request would be answered with a second status line, and the
 * smuggled health check with its JSON), the connection is closed after a refusal, and the server
 * keeps answering signed requests through a real client.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetUserCommand } from '@aws-sdk/client-iam';
import { startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { exchange, statuses } from '../support/raw-socket.js';

/** A request that, if the server ever read it, would be answered 200 with `"status":"ok"`. */
const SMUGGLED = 'GET /_gatehouse/health HTTP/1.1\r\nHost: x\r\n\r\n';
const POST = 'POST / HTTP/1.1\r\nHost: localhost\r\n';

interface Attempt {
  readonly name: string;
  readonly bytes: string;
  readonly status: number;
}

/** Each is refused; anything after the refusal (the smuggled request) must go unread. */
const ATTEMPTS: readonly Attempt[] = [
  // Smuggling: two ways to read one body.
  { name: 'Content-Length and Transfer-Encoding together', bytes: `${POST}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'two different Content-Length values', bytes: `${POST}Content-Length: 0\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a Content-Length list', bytes: `${POST}Content-Length: 0, ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'Transfer-Encoding twice', bytes: `${POST}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  // Obfuscated Transfer-Encoding and control characters around framing values.
  { name: 'Transfer-Encoding: chunked followed by a vertical tab', bytes: `${POST}Transfer-Encoding: chunked\x0b\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'Transfer-Encoding with a form feed before the value', bytes: `${POST}Transfer-Encoding:\x0cchunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'Content-Length followed by a vertical tab', bytes: `${POST}Content-Length: 0\x0b\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a space before the colon of Transfer-Encoding', bytes: `${POST}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'Transfer-Encoding: xchunked', bytes: `${POST}Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'Transfer-Encoding with chunked not last', bytes: `${POST}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'Transfer-Encoding folded onto a second line', bytes: `${POST}Transfer-Encoding: identity\r\n chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a coding the server does not decode before chunked', bytes: `${POST}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`, status: 501 },
  { name: 'NUL in a header value', bytes: `${POST}X-Amz-Date: 2026\x00\r\nContent-Length: 0\r\n\r\n${SMUGGLED}`, status: 400 },
  // Requests hidden in chunked bodies and trailers.
  { name: 'a request line sent as a trailer', bytes: `${POST}Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n${SMUGGLED}`, status: 400 },
  { name: 'NUL in a trailer', bytes: `${POST}Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: a\x00b\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a bare LF in a trailer', bytes: `${POST}Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: ab\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'NUL in a chunk extension', bytes: `${POST}Transfer-Encoding: chunked\r\n\r\n1;a=\x00\r\na\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a chunk size that overflows', bytes: `${POST}Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\na\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a chunk size line ended by a bare LF', bytes: `${POST}Transfer-Encoding: chunked\r\n\r\n1\na\r\n0\r\n\r\n${SMUGGLED}`, status: 400 },
  // Heads no HTTP/1.1 server should take.
  { name: 'an unknown method', bytes: `FOO / HTTP/1.1\r\nHost: x\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a lowercase method', bytes: `get / HTTP/1.1\r\nHost: x\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'CONNECT to a host that is not AWS\'s (the proxy refuses it)', bytes: `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n${SMUGGLED}`, status: 403 },
  { name: 'no Host field', bytes: `GET /_gatehouse/health HTTP/1.1\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'two Host fields', bytes: `GET /_gatehouse/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a raw byte above 0x7f in the target', bytes: `GET /\xe9 HTTP/1.1\r\nHost: x\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'line ends of bare LF', bytes: `GET /_gatehouse/health HTTP/1.1\nHost: x\n\n${SMUGGLED}`, status: 400 },
  { name: 'line ends of bare CR', bytes: `GET /_gatehouse/health HTTP/1.1\rHost: x\r\r${SMUGGLED}`, status: 400 },
  { name: 'HTTP/1.2', bytes: `GET /_gatehouse/health HTTP/1.2\r\nHost: x\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a header name with a space', bytes: `GET /_gatehouse/health HTTP/1.1\r\nHost: x\r\nX Y: 1\r\n\r\n${SMUGGLED}`, status: 400 },
  { name: 'a negative Content-Length', bytes: `${POST}Content-Length: -1\r\n\r\n${SMUGGLED}`, status: 400 },
];

let fx: GatehouseFixture;
let port: number;

async function stillServing(): Promise<void> {
  const got = await fx.iam.send(new GetUserCommand({}));
  assert.match(got.User?.Arn ?? '', /:root$/);
}

void describe('HTTP framing under attack', () => {
  before(async () => {
    fx = await startFixture();
    port = Number(new URL(fx.url).port);
  });
  after(() => fx.close());

  for (const a of ATTEMPTS) {
    void it(`refuses ${a.name} with ${a.status}, reads nothing after it, and closes`, async () => {
      const started = Date.now();
      const out = await exchange(port, [a.bytes], 3000);
      assert.deepEqual(statuses(out.text), [a.status], out.text);
      assert.doesNotMatch(out.text, /"status":"ok"/);
      assert.ok(out.closedByServer, 'the server closed the connection');
      assert.ok(Date.now() - started < 2000, 'refused at once, not after a time limit');
      await stillServing();
    });
  }

  void it('answers Expect: foo with 417', async () => {
    const out = await exchange(port, [`${POST}Expect: foo\r\nContent-Length: 1\r\nConnection: close\r\n\r\na`]);
    assert.deepEqual(statuses(out.text), [417]);
  });

  void it("sends 100 Continue for a pipelined POST only after the GET before it is answered", async () => {
    const out = await exchange(port, [`${SMUGGLED}${POST}Expect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 13\r\nConnection: close\r\n\r\n`, 'Action=GetUser'.slice(0, 13)], 3000, 300);
    assert.deepEqual(statuses(out.text), [200, 100, 403], out.text);
    assert.ok(out.text.indexOf('"status":"ok"') < out.text.indexOf('100 Continue'), 'the GET is answered before the 100');
    assert.match(out.text, /MissingAuthenticationToken/);
  });

  void it('refuses a body over the limit before the client sends it, when the client asks first', async () => {
    const out = await exchange(port, [`${POST}Expect: 100-continue\r\nContent-Length: ${32 * 1024 * 1024}\r\n\r\n`], 3000);
    assert.deepEqual(statuses(out.text), [413]);
    assert.match(out.text, /<Code>RequestEntityTooLarge<\/Code>/);
    assert.ok(out.closedByServer);
  });

  void it('answers 1,000 pipelined requests, in order, on one connection', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => `GET /_gatehouse/health?n=${i} HTTP/1.1\r\nHost: x\r\n\r\n`).join('');
    const out = await exchange(port, [`${many}GET /_gatehouse/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`], 10_000);
    assert.equal(statuses(out.text).filter((s) => s === 200).length, 1001);
    assert.ok(out.closedByServer);
    await stillServing();
  });

  void it('refuses a flood of one-byte chunks early, with the service error, and stays up', async () => {
    const flood = Buffer.from('1\r\na\r\n'.repeat(200_000));
    const started = Date.now();
    const out = await exchange(port, [`${POST}Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`, flood, flood, flood], 10_000, 0);
    assert.deepEqual(statuses(out.text), [400], out.text.slice(0, 300));
    assert.match(out.text, /<Code>InvalidRequest<\/Code>/);
    assert.ok(out.closedByServer);
    assert.ok(Date.now() - started < 5000);
    await stillServing();
  });

  void it('answers a head over 16 KiB with 431', async () => {
    const out = await exchange(port, [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n${SMUGGLED}`]);
    assert.deepEqual(statuses(out.text), [431]);
    await stillServing();
  });

  void it('keeps answering signed requests while 100 slow clients dribble their heads', async () => {
    const slow = Array.from({ length: 100 }, () => exchange(port, ['GET / HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n'], 1500, 200));
    for (let i = 0; i < 10; i++) await stillServing();
    await Promise.all(slow);
  });
});

void describe('HTTP limits of the endpoint', () => {
  void it('answers past the connection limit with Throttling "Rate exceeded" in the service protocol', async () => {
    const small = await startFixture({ maxConnections: 4 });
    try {
      const p = Number(new URL(small.url).port);
      const holders = Array.from({ length: 4 }, () => exchange(p, ['GET / HTTP/1.1\r\n', 'Host: x\r\n'], 1500, 700));
      await new Promise((r) => setTimeout(r, 200));
      const out = await exchange(p, [`${POST}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n\r\nAction=GetUser`]);
      assert.deepEqual(statuses(out.text), [400]);
      assert.match(out.text, /<Code>Throttling<\/Code><Message>Rate exceeded<\/Message>/);
      assert.match(out.text, /Connection: close/);
      await Promise.all(holders);
      // Once they are gone, a real client is served again.
      const got = await small.iam.send(new GetUserCommand({}));
      assert.match(got.User?.Arn ?? '', /:root$/);
    } finally {
      await small.close();
    }
  });

  void it('answers a body the shared memory budget cannot hold with Throttling', async () => {
    const small = await startFixture({ maxBodyMemoryBytes: 1024 * 1024 });
    try {
      const p = Number(new URL(small.url).port);
      const holder = exchange(p, [`${POST}Content-Length: 900000\r\n\r\n`, 'a'.repeat(1000)], 1500, 700);
      await new Promise((r) => setTimeout(r, 200));
      const out = await exchange(p, [`${POST}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200000\r\n\r\n`]);
      assert.deepEqual(statuses(out.text), [400]);
      assert.match(out.text, /<Code>Throttling<\/Code><Message>Rate exceeded<\/Message>/);
      await holder;
    } finally {
      await small.close();
    }
  });
});
