/**
 * `gatehouse serve` as an HTTPS proxy, as a user starts it: the two variables it prints, its CA
 * kept across restarts, other hosts refused and named on stderr (or tunnelled with
 * `--proxy-other-hosts pass`), and plain-HTTP proxy requests in absolute form.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { CLI_MAIN, cleanEnv, spawnServer, stopServer, tempDataDir } from '../support/gatehouse-fixture.js';
import { connectRequest, exchangeOver, readToClose, sendToProxy, tlsThroughProxy } from '../support/proxy-client.js';

function portOf(url: string): number {
  return Number(new URL(url).port);
}

describe('gatehouse serve as an HTTPS proxy', () => {
  it('prints HTTPS_PROXY and AWS_CA_BUNDLE to set, and says what happens to other hosts', async () => {
    const dataDir = tempDataDir('proxy-banner');
    const child = spawn(process.execPath, [CLI_MAIN, 'serve', '--data', dataDir, '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((ok) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Stop with Ctrl-C.')) ok();
      });
      setTimeout(ok, 15_000);
    });
    child.kill('SIGTERM');
    await new Promise((ok) => child.once('exit', ok));
    rmSync(dataDir, { recursive: true, force: true });
    const port = /answering on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    assert.ok(port !== undefined, out);
    assert.ok(out.includes(`\n  export HTTPS_PROXY=http://127.0.0.1:${port} AWS_CA_BUNDLE=${join(dataDir, 'ca.pem')}\n`), out);
    assert.match(out, /other hosts are refused through the proxy: list them in NO_PROXY, or start with --proxy-other-hosts pass/);
  });

  it('keeps its CA across restarts, so a client that trusted it once goes on trusting it', async () => {
    const dataDir = tempDataDir('proxy-restart');
    try {
      const first = await spawnServer({ dataDir });
      const bundle = readFileSync(join(dataDir, 'ca.pem'), 'utf8');
      assert.deepEqual(
        { httpsProxy: first.startup.httpsProxy, caBundle: first.startup.caBundle, proxyOtherHosts: first.startup.proxyOtherHosts },
        { httpsProxy: first.url, caBundle: join(dataDir, 'ca.pem'), proxyOtherHosts: 'refuse' },
      );
      assert.match(String(first.startup.caSha1Thumbprint), /^[0-9a-f]{40}$/);
      await stopServer(first);
      const second = await spawnServer({ dataDir });
      try {
        assert.equal(second.startup.caSha1Thumbprint, first.startup.caSha1Thumbprint);
        const tls = await tlsThroughProxy(portOf(second.url), 'iam.amazonaws.com', bundle);
        assert.equal(tls.authorized, true);
        const out = await exchangeOver(tls, 'GET /_gatehouse/health HTTP/1.1\r\nHost: iam.amazonaws.com\r\nConnection: close\r\n\r\n');
        assert.match(out.text, /^HTTP\/1\.1 200 OK\r\n[\s\S]*"status":"ok"/);
      } finally {
        await stopServer(second);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses other hosts with 403 by default, over CONNECT and in absolute form, and names each once on stderr', async () => {
    const dataDir = tempDataDir('proxy-refuse');
    const server = await spawnServer({ dataDir });
    const port = portOf(server.url);
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await sendToProxy(port, connectRequest('example.com:443'));
        assert.equal(answer.status, 403);
        assert.match(await readToClose(answer), /example\.com:443 is refused\. Add it to NO_PROXY, or start gatehouse serve with --proxy-other-hosts pass to tunnel it\./);
      }
      const plain = await sendToProxy(port, 'GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n');
      assert.equal(plain.status, 403);
      assert.match(await readToClose(plain, 1000), /forwards no plain-HTTP request; example\.com:80 is refused/);
      await new Promise((r) => setTimeout(r, 200));
      const told = server.stderr.filter((l) => l.startsWith('gatehouse: proxy refused'));
      assert.deepEqual(told, [
        'gatehouse: proxy refused example.com:443: not an AWS host (add it to the client\'s NO_PROXY, or start with --proxy-other-hosts pass)',
        'gatehouse: proxy refused example.com:80: not an AWS host (add it to the client\'s NO_PROXY, or start with --proxy-other-hosts pass)',
      ]);
    } finally {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('tunnels other hosts with --proxy-other-hosts pass', async () => {
    const upstream = createTcpServer((s) => s.pipe(s));
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
    const upstreamPort = (upstream.address() as { port: number }).port;
    const dataDir = tempDataDir('proxy-pass');
    const server = await spawnServer({ dataDir, extraArgs: ['--proxy-other-hosts', 'pass'] });
    try {
      assert.equal(server.startup.proxyOtherHosts, 'pass');
      const answer = await sendToProxy(portOf(server.url), connectRequest(`127.0.0.1:${upstreamPort}`));
      assert.equal(answer.status, 200);
      const echoed = new Promise<string>((ok) => answer.socket.once('data', (d: Buffer) => ok(d.toString())));
      answer.socket.resume();
      answer.socket.write('ping');
      assert.equal(await echoed, 'ping');
      answer.socket.destroy();
    } finally {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
      await new Promise<void>((ok) => upstream.close(() => ok()));
    }
  });

  it('serves absolute-form requests naming itself, and refuses HTTPS in absolute form and AWS hosts on other ports', async () => {
    const dataDir = tempDataDir('proxy-absolute');
    const server = await spawnServer({ dataDir });
    const port = portOf(server.url);
    try {
      const self = await sendToProxy(port, `GET http://127.0.0.1:${port}/_gatehouse/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      assert.equal(self.status, 200);
      assert.match(await readToClose(self), /"status":"ok"/);
      const aws = await sendToProxy(port, 'GET http://iam.amazonaws.com/_gatehouse/health HTTP/1.1\r\nHost: iam.amazonaws.com\r\nConnection: close\r\n\r\n');
      assert.equal(aws.status, 200);
      const https = await sendToProxy(port, 'GET https://iam.amazonaws.com/ HTTP/1.1\r\nHost: iam.amazonaws.com\r\nConnection: close\r\n\r\n');
      assert.equal(https.status, 400);
      assert.match(await readToClose(https), /HTTPS goes through CONNECT/);
      const otherPort = await sendToProxy(port, 'GET http://iam.amazonaws.com:8080/ HTTP/1.1\r\nHost: iam.amazonaws.com:8080\r\nConnection: close\r\n\r\n');
      assert.equal(otherPort.status, 403);
      assert.match(await readToClose(otherPort), /answers AWS hosts over plain HTTP on port 80 only; iam\.amazonaws\.com:8080 is refused/);
    } finally {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
