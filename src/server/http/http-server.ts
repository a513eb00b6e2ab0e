/**
 * The HTTP server under Gatehouse's port: `node:http` (llhttp, strict parsing), configured as a
 * public-facing server, with bounded resources and the answers of each event-loop turn written
 * together.
 *
 * - **Framing** is llhttp's, never lenient: both Content-Length and Transfer-Encoding, differing
 *   lengths, control characters in values, malformed chunks or trailers, bare-LF line ends,
 *   unknown methods and versions, a missing Host are all refused with 400 and the connection
 *   closed. A transfer coding other than plain `chunked` is answered 501.
 * - **Time limits** as Node's: a head within `headersTimeoutMs`, a whole request within
 *   `requestTimeoutMs` (408), idle keep-alive connections closed after `keepAliveTimeoutMs`.
 * - **Bounded memory.** A body is copied into one buffer as it arrives (`BodyBuffer`), sized from
 *   Content-Length or grown geometrically, never kept as pieces; bodies over `maxBodyBytes` are
 *   refused (413) before they are read, and a chunked body split into more than
 *   `maxBodyPieces` pieces is refused as well (400). Every body's buffer is reserved from one
 *   `BodyBudget` shared by all connections; past it, and past `maxConnections` open connections
 *   (once idle keep-alive connections have been closed to make room), requests are refused with
 *   the service's throttling answer, which clients retry after backing off. Connections far past
 *   the limit are dropped as they arrive.
 * - **Proxy tunnels.** A `CONNECT` goes to the `connect` handler (405 without one). The stream the
 *   handler hands back for the inside of the tunnel (a TLS socket over it, or the connection
 *   itself) is adopted: served as a connection like any other, under the same limits, in the place
 *   of the connection it runs over (one connection counted, not two). A `CONNECT` on a connection
 *   opened past the limit is answered 503.
 * - **Writes.** Answers finished during one event-loop turn are written together at its end. A
 *   small write to a client whose thread is asleep costs the writer a wake-up of that thread (on a
 *   virtual machine, an inter-processor interrupt), and that is most of what such a write costs:
 *   written back to back after the turn's requests are all handled, the first write wakes the
 *   client and the rest find it awake. With one request in flight the turn ends at once.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { TLSSocket } from 'node:tls';
import { sniffConnection, type TlsContextFor } from './tls-sniff.js';
import type { EncodedResponse } from '../../aws/encoded-response.js';
import { BodyBudget } from './body-budget.js';
import { BodyBuffer, type BodyRefusal } from './body-buffer.js';
import { headerMap, firstHeader, type HeaderMap } from './header-map.js';

export interface HttpRequest {
  readonly method: string;
  /** The request target as sent: path and `?query`. */
  readonly url: string;
  /** Every value of every field by lowercase name, in the order sent. */
  readonly headers: HeaderMap;
  readonly body: Buffer;
  readonly remoteAddress: string | undefined;
  /** The TLS session the request came over (inside a proxy tunnel); undefined for plain HTTP. */
  readonly tls: TlsSession | undefined;
}

/** What CloudTrail records of a request's TLS session. */
export interface TlsSession {
  /** `TLSv1.2`, `TLSv1.3`. */
  readonly version: string;
  /** The cipher suite's OpenSSL name (`TLS_AES_128_GCM_SHA256`, `ECDHE-ECDSA-AES128-GCM-SHA256`). */
  readonly cipherSuite: string;
}

/**
 * A `CONNECT` request, handed the connection it came on. `adopt` gives the server back a stream to
 * serve HTTP on inside the tunnel (a TLS socket opened over the connection, or the connection
 * itself for a plain-HTTP tunnel): its requests are served exactly as the plain ones, and it takes
 * the connection's place in the connection count.
 */
export type ConnectHandler = (req: IncomingMessage, socket: Socket, head: Buffer, adopt: (inner: Socket) => void) => void;

export type HttpHandler = (request: HttpRequest) => Promise<EncodedResponse>;

/** Why a request was refused before it reached the handler. */
export type Refusal = BodyRefusal | 'connections';

/** What is known of a refused request: its head. */
export interface RefusedHead {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderMap;
}

export interface HttpServerOptions {
  readonly maxHeaderBytes?: number;
  readonly maxBodyBytes: number;
  /** A chunked body split into more pieces than this is refused. */
  readonly maxBodyPieces?: number;
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  /** Open connections served; past it requests are refused (after idle ones are closed). */
  readonly maxConnections: number;
  /** Bytes of request bodies held at once across all connections. */
  readonly maxBufferedBodyBytes: number;
  /** The answer to a refused request. */
  readonly refusal: (reason: Refusal, head: RefusedHead) => EncodedResponse;
  /** `CONNECT` requests; without it they are answered 405. */
  readonly connect?: ConnectHandler;
  /** TLS on the same port: connections that open with a TLS handshake are terminated with these contexts. */
  readonly tls?: TlsContextFor;
}

export const DEFAULT_MAX_BODY_PIECES = 65_536;

interface ConnectionState {
  /** Requests read and not yet answered. */
  inflight: number;
  /** Requests answered. */
  served: number;
  /** Opened past the connection limit: its requests are refused. */
  overLimit: boolean;
}

const INTERNAL_ERROR: EncodedResponse = { status: 500, headers: { 'Content-Type': 'text/plain' }, body: '' };
const EMPTY_BODY = Buffer.alloc(0);

/** One answer waiting for the end of the turn. */
interface Outgoing {
  readonly res: ServerResponse;
  readonly response: EncodedResponse;
  /** Close the connection after this answer. */
  readonly close: boolean;
  readonly connection: ConnectionState | undefined;
  readonly body: BodyBuffer | undefined;
}

export class HttpServer {
  readonly #handler: HttpHandler;
  readonly #options: HttpServerOptions;
  readonly #maxBodyPieces: number;
  readonly #budget: BodyBudget;
  readonly #server: Server;
  /** With `tls`: the listener that tells TLS from plain HTTP before the HTTP server reads a byte. */
  #front: NetServer | undefined;
  readonly #connections = new Map<Socket, ConnectionState>();
  #outbox: Outgoing[] = [];
  #flushScheduled = false;
  readonly #flush = (): void => this.#writeOutbox();

  constructor(handler: HttpHandler, options: HttpServerOptions) {
    this.#handler = handler;
    this.#options = options;
    this.#maxBodyPieces = options.maxBodyPieces ?? DEFAULT_MAX_BODY_PIECES;
    this.#budget = new BodyBudget(options.maxBufferedBodyBytes);
    this.#server = createServer(
      {
        insecureHTTPParser: false,
        requireHostHeader: true,
        maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
        headersTimeout: options.headersTimeoutMs ?? 30_000,
        requestTimeout: options.requestTimeoutMs ?? 120_000,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 65_000,
        connectionsCheckingInterval: 1000,
        noDelay: true,
      },
      (req, res) => this.#onRequest(req, res),
    );
    // A client that sends its requests and then shuts its side still gets every answer (Node's
    // server reads this flag; by default it drops requests in flight when the client half-closes).
    (this.#server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
    // Past this the server drops new connections as they arrive, without reading them.
    this.#server.maxConnections = options.maxConnections + Math.max(64, options.maxConnections >> 3);
    this.#server.on('connection', (socket: Socket) => this.#onConnection(socket));
    this.#server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => this.#onExpectContinue(req, res));
    this.#server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const connect = options.connect;
      const state = this.#connections.get(socket);
      // Without a tunnel handler a proxy tunnel is refused as a method this server does not allow.
      if (connect === undefined) socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else if (state?.overLimit === true && this.#connections.size > this.#options.maxConnections) socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else connect(req, socket, head, (inner) => this.#adopt(inner, socket));
    });
  }

  /** Bytes of request bodies held now (for tests and health). */
  get bufferedBodyBytes(): number {
    return this.#budget.used;
  }

  /** Open connections now. */
  get connections(): number {
    return this.#connections.size;
  }

  /** Listens; resolves with the bound port. */
  async listen(port: number, host: string): Promise<number> {
    const contextFor = this.#options.tls;
    if (contextFor !== undefined) {
      const front = createNetServer({ noDelay: true }, (socket) =>
        sniffConnection(socket, contextFor, this.#options.headersTimeoutMs ?? 30_000, (s) => this.#server.emit('connection', s)),
      );
      front.maxConnections = this.#server.maxConnections;
      this.#front = front;
    }
    const listener: NetServer | Server = this.#front ?? this.#server;
    await new Promise<void>((ok, fail) => {
      listener.once('error', fail);
      listener.listen(port, host, () => {
        listener.off('error', fail);
        ok();
      });
    });
    const address = listener.address();
    return typeof address === 'object' && address !== null ? address.port : port;
  }

  /** Stops listening and closes every connection (proxy tunnels included). */
  async close(): Promise<void> {
    const front = this.#front;
    const frontClosed = front !== undefined ? new Promise<void>((ok) => front.close(() => ok())) : Promise.resolve();
    const closed = front !== undefined ? frontClosed : new Promise<void>((ok) => this.#server.close(() => ok()));
    this.#server.closeAllConnections();
    for (const socket of this.#connections.keys()) socket.destroy();
    this.#connections.clear();
    await closed;
  }

  /** The stream inside a `CONNECT` tunnel on `raw`: served as a connection of its own, in `raw`'s place. */
  #adopt(inner: Socket, raw: Socket): void {
    this.#connections.delete(raw);
    if (raw.destroyed || inner.destroyed) {
      inner.destroy();
      raw.destroy();
      return;
    }
    this.#server.emit('connection', inner);
  }

  #onConnection(socket: Socket): void {
    const state: ConnectionState = { inflight: 0, served: 0, overLimit: false };
    this.#connections.set(socket, state);
    socket.once('close', () => this.#connections.delete(socket));
    const excess = this.#connections.size - this.#options.maxConnections;
    if (excess > 0) state.overLimit = this.#closeIdle(excess) < excess;
  }

  /** Closes up to `count` idle keep-alive connections; returns how many. */
  #closeIdle(count: number): number {
    let closed = 0;
    for (const [socket, state] of this.#connections) {
      if (closed === count) break;
      if (state.inflight === 0 && state.served > 0) {
        this.#connections.delete(socket);
        socket.destroy();
        closed++;
      }
    }
    return closed;
  }

  /** `Expect: 100-continue`: a body that would be refused is refused before the client sends it. */
  #onExpectContinue(req: IncomingMessage, res: ServerResponse): void {
    const headers = headerMap(req.rawHeaders);
    const length = contentLength(headers);
    const refusal: Refusal | undefined =
      length !== undefined && length > this.#options.maxBodyBytes ? 'tooLarge' : length !== undefined && length > this.#budget.limit - this.#budget.used ? 'busy' : undefined;
    if (refusal !== undefined) {
      this.#refuse(req, res, headers, refusal, this.#connections.get(req.socket));
      return;
    }
    res.writeContinue();
    this.#onRequest(req, res, headers);
  }

  #onRequest(req: IncomingMessage, res: ServerResponse, known?: HeaderMap): void {
    const headers = known ?? headerMap(req.rawHeaders);
    const connection = this.#connections.get(req.socket);
    if (connection !== undefined) connection.inflight++;
    if (connection?.overLimit === true) {
      // Opened past the limit: refused unless connections have closed since.
      if (this.#connections.size > this.#options.maxConnections) {
        this.#refuse(req, res, headers, 'connections', connection);
        return;
      }
      connection.overLimit = false;
    }
    if ((headers.get('host')?.length ?? 0) > 1) {
      // RFC 9112 §3.2: a request with more than one Host field is answered 400.
      this.#send({ res, response: { status: 400, headers: {}, body: '' }, close: true, connection, body: undefined });
      req.socket.pause();
      return;
    }
    const coding = firstHeader(headers, 'transfer-encoding');
    if (coding !== undefined && coding.toLowerCase() !== 'chunked') {
      // A coding before `chunked` (gzip, deflate…) is not one this server decodes.
      this.#send({ res, response: { status: 501, headers: {}, body: '' }, close: true, connection, body: undefined });
      return;
    }
    const length = coding === undefined ? (contentLength(headers) ?? 0) : undefined;
    if (length === 0) {
      this.#dispatch(req, res, headers, EMPTY_BODY, connection, undefined);
      return;
    }
    const buffer = BodyBuffer.open(this.#budget, length, this.#options.maxBodyBytes, this.#maxBodyPieces);
    if (typeof buffer === 'string') {
      this.#refuse(req, res, headers, buffer, connection);
      return;
    }
    let refused = false;
    req.on('data', (piece: Buffer) => {
      if (refused) return;
      const refusal = buffer.push(piece);
      if (refusal !== undefined) {
        refused = true;
        this.#refuse(req, res, headers, refusal, connection);
      }
    });
    req.on('end', () => {
      if (!refused) this.#dispatch(req, res, headers, buffer.body(), connection, buffer);
    });
    // A client that goes away mid-body leaves nothing reserved behind.
    req.on('error', () => buffer.release());
  }

  #dispatch(req: IncomingMessage, res: ServerResponse, headers: HeaderMap, body: Buffer, connection: ConnectionState | undefined, buffer: BodyBuffer | undefined): void {
    const request: HttpRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body, remoteAddress: req.socket.remoteAddress, tls: tlsSession(req.socket) };
    this.#handler(request).then(
      (response) => this.#send({ res, response, close: false, connection, body: buffer }),
      (err: unknown) => {
        process.emitWarning(`request failed: ${String(err)}`);
        this.#send({ res, response: INTERNAL_ERROR, close: false, connection, body: buffer });
      },
    );
  }

  #refuse(req: IncomingMessage, res: ServerResponse, headers: HeaderMap, reason: Refusal, connection: ConnectionState | undefined): void {
    const response = this.#options.refusal(reason, { method: req.method ?? 'GET', url: req.url ?? '/', headers });
    this.#send({ res, response, close: true, connection, body: undefined });
    // Nothing more is read from this client; the connection closes once the answer is written.
    req.socket.pause();
  }

  #send(outgoing: Outgoing): void {
    this.#outbox.push(outgoing);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(this.#flush);
    }
  }

  #writeOutbox(): void {
    this.#flushScheduled = false;
    const batch = this.#outbox;
    this.#outbox = [];
    for (const o of batch) {
      o.body?.release();
      if (o.connection !== undefined) {
        o.connection.inflight--;
        o.connection.served++;
      }
      if (o.res.destroyed || o.res.headersSent) continue;
      try {
        write(o.res, o.response, o.close);
      } catch (err) {
        process.emitWarning(`response not written: ${String(err)}`);
        write(o.res, INTERNAL_ERROR, true);
      }
    }
  }
}

function write(res: ServerResponse, response: EncodedResponse, close: boolean): void {
  const fields: string[] = [];
  for (const name of Object.keys(response.headers)) fields.push(name, response.headers[name]!);
  fields.push('Content-Length', String(Buffer.byteLength(response.body)));
  if (close) fields.push('Connection', 'close');
  res.writeHead(response.status, fields);
  res.end(response.body);
}

function tlsSession(socket: Socket): TlsSession | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  return { version: socket.getProtocol() ?? 'unknown', cipherSuite: socket.getCipher()?.name ?? 'unknown' };
}

/** The Content-Length llhttp accepted (one value, digits only), or undefined. */
function contentLength(headers: HeaderMap): number | undefined {
  const value = firstHeader(headers, 'content-length');
  return value === undefined ? undefined : Number(value);
}
