/**
 * The proxy under the HTTP server, over raw sockets and Node's TLS client: tunnels to AWS hosts
 * served by the same handler with the same limits, other hosts refused or passed through, and
 * hostile input (bad authorities, odd ports, garbage and silence where a TLS handshake belongs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { HttpServer, type HttpHandler, type HttpRequest, type HttpServerOptions } from '../http/http-server.js';
import { CertificateAuthority } from '../tls/certificate-authority.js';
import { HttpsProxy, type HttpsProxyOptions } from './https-proxy.js';
import { closedWithin, connectRequest, exchangeOver, readToClose, sendToProxy, tlsThroughProxy } from '../../../test/support/proxy-client.js';

/** Answers with what it saw of the request. */
const echo: HttpHandler = (req: HttpRequest) =>
  Promise.resolve({
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: req.method, url: req.url, host: req.headers.get('host'), tls: req.tls ?? null, remoteAddress: req.remoteAddress, bodyLength: req.body.length }),
  });

const refusal: HttpServerOptions['refusal'] = (reason) => ({ status: reason === 'tooLarge' ? 413 : 503, headers: { 'x-refused': reason }, body: reason });

interface Running {
  readonly port: number;
  readonly server: HttpServer;
  readonly refused: string[];
}

let ca: CertificateAuthority;
let otherCa: CertificateAuthority;

async function withProxy(o: { server?: Partial<HttpServerOptions>; proxy?: Partial<HttpsProxyOptions> }, fn: (r: Running) => Promise<void>): Promise<void> {
  const refused: string[] = [];
  const proxy = new HttpsProxy({ ca, otherHosts: 'refuse', onRefused: (t) => refused.push(t), ...o.proxy });
  const server = new HttpServer(echo, { maxBodyBytes: 1024, maxConnections: 100, maxBufferedBodyBytes: 1 << 20, refusal, connect: proxy.connect, ...o.server });
  const port = await server.listen(0, '127.0.0.1');
  try {
    await fn({ port, server, refused });
  } finally {
    await server.close();
  }
}

/** Waits up to a second for the server's connection count to reach `n`. */
async function connectionsReach(server: HttpServer, n: number): Promise<number> {
  for (let i = 0; i < 50 && server.connections !== n; i++) await new Promise((r) => setTimeout(r, 20));
  return server.connections;
}

function parseAnswers(text: string): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  const re = /HTTP\/1\.1 (\d{3}) [^\r]*\r\n([\s\S]*?)\r\n\r\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const length = Number(/content-length: (\d+)/i.exec(m[2]!)?.[1] ?? 0);
    const body = text.slice(re.lastIndex, re.lastIndex + length);
    re.lastIndex += length;
    out.push({ status: Number(m[1]), body });
  }
  return out;
}

void describe('HttpsProxy', () => {
  before(async () => {
    [ca, otherCa] = await Promise.all([CertificateAuthority.generate(), CertificateAuthority.generate()]);
  });

  void it('serves requests inside a tunnel to an AWS host with the plain side\'s handler, the Host as sent and the TLS session, as one connection', () =>
    withProxy({}, async ({ port, server }) => {
      const tls = await tlsThroughProxy(port, 'sts.us-west-2.amazonaws.com', ca.certPem);
      assert.equal(tls.authorized, true);
      const cert = new X509Certificate(tls.getPeerX509Certificate()!.raw);
      assert.equal(cert.subjectAltName, 'DNS:sts.us-west-2.amazonaws.com');
      assert.ok(cert.checkIssued(new X509Certificate(ca.certPem)));
      assert.equal(server.connections, 1, 'the tunnel and its TLS connection count once');
      const out = await exchangeOver(
        tls,
        'POST /?Action=GetCallerIdentity HTTP/1.1\r\nHost: sts.us-west-2.amazonaws.com\r\nContent-Length: 2\r\n\r\nhi' + 'GET /x HTTP/1.1\r\nHost: sts.us-west-2.amazonaws.com\r\nConnection: close\r\n\r\n',
      );
      const answers = parseAnswers(out.text);
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200],
      );
      const first = JSON.parse(answers[0]!.body) as { url: string; host: string[]; tls: { version: string; cipherSuite: string }; remoteAddress: string; bodyLength: number };
      assert.equal(first.url, '/?Action=GetCallerIdentity');
      assert.deepEqual(first.host, ['sts.us-west-2.amazonaws.com']);
      assert.equal(first.tls.version, 'TLSv1.3');
      assert.match(first.tls.cipherSuite, /^TLS_AES_\d+_GCM_SHA\d+$/);
      assert.equal(first.remoteAddress, '127.0.0.1');
      assert.equal(first.bodyLength, 2);
      assert.ok(out.closedByServer);
    }),
  );

  void it('reads plain HTTP inside a tunnel to an AWS host\'s port 80, as not secure, on one connection', () =>
    withProxy({}, async ({ port, server }) => {
      const answer = await sendToProxy(port, connectRequest('iam.amazonaws.com:80') + 'GET /first HTTP/1.1\r\nHost: iam.amazonaws.com\r\n\r\n');
      assert.equal(answer.status, 200);
      assert.equal(server.connections, 1);
      answer.socket.write('GET /second HTTP/1.1\r\nHost: iam.amazonaws.com\r\nConnection: close\r\n\r\n');
      const answers = parseAnswers(await readToClose(answer));
      assert.deepEqual(
        answers.map((a) => JSON.parse(a.body) as { url: string; host: string[]; tls: null }).map((b) => [b.url, b.host[0], b.tls]),
        [
          ['/first', 'iam.amazonaws.com', null],
          ['/second', 'iam.amazonaws.com', null],
        ],
      );
    }),
  );

  void it('speaks TLS 1.2 to a client that asks for it, and records that version', () =>
    withProxy({}, async ({ port }) => {
      const answer = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      const tls = await new Promise<import('node:tls').TLSSocket>((ok, fail) => {
        const s = tlsConnect({ socket: answer.socket, servername: 'iam.amazonaws.com', ca: ca.certPem, maxVersion: 'TLSv1.2' }, () => ok(s));
        s.on('error', fail);
      });
      const [a] = parseAnswers((await exchangeOver(tls, 'GET / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nConnection: close\r\n\r\n')).text);
      const seen = JSON.parse(a!.body) as { tls: { version: string; cipherSuite: string } };
      assert.equal(seen.tls.version, 'TLSv1.2');
      assert.match(seen.tls.cipherSuite, /^ECDHE-ECDSA-/);
    }),
  );

  void it('is not trusted by a client that trusts another CA', () =>
    withProxy({}, async ({ port }) => {
      await assert.rejects(tlsThroughProxy(port, 'iam.amazonaws.com', otherCa.certPem), (err: NodeJS.ErrnoException) => {
        assert.equal(err.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
        return true;
      });
    }),
  );

  void it('applies the plain side\'s limits to requests inside a tunnel', () =>
    withProxy({}, async ({ port }) => {
      const tls = await tlsThroughProxy(port, 'iam.amazonaws.com', ca.certPem);
      const out = await exchangeOver(tls, 'POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: 4096\r\n\r\n');
      assert.deepEqual(parseAnswers(out.text).map((a) => a.status), [413]);
      assert.match(out.text, /x-refused: tooLarge/);
      const framing = await exchangeOver(await tlsThroughProxy(port, 'iam.amazonaws.com', ca.certPem), 'POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
      assert.match(framing.text, /^HTTP\/1\.1 400 /);
      assert.ok(framing.closedByServer);
    }),
  );

  void it('answers a CONNECT on a connection past the connection limit with 503', () =>
    withProxy({ server: { maxConnections: 1 } }, async ({ port }) => {
      // A connection with a request under way cannot be closed to make room.
      const busy = await import('node:net').then((net) => net.connect(port, '127.0.0.1'));
      await new Promise((r) => busy.once('connect', r));
      busy.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab');
      await new Promise((r) => setTimeout(r, 100));
      const answer = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      assert.equal(answer.status, 503);
      busy.destroy();
    }),
  );

  void it('refuses hosts that are not AWS\'s with 403 and the reason, and tells of each', () =>
    withProxy({}, async ({ port, refused }) => {
      const answer = await sendToProxy(port, connectRequest('example.com:443'));
      assert.equal(answer.status, 403);
      assert.match(await readToClose(answer), /Gatehouse proxies AWS hosts only \(\*\.amazonaws\.com, \*\.api\.aws, .*\); example\.com:443 is refused\. Add it to NO_PROXY, or start gatehouse serve with --proxy-other-hosts pass to tunnel it\./);
      assert.deepEqual(refused, ['example.com:443']);
      const look = await sendToProxy(port, connectRequest('iam.amazonaws.com.evil.example:443'));
      assert.equal(look.status, 403, 'a name that merely contains an AWS suffix is not AWS\'s');
    }),
  );

  void it('passes other hosts through as a plain TCP tunnel when told to', async () => {
    const upstream: TcpServer = createTcpServer((s) => s.pipe(s));
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
    const upstreamPort = (upstream.address() as { port: number }).port;
    try {
      await withProxy({ proxy: { otherHosts: 'pass' } }, async ({ port, refused }) => {
        const answer = await sendToProxy(port, Buffer.concat([Buffer.from(connectRequest(`127.0.0.1:${upstreamPort}`)), Buffer.from('early ')]));
        assert.equal(answer.status, 200);
        answer.socket.resume();
        const echoed = new Promise<string>((ok) => {
          let text = answer.rest.toString();
          answer.socket.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes('bytes')) ok(text);
          });
        });
        answer.socket.write('bytes');
        assert.equal(await echoed, 'early bytes', 'bytes sent with the CONNECT go first');
        answer.socket.end();
        await closedWithin(answer.socket, 2000);
        // A port nothing listens on: 502 with the reason.
        const closed = await sendToProxy(port, connectRequest('127.0.0.1:1'));
        assert.equal(closed.status, 502);
        assert.match(await readToClose(closed), /could not reach 127\.0\.0\.1:1: ECONNREFUSED/);
        assert.deepEqual(refused, []);
      });
    } finally {
      await new Promise<void>((ok) => upstream.close(() => ok()));
    }
  });

  void it('answers a malformed CONNECT with 400 and an AWS host on another port with 403', () =>
    withProxy({ proxy: { otherHosts: 'pass' } }, async ({ port }) => {
      for (const authority of ['iam.amazonaws.com', 'iam.amazonaws.com:0', 'iam.amazonaws.com:65536', 'iam.amazonaws.com:44x', 'user@iam.amazonaws.com:443', '[::1:443', '%00:443', 'a..b:443']) {
        const answer = await sendToProxy(port, connectRequest(authority));
        assert.equal(answer.status, 400, authority);
        assert.match(await readToClose(answer), /CONNECT needs host:port/);
      }
      for (const authority of ['iam.amazonaws.com:8080', 'iam.amazonaws.com:22', 'sts.us-east-1.api.aws:8443']) {
        const answer = await sendToProxy(port, connectRequest(authority));
        assert.equal(answer.status, 403, authority);
        assert.match(await readToClose(answer), /answers AWS hosts on ports 443 and 80 only/);
      }
    }),
  );

  void it('closes a tunnel at once when what follows the CONNECT is not TLS, in the same packet or after the 200', () =>
    withProxy({}, async ({ port, server }) => {
      const inline = await sendToProxy(port, connectRequest('iam.amazonaws.com:443') + 'GET /_gatehouse/health HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal(inline.status, 200);
      assert.ok((await closedWithin(inline.socket, 2000)) < 2000);
      const after = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      assert.equal(after.status, 200);
      after.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0xde, 0xad, 0xbe, 0xef, 0x00]));
      assert.ok((await closedWithin(after.socket, 2000)) < 2000);
      const noise = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      noise.socket.write(Buffer.alloc(4096, 0xff));
      assert.ok((await closedWithin(noise.socket, 2000)) < 2000);
      assert.equal(await connectionsReach(server, 0), 0);
    }),
  );

  void it('closes a tunnel whose handshake does not finish within the limit', () =>
    withProxy({ proxy: { handshakeTimeoutMs: 300 } }, async ({ port, server }) => {
      const silent = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      assert.equal(silent.status, 200);
      const partial = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      // The first bytes of a ClientHello, and no more.
      partial.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
      assert.equal(server.connections, 2);
      const [a, b] = await Promise.all([closedWithin(silent.socket, 3000), closedWithin(partial.socket, 3000)]);
      assert.ok(a >= 100 && b >= 100, `closed by the time limit, not at once (${a}, ${b} ms)`);
      assert.equal(await connectionsReach(server, 0), 0);
    }),
  );

  void it('closes open tunnels, served or passed through, when the server closes', async () => {
    const upstream: TcpServer = createTcpServer((s) => s.pipe(s));
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
    const upstreamPort = (upstream.address() as { port: number }).port;
    const refused: string[] = [];
    const proxy = new HttpsProxy({ ca, otherHosts: 'pass', onRefused: (t) => refused.push(t) });
    const server = new HttpServer(echo, { maxBodyBytes: 1024, maxConnections: 100, maxBufferedBodyBytes: 1 << 20, refusal, connect: proxy.connect });
    const port = await server.listen(0, '127.0.0.1');
    try {
      const served = await tlsThroughProxy(port, 'iam.amazonaws.com', ca.certPem);
      const passed = await sendToProxy(port, connectRequest(`127.0.0.1:${upstreamPort}`));
      const handshaking = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      const closes = Promise.all([closedWithin(served as unknown as import('node:net').Socket, 3000), closedWithin(passed.socket, 3000), closedWithin(handshaking.socket, 3000)]);
      await server.close();
      await closes;
    } finally {
      await new Promise<void>((ok) => upstream.close(() => ok()));
    }
  });

  after(() => undefined);
});

void describe('HttpServer without a CONNECT handler', () => {
  void it('answers CONNECT with 405', async () => {
    const server = new HttpServer(echo, { maxBodyBytes: 1024, maxConnections: 10, maxBufferedBodyBytes: 1 << 20, refusal });
    const port = await server.listen(0, '127.0.0.1');
    try {
      const answer = await sendToProxy(port, connectRequest('iam.amazonaws.com:443'));
      assert.equal(answer.status, 405);
    } finally {
      await server.close();
    }
  });
});
