/**
 * An incremental HTTP/1.x request parser for one connection (RFC 9112): the request line, header
 * fields, and a body framed by Content-Length or chunked transfer coding.
 *
 * It is strict where leniency lets a request be read two ways (request smuggling): a request with
 * both Content-Length and Transfer-Encoding, differing Content-Length values, a transfer coding
 * other than chunked, whitespace before a field's colon, obsolete line folding and bare control
 * characters are all refused with 400. Field values are read as Latin-1, as Node's own server reads
 * them, and bytes 0x80–0xFF (obs-text) are allowed in them.
 */

/** A complete request. */
export interface ParsedRequest {
  readonly method: string;
  /** The request target as sent: path and `?query`. */
  readonly target: string;
  readonly minorVersion: 0 | 1;
  /**
   * Field values by lowercase name in Node's shape: repeats joined with `, `, except the fields
   * Node keeps only the first of (see FIRST_ONLY), and `set-cookie`, kept as a list.
   */
  readonly headers: Record<string, string | string[]>;
  /** Every value of every field, by lowercase name, in the order sent. */
  readonly headersDistinct: Map<string, string[]>;
  readonly body: Buffer;
  /** Whether the connection stays open after the answer. */
  readonly keepAlive: boolean;
}

/** Why a request was refused before it reached the application; the connection then closes. */
export interface ParseFailure {
  readonly status: 400 | 413 | 431 | 501 | 505;
  readonly reason: string;
}

export interface ParserLimits {
  /** Request line and header fields together. Node's default is 16 KiB. */
  readonly maxHeaderBytes: number;
  readonly maxBodyBytes: number;
}

export type ParseStep =
  | { readonly kind: 'request'; readonly request: ParsedRequest }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'failed'; readonly failure: ParseFailure }
  /** The head is complete and the client asked to be told to send its body (`Expect: 100-continue`). */
  | { readonly kind: 'continue' };

/** Node keeps the first of these when a request repeats them (IncomingMessage#headers). */
const FIRST_ONLY = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^\s\x00-\x1f\x7f]+) HTTP\/(\d)\.(\d)$/;
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters other than horizontal tab may not appear in a field value. */
const BAD_VALUE_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;
const DIGITS = /^\d+$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,16})(?:[ \t]*;.*)?$/;

const EMPTY = Buffer.alloc(0);
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

const fail = (status: ParseFailure['status'], reason: string): ParseStep => ({ kind: 'failed', failure: { status, reason } });

interface Head {
  readonly method: string;
  readonly target: string;
  readonly minorVersion: 0 | 1;
  readonly headers: Record<string, string | string[]>;
  readonly headersDistinct: Map<string, string[]>;
  readonly keepAlive: boolean;
  readonly framing: { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' };
  readonly expectContinue: boolean;
}

function hasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  for (const part of value.split(',')) if (part.trim().toLowerCase() === token) return true;
  return false;
}

/** Parses the head (request line and fields, without the final empty line). */
function parseHead(text: string, limits: ParserLimits): Head | ParseFailure {
  const lines = text.split('\r\n');
  const m = REQUEST_LINE.exec(lines[0] ?? '');
  if (m === null) return { status: 400, reason: 'malformed request line' };
  if (m[3] !== '1') return { status: 505, reason: 'HTTP version not supported' };
  const minorVersion = m[4] === '0' ? 0 : m[4] === '1' ? 1 : undefined;
  if (minorVersion === undefined) return { status: 505, reason: 'HTTP version not supported' };

  const headers: Record<string, string | string[]> = {};
  const headersDistinct = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return { status: 400, reason: 'malformed header field' };
    const rawName = line.slice(0, colon);
    if (!FIELD_NAME.test(rawName)) return { status: 400, reason: 'malformed header field name' };
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE_CHAR.test(value)) return { status: 400, reason: 'invalid character in header field value' };
    const name = rawName.toLowerCase();
    const seen = headersDistinct.get(name);
    if (seen === undefined) {
      headersDistinct.set(name, [value]);
      headers[name] = name === 'set-cookie' ? [value] : value;
    } else {
      seen.push(value);
      const joined = headers[name];
      if (name === 'set-cookie') (joined as string[]).push(value);
      else if (!FIRST_ONLY.has(name)) headers[name] = `${joined as string}, ${value}`;
    }
  }

  const transferEncoding = headersDistinct.get('transfer-encoding');
  const contentLength = headersDistinct.get('content-length');
  let framing: Head['framing'];
  if (transferEncoding !== undefined) {
    if (contentLength !== undefined) return { status: 400, reason: 'both Content-Length and Transfer-Encoding' };
    const codings = transferEncoding.join(',').split(',').map((c) => c.trim().toLowerCase());
    if (codings.length !== 1 || codings[0] !== 'chunked') return { status: 501, reason: 'unsupported transfer coding' };
    framing = { kind: 'chunked' };
  } else if (contentLength !== undefined) {
    const values = new Set(contentLength.join(',').split(',').map((v) => v.trim()));
    const only = values.size === 1 ? [...values][0]! : undefined;
    if (only === undefined || !DIGITS.test(only)) return { status: 400, reason: 'invalid Content-Length' };
    const length = Number(only);
    if (length > limits.maxBodyBytes) return { status: 413, reason: 'request body too large' };
    framing = { kind: 'length', length };
  } else {
    framing = { kind: 'length', length: 0 };
  }

  const connection = typeof headers.connection === 'string' ? headers.connection : undefined;
  const keepAlive = minorVersion === 1 ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive');
  const expect = headers.expect;
  const expectContinue = minorVersion === 1 && typeof expect === 'string' && expect.toLowerCase() === '100-continue';
  return { method: m[1]!, target: m[2]!, minorVersion, headers, headersDistinct, keepAlive, framing, expectContinue };
}

/**
 * One connection's parser. `push` the bytes as they arrive, then call `next` until it says
 * `incomplete`: each call yields at most one request, so a caller can answer requests in order.
 * Arriving bytes are kept as a list and joined only once enough are there to make progress, so a
 * large body costs one copy, not one per packet.
 */
export class RequestParser {
  readonly #limits: ParserLimits;
  #parts: Buffer[] = [];
  #size = 0;
  /** Fewer buffered bytes than this cannot complete the current step. */
  #need = 0;
  #head: Head | undefined;
  #continueSent = false;
  /** A chunked body's decoded chunks so far, and their total length. */
  #chunks: Buffer[] = [];
  #chunkedBytes = 0;

  constructor(limits: ParserLimits) {
    this.#limits = limits;
  }

  /** Whether a request has begun (some of it is buffered, or its head is parsed). */
  get midRequest(): boolean {
    return this.#head !== undefined || this.#size > 0;
  }

  /** Whether the head of the current request is complete. */
  get headComplete(): boolean {
    return this.#head !== undefined;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#parts.push(chunk);
    this.#size += chunk.length;
  }

  /** The buffered bytes as one buffer. */
  #joined(): Buffer {
    if (this.#parts.length === 0) return EMPTY;
    if (this.#parts.length > 1) this.#parts = [Buffer.concat(this.#parts, this.#size)];
    return this.#parts[0]!;
  }

  /** Drops the first `n` buffered bytes (the buffer is joined already). */
  #consume(n: number): void {
    const rest = this.#joined().subarray(n);
    this.#parts = rest.length > 0 ? [rest] : [];
    this.#size = rest.length;
    this.#need = 0;
  }

  next(): ParseStep {
    if (this.#size < this.#need) return this.#waiting();
    if (this.#head === undefined) {
      const buf = this.#joined();
      // A client may send empty lines before a request (RFC 9112 section 2.2).
      let start = 0;
      while (buf[start] === 0x0d && buf[start + 1] === 0x0a) start += 2;
      if (start > 0) {
        this.#consume(start);
        return this.next();
      }
      const end = buf.indexOf(CRLFCRLF);
      if (end < 0 || end > this.#limits.maxHeaderBytes) {
        if (buf.length > this.#limits.maxHeaderBytes) return fail(431, 'request header fields too large');
        this.#need = this.#size + 1;
        return { kind: 'incomplete' };
      }
      const head = parseHead(buf.toString('latin1', 0, end), this.#limits);
      if ('status' in head) return { kind: 'failed', failure: head };
      this.#head = head;
      this.#consume(end + 4);
      this.#continueSent = false;
      this.#chunks = [];
      this.#chunkedBytes = 0;
    }
    const head = this.#head;
    const body = head.framing.kind === 'length' ? this.#lengthBody(head.framing.length) : this.#chunkedBody();
    if (body === undefined) return this.#waiting();
    if ('status' in body) return { kind: 'failed', failure: body };
    this.#head = undefined;
    return {
      kind: 'request',
      request: { method: head.method, target: head.target, minorVersion: head.minorVersion, headers: head.headers, headersDistinct: head.headersDistinct, body, keepAlive: head.keepAlive },
    };
  }

  /** Not enough bytes yet: once per request, a client that expects it is told to go on. */
  #waiting(): ParseStep {
    if (this.#head?.expectContinue === true && !this.#continueSent) {
      this.#continueSent = true;
      return { kind: 'continue' };
    }
    return { kind: 'incomplete' };
  }

  #lengthBody(length: number): Buffer | undefined {
    if (this.#size < length) {
      this.#need = length;
      return undefined;
    }
    const body = this.#joined().subarray(0, length);
    this.#consume(length);
    return body;
  }

  /** Decodes the chunks that have arrived; the body once the last chunk and the trailers are in. */
  #chunkedBody(): Buffer | ParseFailure | undefined {
    for (;;) {
      const buf = this.#joined();
      const lineEnd = buf.indexOf(CRLF);
      if (lineEnd < 0) {
        if (buf.length > 1024) return { status: 400, reason: 'malformed chunk size line' };
        this.#need = this.#size + 1;
        return undefined;
      }
      const sizeLine = CHUNK_SIZE.exec(buf.toString('latin1', 0, lineEnd));
      if (sizeLine === null) return { status: 400, reason: 'malformed chunk size line' };
      const size = parseInt(sizeLine[1]!, 16);
      if (this.#chunkedBytes + size > this.#limits.maxBodyBytes) return { status: 413, reason: 'request body too large' };
      const dataStart = lineEnd + 2;
      if (size === 0) {
        // Trailer fields, then an empty line; trailers are read and dropped.
        let end: number;
        if (buf[dataStart] === 0x0d && buf[dataStart + 1] === 0x0a) end = dataStart + 2;
        else {
          const trailersEnd = buf.indexOf(CRLFCRLF, dataStart);
          if (trailersEnd < 0) {
            if (buf.length - dataStart > this.#limits.maxHeaderBytes) return { status: 431, reason: 'request header fields too large' };
            this.#need = this.#size + 1;
            return undefined;
          }
          end = trailersEnd + 4;
        }
        const body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#chunkedBytes);
        this.#consume(end);
        this.#chunks = [];
        return body;
      }
      if (buf.length < dataStart + size + 2) {
        this.#need = dataStart + size + 2;
        return undefined;
      }
      if (buf[dataStart + size] !== 0x0d || buf[dataStart + size + 1] !== 0x0a) return { status: 400, reason: 'malformed chunk' };
      this.#chunks.push(buf.subarray(dataStart, dataStart + size));
      this.#chunkedBytes += size;
      this.#consume(dataStart + size + 2);
    }
  }
}
