/**
 * Gatehouse's port as an HTTPS proxy for AWS's host names: a client told
 * `HTTPS_PROXY=http://127.0.0.1:4599` and `AWS_CA_BUNDLE=<data>/ca.pem` sends
 * `CONNECT iam.amazonaws.com:443`; Gatehouse answers 200, takes the TLS handshake itself with a
 * certificate for that name issued by its own authority, and hands the connection to its HTTP
 * server, whose requests are then served exactly as the plain port's (same limits, routing,
 * SigV4, audit), with the Host the client sent and marked as secure.
 *
 * Hosts that are not AWS's are refused with 403 and a reason (`refuse`, the default) or tunnelled
 * unread to the host (`pass`). Refusing is the default because a port that tunnels anywhere is an
 * open proxy for every program on the machine (and for the network, when Gatehouse listens beyond
 * loopback), and because a program under test whose other traffic quietly reached the internet
 * through Gatehouse would pass or fail depending on the network; a 403 that names the host says
 * at once what to add to NO_PROXY.
 *
 * A tunnel to an AWS name's port 80 is read as plain HTTP by the same server (not secure), as
 * are plain-HTTP requests in absolute form. An AWS name is only ever answered here: on another
 * port it is refused, never tunnelled out.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import type { EncodedResponse } from '../../aws/encoded-response.js';
import type { HttpRequest } from '../http/http-server.js';
import type { CertificateAuthority, IssuedCertificate } from '../tls/certificate-authority.js';
import { AWS_DNS_SUFFIXES, AWS_HTTP_PORT, AWS_HTTPS_PORT, isAwsHost } from './aws-hosts.js';
import { answerAndClose } from './proxy-answer.js';
import { absoluteTarget, connectTarget, isAbsoluteForm, type ProxyTarget } from './proxy-target.js';
import { openPassThroughTunnel } from './pass-through-tunnel.js';

/** What the proxy does with a host that is not AWS's. */
export type OtherHostsPolicy = 'pass' | 'refuse';
export const OTHER_HOSTS_POLICIES: readonly OtherHostsPolicy[] = ['refuse', 'pass'];

export interface HttpsProxyOptions {
  /** The authority, or its promise while a new one is being made (tunnels opened before then wait for it). */
  readonly ca: CertificateAuthority | Promise<CertificateAuthority>;
  readonly otherHosts: OtherHostsPolicy;
  /** From `CONNECT` to the end of the TLS handshake inside the tunnel (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** `pass`: the connection to another host must open within this (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** `pass`: a tunnel idle both ways for this long is closed (default 5 min). */
  readonly tunnelIdleTimeoutMs?: number;
  /** Told of each request refused because its host is not AWS's (`host:port`). */
  readonly onRefused?: (target: string) => void;
}

/** Where the server itself listens, so that proxy requests naming it are served as plain ones. */
export interface SelfAddress {
  readonly host: string;
  readonly port: number;
}

const AWS_NAMES = AWS_DNS_SUFFIXES.map((s) => `*.${s}`).join(', ');

export class HttpsProxy {
  readonly #o: HttpsProxyOptions;
  /** One TLS context per issued certificate, for as long as the authority keeps the certificate. */
  readonly #contexts = new WeakMap<IssuedCertificate, SecureContext>();

  constructor(o: HttpsProxyOptions) {
    this.#o = o;
  }

  /** Serves a `CONNECT` (the HTTP server's `connect` handler). */
  readonly connect = (req: IncomingMessage, socket: Socket, head: Buffer, adopt: (inner: Socket) => void): void => {
    socket.on('error', () => socket.destroy());
    const authority = req.url ?? '';
    const target = connectTarget(authority);
    if (target === undefined) {
      answerAndClose(socket, 400, `CONNECT needs host:port; ${JSON.stringify(authority.slice(0, 300))} is not one.`);
      return;
    }
    const where = hostPort(target);
    if (isAwsHost(target.host)) {
      if (target.port === AWS_HTTPS_PORT) this.#intercept(target, socket, head, adopt);
      else if (target.port === AWS_HTTP_PORT) this.#plainTunnel(socket, head, adopt);
      else answerAndClose(socket, 403, `Gatehouse answers AWS hosts on ports ${AWS_HTTPS_PORT} and ${AWS_HTTP_PORT} only; ${where} is refused.`);
      return;
    }
    if (this.#o.otherHosts === 'pass') {
      openPassThroughTunnel(socket, head, target, { connectTimeoutMs: this.#o.connectTimeoutMs ?? 10_000, idleTimeoutMs: this.#o.tunnelIdleTimeoutMs ?? 300_000 });
      return;
    }
    this.#o.onRefused?.(where);
    answerAndClose(socket, 403, `Gatehouse proxies AWS hosts only (${AWS_NAMES}); ${where} is refused. Add it to NO_PROXY, or start gatehouse serve with --proxy-other-hosts pass to tunnel it.`);
  };

  /**
   * A request as the AWS endpoint is to see it: one in absolute form (`GET http://iam.amazonaws.com/…`,
   * a plain-HTTP proxy request) becomes an origin-form request for that host, whose Host is the
   * target's authority (RFC 9112 §3.2.2); a request in origin form is returned as it is. A proxy
   * request for another host is answered by the proxy: such requests are never forwarded.
   */
  plainRequest(req: HttpRequest, self: SelfAddress): HttpRequest | EncodedResponse {
    // Origin form, by far the common case, costs one character's look.
    if (req.url.startsWith('/') || !isAbsoluteForm(req.url)) return req;
    const target = absoluteTarget(req.url);
    if (target === undefined) return refusal(400, `A proxy request must name http://host[:port]/path; ${JSON.stringify(req.url.slice(0, 300))} does not (HTTPS goes through CONNECT).`);
    const where = hostPort(target);
    const aws = isAwsHost(target.host);
    if (aws && target.port !== AWS_HTTP_PORT) return refusal(403, `Gatehouse answers AWS hosts over plain HTTP on port ${AWS_HTTP_PORT} only; ${where} is refused.`);
    if (!aws && !isSelf(target, self)) {
      this.#o.onRefused?.(where);
      return refusal(403, `Gatehouse proxies AWS hosts only (${AWS_NAMES}) and forwards no plain-HTTP request; ${where} is refused. Add it to NO_PROXY.`);
    }
    const headers = new Map(req.headers);
    headers.set('host', [target.port === AWS_HTTP_PORT ? hostText(target) : where]);
    return { ...req, url: target.pathAndQuery, headers };
  }

  /**
   * A tunnel to an AWS host's plain-HTTP port (some agents, hpagent's among them, send every
   * request through CONNECT): the HTTP server reads requests straight from the connection.
   */
  #plainTunnel(socket: Socket, head: Buffer, adopt: (inner: Socket) => void): void {
    socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    adopt(socket);
  }

  #intercept(target: ProxyTarget, socket: Socket, head: Buffer, adopt: (inner: Socket) => void): void {
    // Nothing is read until the handshake can start: the client waits for the 200 anyway.
    socket.pause();
    let secured: TLSSocket | undefined;
    const timer = setTimeout(() => {
      secured?.destroy();
      socket.destroy();
    }, this.#o.handshakeTimeoutMs ?? 10_000);
    socket.once('close', () => clearTimeout(timer));
    Promise.resolve(this.#o.ca).then((ca) => ca.certificateFor([target.host])).then(
      (leaf) => {
        if (socket.destroyed) return;
        socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
        // Bytes sent before the 200 (the start of the client's handshake) are read first.
        if (head.length > 0) socket.unshift(head);
        const tls = new TLSSocket(socket, { isServer: true, secureContext: this.#context(leaf), ALPNProtocols: ['http/1.1'], requestCert: false });
        secured = tls;
        // A failed handshake (not TLS, no common version or cipher, a certificate the client
        // rejects) ends the connection; nothing reaches the HTTP server.
        const onError = (): void => {
          clearTimeout(timer);
          tls.destroy();
        };
        tls.on('error', onError);
        // The connection under a closed TLS socket is closed too, whatever ended the TLS socket.
        tls.once('close', () => {
          clearTimeout(timer);
          socket.destroy();
        });
        tls.once('secure', () => {
          clearTimeout(timer);
          tls.off('error', onError);
          adopt(tls);
        });
      },
      (err: unknown) => {
        clearTimeout(timer);
        process.emitWarning(`no certificate for ${target.host}: ${String(err)}`);
        answerAndClose(socket, 500, `Gatehouse could not issue a certificate for ${target.host}.`);
      },
    );
  }

  #context(leaf: IssuedCertificate): SecureContext {
    let context = this.#contexts.get(leaf);
    if (context === undefined) {
      context = createSecureContext({ cert: leaf.certPem, key: leaf.keyPem, minVersion: 'TLSv1.2' });
      this.#contexts.set(leaf, context);
    }
    return context;
  }
}

function hostText(t: ProxyTarget): string {
  return t.host.includes(':') ? `[${t.host}]` : t.host;
}

function hostPort(t: ProxyTarget): string {
  return `${hostText(t)}:${t.port}`;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

function isSelf(t: ProxyTarget, self: SelfAddress): boolean {
  if (t.port !== self.port) return false;
  return t.host === self.host || LOOPBACK_NAMES.has(t.host) || (t.ip && t.host.startsWith('127.'));
}

function refusal(status: number, text: string): EncodedResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${text}\n` };
}
