/**
 * The names a server certificate is issued for: DNS names (a `*` allowed as the whole leftmost
 * label, as RFC 6125 §6.4.3 lets clients match it) and IP addresses, each written once in a
 * canonical form.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type SubjectName = { readonly kind: 'dns'; readonly value: string } | { readonly kind: 'ip'; readonly value: string };

/** One DNS label: letters, digits and hyphens, not at either end, at most 63 characters. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** The same, with underscores, which some private names carry though host names may not. */
const LENIENT_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

export interface DnsNameRules {
  /** `*` as the whole leftmost label (a certificate's wildcard name). */
  readonly wildcard: boolean;
  /** Underscores in labels. */
  readonly underscore: boolean;
}

/** A DNS name in lowercase without a trailing dot, or undefined when it is not one (RFC 1035 §2.3.4). */
export function dnsName(text: string, rules: DnsNameRules): string | undefined {
  const label = rules.underscore ? LENIENT_LABEL : LABEL;
  const name = text.toLowerCase().replace(/\.$/, '');
  if (name.length === 0 || name.length > 253) return undefined;
  const labels = name.split('.');
  for (let i = 0; i < labels.length; i++) {
    // A wildcard stands for one whole label and never for the registrable name itself.
    if (i === 0 && labels[0] === '*' && rules.wildcard && labels.length >= 3) continue;
    if (!label.test(labels[i]!)) return undefined;
  }
  // An all-numeric last label would read as an IPv4 address.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  return name;
}

/** An IP address in the form Node prints it (IPv6 brackets removed), or undefined. */
export function ipAddress(text: string): string | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return bare;
  if (isIPv6(bare)) return bare.toLowerCase();
  return undefined;
}

/**
 * The names as subject alternative names, in the order given with repeats dropped; throws a
 * RangeError naming the first that is neither a DNS name nor an IP address.
 */
export function subjectNames(names: readonly string[]): SubjectName[] {
  if (names.length === 0) throw new RangeError('a certificate needs at least one host name');
  const out: SubjectName[] = [];
  const seen = new Set<string>();
  for (const text of names) {
    const ip = ipAddress(text);
    const dns = ip === undefined ? dnsName(text, { wildcard: true, underscore: false }) : undefined;
    const name: SubjectName | undefined = ip !== undefined ? { kind: 'ip', value: ip } : dns !== undefined ? { kind: 'dns', value: dns } : undefined;
    if (name === undefined) throw new RangeError(`not a host name or IP address: ${JSON.stringify(text)}`);
    const key = `${name.kind}:${name.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}
