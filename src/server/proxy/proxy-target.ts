/**
 * Where a proxy request wants to go: the authority of a `CONNECT` (`host:port`, RFC 9110 §9.3.6)
 * or of a request target in absolute form (`http://host[:port]/path`, RFC 9112 §3.2.2), read
 * strictly. Anything else is not a target.
 */
import { dnsName, ipAddress } from '../tls/subject-names.js';

export interface ProxyTarget {
  /** Lowercase DNS name without a trailing dot, or an IP address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  readonly ip: boolean;
}

const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#@[\]]+):(\d{1,5})$/;

/** `host:port` as a `CONNECT` names it; the port is required (RFC 9110 §9.3.6). */
export function connectTarget(authority: string): ProxyTarget | undefined {
  const m = AUTHORITY.exec(authority);
  if (m === null) return undefined;
  return target(m[1]!, Number(m[2]));
}

const ABSOLUTE_FORM = /^http:\/\/([^/?#]*)(.*)$/is;
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#@[\]]+)(?::(\d{1,5}))?$/;

/**
 * The target of a request in absolute form (`http://host[:port]/path?query`), with its path and
 * query exactly as sent (what the client signed); undefined when it is not one.
 */
export function absoluteTarget(url: string): (ProxyTarget & { readonly pathAndQuery: string }) | undefined {
  const m = ABSOLUTE_FORM.exec(url);
  if (m === null) return undefined;
  const hp = HOST_PORT.exec(m[1]!);
  if (hp === null) return undefined;
  const t = target(hp[1]!, hp[2] === undefined ? 80 : Number(hp[2]));
  if (t === undefined) return undefined;
  const rest = m[2]!.replace(/#.*$/s, '');
  return { ...t, pathAndQuery: rest.startsWith('/') ? rest : `/${rest}` };
}

/** True for a request target naming a scheme (`http://…`, `https://…`): a request meant for a proxy. */
export function isAbsoluteForm(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
}

function target(hostText: string, port: number): ProxyTarget | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  const ip = ipAddress(hostText);
  if (ip !== undefined) return { host: ip, port, ip: true };
  const name = dnsName(hostText, { wildcard: false, underscore: true });
  return name === undefined ? undefined : { host: name, port, ip: false };
}
