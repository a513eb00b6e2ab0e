/**
 * SigV4's URI encoding. Every byte of the UTF-8 form is written as `%XY` (uppercase hex) except the
 * unreserved characters `A-Z a-z 0-9 - . _ ~` (AWS's "UriEncode" rule, RFC 3986 section 2.3).
 * Working on bytes, not on decoded strings, keeps malformed escapes and lone surrogates from throwing.
 */

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/** An uppercase hex digit, as canonical escapes are written. */
function isUpperHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/** Encodes bytes with SigV4's rule. */
export function encodeBytes(bytes: Uint8Array): string {
  // Written into one buffer and read back as Latin-1 (every output character is ASCII): one string
  // allocated, where joining per byte made a string per byte.
  const out = Buffer.allocUnsafe(bytes.length * 3);
  let n = 0;
  for (const byte of bytes) {
    if (isUnreserved(byte)) out[n++] = byte;
    else {
      out[n++] = 0x25;
      out[n++] = HEX.charCodeAt(byte >> 4);
      out[n++] = HEX.charCodeAt(byte & 15);
    }
  }
  return out.toString('latin1', 0, n);
}

/** Encodes a string's UTF-8 bytes with SigV4's rule; `/` is encoded too. */
export function uriEncode(value: string): string {
  // Fast path: a plain unreserved token (the common case for names and dates) is its own encoding.
  if (/^[A-Za-z0-9\-._~]*$/.test(value)) return value;
  return encodeBytes(Buffer.from(value, 'utf8'));
}

/** The bytes a percent-encoded string stands for: each valid `%XY` is one byte, anything else is UTF-8. */
export function percentDecodeToBytes(value: string): Buffer {
  if (!value.includes('%')) return Buffer.from(value, 'utf8');
  // The decoded form is never longer than the UTF-8 form: `%XY` is three bytes for one.
  const out = Buffer.allocUnsafe(Buffer.byteLength(value, 'utf8'));
  let n = 0;
  let literalStart = 0;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) !== 0x25) continue;
    const hi = hexValue(value.charCodeAt(i + 1));
    const lo = hexValue(value.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) continue; // a stray `%` stays a literal `%`
    if (i > literalStart) n += out.write(value.slice(literalStart, i), n, 'utf8');
    out[n++] = (hi << 4) | lo;
    i += 2;
    literalStart = i + 1;
  }
  if (value.length > literalStart) n += out.write(value.slice(literalStart), n, 'utf8');
  return out.subarray(0, n);
}

/**
 * Whether a percent-encoded string is already in SigV4's canonical form: only unreserved characters
 * and `%XY` escapes (uppercase hex) of bytes that are not unreserved. Checked without allocating,
 * since nearly every component a client sends is already canonical.
 */
function isCanonicalEncoding(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25) {
      const a = value.charCodeAt(i + 1);
      const b = value.charCodeAt(i + 2);
      if (!isUpperHex(a) || !isUpperHex(b) || isUnreserved((hexValue(a) << 4) | hexValue(b))) return false;
      i += 2;
    } else if (c > 0x7f || !isUnreserved(c)) return false;
  }
  return true;
}

/** Percent-decodes to text (invalid UTF-8 becomes U+FFFD). `+` is a literal plus, not a space. */
export function percentDecode(value: string): string {
  return value.includes('%') ? percentDecodeToBytes(value).toString('utf8') : value;
}

/**
 * The canonical form of one percent-encoded query component: decode it to bytes, encode it again.
 * `a%2fb`, `a%2Fb` and `a/b` all become `a%2Fb`; `%7E` becomes `~`.
 */
export function canonicalizeEncoded(value: string): string {
  if (isCanonicalEncoding(value)) return value;
  return encodeBytes(percentDecodeToBytes(value));
}
