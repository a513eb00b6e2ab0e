/**
 * IPv4 and IPv6 addresses and CIDR ranges as 16-bit words (two for IPv4, eight for IPv6), parsed by
 * index into a caller's buffer so request values are read without allocating.
 */

export type IpFamily = 4 | 6;

export interface Cidr {
  readonly family: IpFamily;
  readonly words: Uint16Array;
  /** Prefix length in bits; an address without one is a single address (/32, /128). */
  readonly prefix: number;
}

/** Parses an address into `out` (length 8); the family, or undefined when it is not an address. */
export function parseAddress(text: string, out: Uint16Array, from = 0, to = text.length): IpFamily | undefined {
  if (to - from < 2) return undefined;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 0x3a) return parseIpv6(text, from, to, out) ? 6 : undefined;
  }
  const v4 = parseIpv4(text, from, to);
  if (v4 < 0) return undefined;
  out[0] = v4 >>> 16;
  out[1] = v4 & 0xffff;
  return 4;
}

/** Parses `address[/prefix]`; undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const words = new Uint16Array(8);
  const family = parseAddress(text, words, 0, slash < 0 ? text.length : slash);
  if (family === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const digits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(digits)) return undefined;
    prefix = Number(digits);
    if (prefix > max) return undefined;
  }
  return { family, words: family === 4 ? words.slice(0, 2) : words, prefix };
}

/** Whether an address (as parsed by `parseAddress`) is in a range of the same family. */
export function inCidr(cidr: Cidr, family: IpFamily, words: Uint16Array): boolean {
  if (family !== cidr.family) return false;
  let bits = cidr.prefix;
  for (let k = 0; bits > 0; k++, bits -= 16) {
    const a = cidr.words[k]!;
    const b = words[k]!;
    if (bits >= 16) {
      if (a !== b) return false;
    } else {
      const mask = (0xffff << (16 - bits)) & 0xffff;
      return (a & mask) === (b & mask);
    }
  }
  return true;
}

/** A dotted-quad IPv4 address as an unsigned 32-bit number; -1 when malformed. */
function parseIpv4(text: string, from: number, to: number): number {
  let value = 0;
  let octets = 0;
  let i = from;
  while (octets < 4) {
    let end = i;
    let octet = 0;
    while (end < to && end - i < 3) {
      const c = text.charCodeAt(end);
      if (c < 0x30 || c > 0x39) break;
      octet = octet * 10 + (c - 0x30);
      end++;
    }
    if (end === i || octet > 255) return -1;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (end >= to || text.charCodeAt(end) !== 0x2e) return -1;
      i = end + 1;
    } else if (end !== to) return -1;
  }
  return value;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** RFC 4291 text: groups of 1-4 hex digits, one `::` for a run of zero groups, an IPv4 tail. */
function parseIpv6(text: string, from: number, to: number, out: Uint16Array): boolean {
  let count = 0;
  let gap = -1;
  let i = from;
  if (text.charCodeAt(i) === 0x3a) {
    if (text.charCodeAt(i + 1) !== 0x3a) return false;
    gap = 0;
    i += 2;
  }
  while (i < to) {
    if (count === 8) return false;
    let end = i;
    let word = 0;
    while (end < to) {
      const h = hexValue(text.charCodeAt(end));
      if (h < 0) break;
      word = word * 16 + h;
      end++;
    }
    if (end < to && text.charCodeAt(end) === 0x2e) {
      if (count > 6) return false;
      const v4 = parseIpv4(text, i, to);
      if (v4 < 0) return false;
      out[count++] = v4 >>> 16;
      out[count++] = v4 & 0xffff;
      i = to;
      break;
    }
    if (end === i || end - i > 4) return false;
    out[count++] = word;
    if (end === to) {
      i = to;
      break;
    }
    if (text.charCodeAt(end) !== 0x3a) return false;
    if (end + 1 < to && text.charCodeAt(end + 1) === 0x3a) {
      if (gap >= 0) return false;
      gap = count;
      i = end + 2;
      continue;
    }
    i = end + 1;
    if (i === to) return false;
  }
  if (gap < 0) return count === 8;
  if (count > 7) return false;
  const tail = count - gap;
  for (let k = tail - 1; k >= 0; k--) out[8 - tail + k] = out[gap + k]!;
  for (let k = gap; k < 8 - tail; k++) out[k] = 0;
  return true;
}
