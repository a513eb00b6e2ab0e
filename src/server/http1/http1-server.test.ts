import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Http1Server, type HttpHandler, type Http1ServerOptions } from './http1-server.js';

async function withServer(handler: HttpHandler, options: Partial<Http1ServerOptions>, fn: (port: number) => Promise<void>): Promise<void> {
  const server = new Http1Server(handler, { maxBodyBytes: 1024, ...options });
  const port = await server.listen(0, '127.0.0.1');
  try {
    await fn(port);
  } finally {
    await server.close();
  }
}

/** Sends `pieces` (pausing between them) and collects what comes back until the server closes or `untilMs` passes. */
function exchange(port: number, pieces: readonly string[], untilMs = 1500): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(got);
    }, untilMs);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    socket.on('error', reject);
    void (async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
  });
}

/** Sends `text` and shuts the sending side at once; collects the answer until the server closes. */
function halfClose(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

const echo: HttpHandler = (req) =>
  Promise.resolve({ status: 200, headers: { 'Content-Type': 'text/plain', 'x-amzn-RequestId': 'r' }, body: `${req.method} ${req.url} ${req.body.toString('utf8')}` });

void describe('Http1Server', () => {
  void it('answers pipelined requests in order even when the first takes longer', () =>
    withServer(
      async (req) => {
        if (req.url === '/slow') await new Promise((r) => setTimeout(r, 100));
        return echo(req);
      },
      {},
      async (port) => {
        const out = await exchange(port, ['GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /fast HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /last HTTP/1.1\r\nConnection: close\r\n\r\n']);
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
        const out = await exchange(port, ['GET / HTTP/1.1\r\n\r\nHEAD / HTTP/1.1\r\nConnection: close\r\n\r\n']);
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
        const out = await halfClose(port, 'POST /half HTTP/1.1\r\nContent-Length: 2\r\n\r\nokGET /second HTTP/1.1\r\n\r\n');
        assert.match(out, /^HTTP\/1\.1 200 OK\r\n[\s\S]*POST \/half okHTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n\r\nGET \/second $/);
      },
    ));

  void it('answers a quick request whose client shuts its side right after sending it', () =>
    withServer(echo, {}, async (port) => {
      for (let i = 0; i < 20; i++) {
        const out = await halfClose(port, 'GET /quick HTTP/1.1\r\n\r\n');
        assert.match(out, /^HTTP\/1\.1 200 OK\r\n[\s\S]*GET \/quick $/);
      }
    }));

  void it('says 100 Continue to a client that waits for it, then reads the body', () =>
    withServer(echo, {}, async (port) => {
      const out = await exchange(port, ['POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\n', 'body']);
      assert.match(out, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*POST \/e body$/);
    }));

  void it('refuses bad framing and oversize bodies, then closes the connection', () =>
    withServer(echo, { failureResponse: (f) => (f.status === 413 ? { status: 413, headers: { 'x-amzn-RequestId': 'big' }, body: '<too-large/>' } : undefined) }, async (port) => {
      const smuggle = await exchange(port, ['POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabcGET /second HTTP/1.1\r\n\r\n']);
      assert.match(smuggle, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close\r\n\r\n$/);
      assert.doesNotMatch(smuggle, /second/);
      const big = await exchange(port, ['POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n', 'x'.repeat(5000)]);
      assert.match(big, /^HTTP\/1\.1 413 Payload Too Large\r\nx-amzn-RequestId: big\r\n[\s\S]*<too-large\/>$/);
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
          assert.match(await exchange(port, ['GET /throw HTTP/1.1\r\nConnection: close\r\n\r\n']), /^HTTP\/1\.1 500 Internal Server Error\r\n/);
          const injected = await exchange(port, ['GET /inject HTTP/1.1\r\nConnection: close\r\n\r\n']);
          assert.match(injected, /^HTTP\/1\.1 500 /);
          assert.doesNotMatch(injected, /Injected/);
          assert.match(await exchange(port, ['GET /throw HTTP/1.1\r\nConnection: close\r\n\r\n']), /^HTTP\/1\.1 500 /);
          await new Promise((r) => setImmediate(r));
          assert.ok(warnings.some((w) => w.includes('boom')) && warnings.some((w) => w.includes('X-Bad')), warnings.join('\n'));
        } finally {
          process.off('warning', onWarning);
        }
      },
    ));

  void it('closes a connection whose head does not arrive in time with 408, and idle keep-alive connections', () =>
    withServer(echo, { headersTimeoutMs: 200, keepAliveTimeoutMs: 200 }, async (port) => {
      const slow = await exchange(port, ['GET / HTTP/1.1\r\n'], 4000);
      assert.match(slow, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      const started = Date.now();
      const idle = await exchange(port, ['GET / HTTP/1.1\r\n\r\n'], 4000);
      assert.match(idle, /^HTTP\/1\.1 200 OK\r\n/);
      assert.ok(Date.now() - started < 3500, 'the idle connection was closed by the server');
    }));
});
