/**
 * The HTTP/1.1 server under Gatehouse's port: keep-alive connections, requests answered in order,
 * bodies framed by Content-Length or chunked, `Expect: 100-continue`, and Node's own time limits
 * (a head within 30 s, a whole request within 120 s, idle keep-alive connections closed after
 * 65 s). Requests are parsed by `request-parser.ts`; a request it refuses is answered with the
 * status it names and the connection is closed, as Node's server does.
 *
 * Why not `node:http`: on a signed IAM read its request and response objects, streams and events
 * cost about as much as the whole of SigV4 verification, and the API clients Gatehouse serves need
 * none of them. The measurement is in `npm run bench` (server.read).
 *
 * Responses finished during one event-loop turn are written together at the end of that turn. A
 * small write to a client whose thread is asleep costs the writer a wake-up of that thread (on a
 * virtual machine, an inter-processor interrupt and an exit to the hypervisor), and that is most
 * of what such a write costs. Written one by one as each request finishes, nearly every response
 * of a busy server pays it: the client handles the answer and sleeps again before the next
 * arrives. Written back to back after the turn's requests are all handled, the first write wakes
 * the client and the rest find it awake. With one request in flight the turn ends at once.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { EncodedResponse } from '../../aws/encoded-response.js';
import { RequestParser, type ParseFailure } from './request-parser.js';

export interface HttpRequest {
  readonly method: string;
  /** The request target as sent: path and `?query`. */
  readonly url: string;
  /** Lowercase names; repeats joined as Node joins them. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** Every value of every field by lowercase name, in the order sent. */
  readonly headersDistinct: ReadonlyMap<string, readonly string[]>;
  readonly body: Buffer;
  readonly remoteAddress: string | undefined;
}

export type HttpHandler = (request: HttpRequest) => Promise<EncodedResponse>;

export interface Http1ServerOptions {
  readonly maxHeaderBytes?: number;
  readonly maxBodyBytes: number;
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  /** The answer to a request refused before it reached the handler; by default an empty body. */
  readonly failureResponse?: (failure: ParseFailure) => EncodedResponse | undefined;
}

/** A response value may not break the header block. */
const UNSAFE_HEADER_VALUE = /[\r\n\0]/;

let dateSecond = -1;
let dateText = '';
/** The `Date` field, formatted once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

function serialize(response: EncodedResponse, keepAlive: boolean, keepAliveSeconds: number, withBody: boolean): string {
  let head = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}\r\n`;
  for (const name of Object.keys(response.headers)) {
    const value = response.headers[name]!;
    if (UNSAFE_HEADER_VALUE.test(value) || UNSAFE_HEADER_VALUE.test(name)) throw new Error(`invalid character in response header ${JSON.stringify(name)}`);
    head += `${name}: ${value}\r\n`;
  }
  head += `Date: ${httpDate()}\r\nContent-Length: ${Buffer.byteLength(response.body)}\r\n`;
  head += keepAlive ? `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSeconds}\r\n\r\n` : 'Connection: close\r\n\r\n';
  return withBody ? head + response.body : head;
}

const INTERNAL_ERROR: EncodedResponse = { status: 500, headers: { 'Content-Type': 'text/plain' }, body: '' };

class Connection {
  readonly socket: Socket;
  readonly parser: RequestParser;
  /** A request is with the handler; the next waits (answers go out in request order). */
  busy = false;
  /** No more requests are read: the connection closes once its answers are written. */
  closing = false;
  /** The client has finished sending (half-closed); what it sent is still answered. */
  peerEnded = false;
  /** When the current request's first byte arrived, or when the connection last fell idle. */
  since = Date.now();

  constructor(socket: Socket, parser: RequestParser) {
    this.socket = socket;
    this.parser = parser;
  }
}

export class Http1Server {
  readonly #handler: HttpHandler;
  readonly #maxBodyBytes: number;
  readonly #maxHeaderBytes: number;
  readonly #headersTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #keepAliveTimeoutMs: number;
  readonly #failureResponse: (failure: ParseFailure) => EncodedResponse | undefined;
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  #sweeper: NodeJS.Timeout | undefined;
  /** Answers waiting for the end of this turn: the connection, the bytes, and whether to close after. */
  #outbox: [Connection, string, boolean][] = [];
  #flushScheduled = false;
  readonly #flush = (): void => this.#writeOutbox();

  constructor(handler: HttpHandler, options: Http1ServerOptions) {
    this.#handler = handler;
    this.#maxBodyBytes = options.maxBodyBytes;
    this.#maxHeaderBytes = options.maxHeaderBytes ?? 16 * 1024;
    this.#headersTimeoutMs = options.headersTimeoutMs ?? 30_000;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.#keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 65_000;
    this.#failureResponse = options.failureResponse ?? (() => undefined);
    // Half-open: a client may send its request and then shut its side; the answer still goes out.
    this.#server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => this.#accept(socket));
  }

  /** Listens; resolves with the bound port. */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((ok, fail) => {
      this.#server.once('error', fail);
      this.#server.listen(port, host, () => {
        this.#server.off('error', fail);
        ok();
      });
    });
    this.#sweeper = setInterval(() => this.#sweep(), 1000);
    this.#sweeper.unref();
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? address.port : port;
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    const closed = new Promise<void>((ok) => this.#server.close(() => ok()));
    for (const c of this.#connections) c.socket.destroy();
    this.#connections.clear();
    await closed;
  }

  #accept(socket: Socket): void {
    const c = new Connection(socket, new RequestParser({ maxHeaderBytes: this.#maxHeaderBytes, maxBodyBytes: this.#maxBodyBytes }));
    this.#connections.add(c);
    socket.on('data', (chunk: Buffer) => {
      if (c.closing) return; // a refused request's remainder is read and dropped
      if (!c.parser.midRequest && !c.busy) c.since = Date.now();
      c.parser.push(chunk);
      if (!c.busy) this.#drive(c);
    });
    socket.on('end', () => {
      c.peerEnded = true;
      if (!c.busy) this.#drive(c);
      if (!c.busy && !c.closing) {
        // Nothing more will come: close after the answers already queued; a request left
        // unfinished is dropped with the connection.
        c.closing = true;
        this.#send(c, '', true);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      c.closing = true;
      this.#connections.delete(c);
    });
    socket.on('drain', () => {
      if (socket.isPaused()) socket.resume();
    });
  }

  /** Reads and answers requests from what the connection has buffered, one at a time. */
  #drive(c: Connection): void {
    while (!c.busy && !c.closing) {
      const step = c.parser.next();
      if (step.kind === 'incomplete') return;
      if (step.kind === 'continue') {
        c.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        continue;
      }
      if (step.kind === 'failed') {
        this.#refuse(c, step.failure);
        return;
      }
      const r = step.request;
      c.busy = true;
      const request: HttpRequest = { method: r.method, url: r.target, headers: r.headers, headersDistinct: r.headersDistinct, body: r.body, remoteAddress: c.socket.remoteAddress };
      const answer = (response: EncodedResponse): void => {
        c.busy = false;
        if (c.socket.destroyed) return;
        if (!r.keepAlive || (c.peerEnded && !c.parser.midRequest)) c.closing = true;
        let bytes: string;
        try {
          bytes = serialize(response, !c.closing, Math.round(this.#keepAliveTimeoutMs / 1000), r.method !== 'HEAD');
        } catch (err) {
          process.emitWarning(`response not written: ${String(err)}`);
          bytes = serialize(INTERNAL_ERROR, false, 0, true);
          c.closing = true;
        }
        this.#send(c, bytes, c.closing);
        c.since = Date.now();
        if (!c.closing && c.parser.midRequest) this.#drive(c);
      };
      this.#handler(request).then(answer, (err: unknown) => {
        process.emitWarning(`request failed: ${String(err)}`);
        answer(INTERNAL_ERROR);
      });
    }
  }

  #refuse(c: Connection, failure: ParseFailure): void {
    c.closing = true;
    const response = this.#failureResponse(failure) ?? { status: failure.status, headers: {}, body: '' };
    this.#send(c, serialize(response, false, 0, true), true);
  }

  #send(c: Connection, bytes: string, close: boolean): void {
    this.#outbox.push([c, bytes, close]);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(this.#flush);
    }
  }

  #writeOutbox(): void {
    this.#flushScheduled = false;
    const batch = this.#outbox;
    this.#outbox = [];
    for (const [c, bytes, close] of batch) {
      const socket = c.socket;
      if (socket.destroyed) continue;
      const more = bytes === '' || socket.write(bytes, 'utf8');
      if (close) {
        socket.end();
        // A client still sending a refused body gets this long to read the answer and close.
        setTimeout(() => socket.destroy(), 5000).unref();
      } else if (!more) {
        socket.pause(); // resumed on 'drain': a client that does not read its answers is not fed more
      }
    }
  }

  /** Closes connections past Node's limits: slow heads, slow bodies, long-idle keep-alives. */
  #sweep(): void {
    const now = Date.now();
    for (const c of this.#connections) {
      if (c.busy || c.closing) continue;
      const age = now - c.since;
      if (c.parser.midRequest) {
        const limit = c.parser.headComplete ? this.#requestTimeoutMs : this.#headersTimeoutMs;
        if (age > limit) this.#refuseTimeout(c);
      } else if (age > this.#keepAliveTimeoutMs) {
        c.socket.destroy();
      }
    }
  }

  #refuseTimeout(c: Connection): void {
    c.closing = true;
    this.#send(c, serialize({ status: 408, headers: {}, body: '' }, false, 0, true), true);
  }
}
