import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exchange as sendRaw, halfClose } from '../../../test/support/raw-socket.js';
import { HttpServer, type HttpHandler, type HttpServerOptions } from './http-server.js';

const refusal: HttpServerOptions['refusal'] = (reason) => ({ status: reason === 'tooLarge' ? 413 : reason === 'fragmented' ? 400 : 503, headers: { 'x-refused': reason }, body: `<${reason}/>` });

async function withServer(handler: HttpHandler, options: Partial<HttpServerOptions>, fn: (port: number, server: HttpServer) => Promise<void>): Promise<void> {
  const server = new HttpServer(handler, { maxBodyBytes: 1024, maxConnections: 100, maxBufferedBodyBytes: 1 << 20, refusal, ...options });
  const port = await server.listen(0, '127.0.0.1');
  try {
    await fn(port, server);
  } finally {
    await server.close();
  }
}

/** What came back on one connection. */
async function exchange(port: number, pieces: readonly string[], untilMs = 1500, gapMs = 30): Promise<string> {
  return (await sendRaw(port, pieces, untilMs, gapMs)).text;
}

const echo: HttpHandler = (req) =>
  Promise.resolve({ status: 200, headers: { 'Content-Type': 'text/plain', 'x-amzn-RequestId': 'r' }, body: `${req.method} ${req.url} ${req.body.toString('utf8')}` });

void describe('HttpServer', () => {
  void it('answers pipelined requests in order even when the first takes longer', () =>
    withServer(
      async (req) => {
        if (req.url === '/slow') await new Promise((r) => setTimeout(r, 100));
        return echo(req);
      },
      {},
      async (port) => {
        const out = await exchange(port, ['GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiGET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
        const bodies = [...out.matchAll(/\r\n\r\n(GET|POST) (\S+)/g)].map((m) => m[2]);
        assert.deepEqual(bodies, ['/slow', '/fast', '/last']);
        assert.match(out, /^HTTP\/1\.1 200 OK\r\n/);
        assert.match(out, /Content-Length: 10\r\n/);
        assert.match(out, /Connection: keep-alive\r\nKeep-Alive: timeout=65\r\n/);
        assert.match(out, /Connection: close\r\n\r\nGET \/last $/, 'closes after a request that asked to');
      },
    ));

  void it('counts UTF-8 bodies in bytes, and sends no body for HEAD', () =>
    withServer(
      (req) => Promise.resolve({ status: 200, headers: {}, body: req.method === 'HEAD' ? 'héllo' : 'é' }),
      {},
      async (port) => {
        const out = await exchange(port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
        const answers = out.split('HTTP/1.1 ').slice(1);
        assert.match(answers[0]!, /Content-Length: 2\r\n[\s\S]*\r\n\r\n\u00c3\u00a9$/);
        assert.match(answers[1]!, /Content-Length: 6\r\n[\s\S]*\r\n\r\n$/);
      },
    ));

  void it('answers a client that sends its request and then shuts its side of the connection', () =>
    withServer(
      async (req) => {
        await new Promise((r) => setTimeout(r, 50));
        return echo(req);
      },
      {},
      async (port) => {
        const out = await halfClose(port, 'POST /half HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nokGET /second HTTP/1.1\r\nHost: x\r\n\r\n');
        // Both answered, in order, and then the server closed (the exchange ends on close).
        assert.match(out, /^HTTP\/1\.1 200 OK\r\n[\s\S]*POST \/half okHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nGET \/second $/);
      },
    ));

  void it('answers a quick request whose client shuts its side right after sending it', () =>
    withServer(echo, {}, async (port) => {
      for (let i = 0; i < 20; i++) {
        const out = await halfClose(port, 'GET /quick HTTP/1.1\r\nHost: x\r\n\r\n');
        assert.match(out, /^HTTP\/1\.1 200 OK\r\n[\s\S]*GET \/quick $/);
      }
    }));

  void it('says 100 Continue to a client that waits for it, then reads the body', () =>
    withServer(echo, {}, async (port) => {
      const out = await exchange(port, ['POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\n', 'body']);
      assert.match(out, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*POST \/e body$/);
    }));

  void it('refuses bad framing and oversize bodies, then closes the connection', () =>
    withServer(echo, {}, async (port) => {
      const smuggle = await exchange(port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabcGET /second HTTP/1.1\r\nHost: x\r\n\r\n']);
      assert.match(smuggle, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close\r\n\r\n$/);
      assert.doesNotMatch(smuggle, /second/);
      const big = await exchange(port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n', 'x'.repeat(5000)]);
      assert.match(big, /^HTTP\/1\.1 413 Payload Too Large\r\nx-refused: tooLarge\r\n[\s\S]*Connection: close\r\n[\s\S]*<tooLarge\/>$/);
    }));

  void it('answers a fault in the handler, or an unsafe response header, with a 500 and stays up', () =>
    withServer(
      (req) => (req.url === '/throw' ? Promise.reject(new Error('boom')) : Promise.resolve({ status: 200, headers: { 'X-Bad': 'a\r\nInjected: yes' }, body: '' })),
      {},
      async (port) => {
        const warnings: string[] = [];
        const onWarning = (w: Error): number => warnings.push(w.message);
        process.on('warning', onWarning);
        try {
          assert.match(await exchange(port, ['GET /throw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']), /^HTTP\/1\.1 500 Internal Server Error\r\n/);
          const injected = await exchange(port, ['GET /inject HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
          assert.match(injected, /^HTTP\/1\.1 500 /);
          assert.doesNotMatch(injected, /Injected/);
          assert.match(await exchange(port, ['GET /throw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']), /^HTTP\/1\.1 500 /);
          await new Promise((r) => setImmediate(r));
          assert.ok(warnings.some((w) => w.includes('boom')) && warnings.some((w) => w.includes('X-Bad')), warnings.join('\n'));
        } finally {
          process.off('warning', onWarning);
        }
      },
    ));

  void it('closes a connection whose head does not arrive in time with 408, and idle keep-alive connections', () =>
    withServer(echo, { headersTimeoutMs: 200, keepAliveTimeoutMs: 200 }, async (port) => {
      const slow = await exchange(port, ['GET / HTTP/1.1\r\nHost: x\r\n'], 4000);
      assert.match(slow, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      const started = Date.now();
      const idle = await exchange(port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n'], 4000);
      assert.match(idle, /^HTTP\/1\.1 200 OK\r\n/);
      assert.ok(Date.now() - started < 3500, 'the idle connection was closed by the server');
    }));
});

void describe('HttpServer limits', () => {
  const sizeOf: HttpHandler = (req) => Promise.resolve({ status: 200, headers: {}, body: `${req.body.length}:${req.body.subarray(0, 3).toString('latin1')}...${req.body.subarray(-3).toString('latin1')}` });

  void it('reads a chunked body of many small pieces into one body, in order', () =>
    withServer(sizeOf, { maxBodyBytes: 100_000 }, async (port) => {
      const chunks = Array.from({ length: 5000 }, (_, i) => `1\r\n${String.fromCharCode(97 + (i % 26))}\r\n`).join('');
      const out = await exchange(port, [`POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`]);
      assert.match(out, /\r\n\r\n5000:abc...fgh$/);
    }));

  void it('refuses a chunked body split into more pieces than allowed, and the body over the size limit', () =>
    withServer(sizeOf, { maxBodyBytes: 100_000, maxBodyPieces: 1000 }, async (port, server) => {
      const chunks = '1\r\na\r\n'.repeat(1001);
      const out = await exchange(port, [`POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`]);
      assert.match(out, /^HTTP\/1\.1 400 Bad Request\r\nx-refused: fragmented\r\n[\s\S]*Connection: close/);
      const big = await exchange(port, [`POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${`4000\r\n${'b'.repeat(0x4000)}\r\n`.repeat(7)}`]);
      assert.match(big, /^HTTP\/1\.1 413 Payload Too Large\r\nx-refused: tooLarge\r\n/);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(server.bufferedBodyBytes, 0, 'refused bodies give their memory back');
    }));

  void it('refuses a body the shared budget cannot hold with the refusal answer, and takes it again once memory is free', () =>
    withServer(sizeOf, { maxBodyBytes: 100_000, maxBufferedBodyBytes: 150_000 }, async (port, server) => {
      const head = (n: number): string => `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${n}\r\nConnection: close\r\n\r\n`;
      // The first request's body is on its way (half of it sent): its 100,000 bytes are held.
      const first = exchange(port, [head(100_000), 'a'.repeat(50_000), 'a'.repeat(50_000)], 3000, 300);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(server.bufferedBodyBytes, 100_000);
      const second = await exchange(port, [head(60_000) + 'b'.repeat(60_000)]);
      assert.match(second, /^HTTP\/1\.1 503 Service Unavailable\r\nx-refused: busy\r\n/);
      assert.match(await first, /\r\n\r\n100000:aaa...aaa$/);
      assert.equal(server.bufferedBodyBytes, 0);
      assert.match(await exchange(port, [head(60_000) + 'b'.repeat(60_000)]), /\r\n\r\n60000:bbb...bbb$/);
    }));

  void it('closes idle keep-alive connections to make room, and refuses requests past the connection limit', () =>
    withServer(echo, { maxConnections: 3 }, async (port, server) => {
      const { connect } = await import('node:net');
      const open = (): Promise<import('node:net').Socket> => new Promise((ok) => { const s = connect(port, '127.0.0.1', () => ok(s)); s.on('error', () => undefined); });
      // Three connections that each had an answer and now sit idle.
      const idle = await Promise.all([open(), open(), open()]);
      await Promise.all(idle.map((s) => new Promise((ok) => { s.once('data', ok); s.write('GET /idle HTTP/1.1\r\nHost: x\r\n\r\n'); })));
      assert.equal(server.connections, 3);
      // A fourth is served: the idle ones make room.
      assert.match(await exchange(port, ['GET /fourth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']), /^HTTP\/1\.1 200 OK[\s\S]*GET \/fourth $/);
      // Three connections in the middle of a request hold every place: the next is refused.
      const busy = await Promise.all([open(), open(), open()]);
      for (const s of busy) s.write('GET /slow HTTP/1.1\r\n');
      await new Promise((r) => setTimeout(r, 50));
      assert.match(await exchange(port, ['GET /over HTTP/1.1\r\nHost: x\r\n\r\n']), /^HTTP\/1\.1 503 Service Unavailable\r\nx-refused: connections\r\n[\s\S]*Connection: close/);
      for (const s of [...idle, ...busy]) s.destroy();
    }));

  void it('refuses a request with two Host fields, and a coding other than chunked with 501', () =>
    withServer(echo, {}, async (port) => {
      assert.match(await exchange(port, ['GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n']), /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close\r\n[\s\S]*\r\n\r\n$/);
      assert.match(await exchange(port, ['POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n']), /^HTTP\/1\.1 501 Not Implemented\r\n/);
    }));
});
