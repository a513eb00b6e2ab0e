/**
 * OIDC issuers' signing keys, as STS gets them: the discovery document
 * (`<issuer>/.well-known/openid-configuration`) names `jwks_uri`, whose key set is fetched and kept.
 *
 * Caching. AWS does not publish its cache durations; it documents that it caches an issuer's key
 * set, and that it honours an issuer's `Cache-Control` (issuers that forbid caching were, until AWS
 * changed it, refused with "Couldn't retrieve verification key" under load). So: a set is kept for
 * the `max-age` the issuer gives (at most a day), an hour when it gives none, and at least a minute
 * when it forbids caching; a token naming a key the kept set lacks fetches the set again (the
 * issuer rotated its keys), at most once a second per issuer. Concurrent requests share one fetch,
 * and a fetch that failed is answered from memory for two seconds (the requests are unsigned:
 * anyone may send them).
 * Sets are kept per issuer *and* thumbprint list, since TLS trust depends on both.
 */
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { AwsError } from '../../aws/aws-error.js';
import type { IssuerKeySource, KeySet } from '../../services/sts/federation-context.js';
import { NO_VERIFICATION_KEY } from '../../services/sts/web-identity-token.js';
import { idpFetch, type IdpFetchLimits, type IdpFetchOutcome } from './idp-https-fetch.js';

export interface IssuerKeyCacheOptions {
  /** Per fetch (AWS: about five seconds). */
  readonly timeoutMs?: number;
  /** The largest discovery document or key set read. */
  readonly maxBytes?: number;
  /** CA certificates (PEM) trusted besides the system's. */
  readonly extraCaPem?: readonly string[];
  /** Monotonic milliseconds (tests may move it). */
  readonly now?: () => number;
  /**
   * The documents of issuers Gatehouse serves itself (EKS clusters' issuers), read in process:
   * undefined for any other URL, which is fetched from the network.
   */
  readonly served?: ServedIssuer;
}

/** `served(url)`: the answer to a GET of `url` with the certificate a client would be shown, or undefined. */
export type ServedIssuer = (url: string) => Promise<{ readonly status: number; readonly body: unknown; readonly certificate: { readonly caSha1Thumbprint: string } } | undefined>;

interface Entry {
  keys: KeySet;
  fetchedAt: number;
  expiresAt: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_TTL_MS = 3_600_000;
const MIN_TTL_MS = 60_000;
const REFETCH_INTERVAL_MS = 1_000;
const MAX_ENTRIES = 1_000;
/** After a failed fetch, the same answer for this long before the issuer is asked again. */
const FAILURE_PAUSE_MS = 2_000;

/** AWS's words when the issuer's certificate is neither trusted nor thumbprinted (error catalogue E08). */
export const THUMBPRINT_MISMATCH = "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint";
/**
 * IDPCommunicationError: the wording on the wire is not known; this is the API reference's
 * description of the error.
 */
export const IDP_UNREACHABLE = 'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions.';

export class IssuerKeyCache implements IssuerKeySource {
  readonly #limits: IdpFetchLimits;
  readonly #now: () => number;
  readonly #served: ServedIssuer | undefined;
  readonly #extraCaPem: readonly string[];
  #extraCaThumbprints: Set<string> | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<Entry>>();
  /** Recent failures, so that unsigned requests cannot make Gatehouse call a failing issuer without pause. */
  readonly #failures = new Map<string, { at: number; error: unknown }>();

  constructor(o: IssuerKeyCacheOptions = {}) {
    this.#limits = { timeoutMs: o.timeoutMs ?? 5_000, maxBytes: o.maxBytes ?? 256 * 1024, ca: o.extraCaPem !== undefined && o.extraCaPem.length > 0 ? [...defaultCertificates(), ...o.extraCaPem] : undefined };
    this.#now = o.now ?? (() => performance.now());
    this.#served = o.served;
    this.#extraCaPem = o.extraCaPem ?? [];
  }

  /** GETs one document: in process when Gatehouse serves the issuer, else over HTTPS. */
  async #get(url: URL, thumbprints: readonly string[]): Promise<IdpFetchOutcome> {
    const served = this.#served !== undefined ? await this.#served(url.href) : undefined;
    if (served === undefined) return idpFetch(url, thumbprints, this.#limits);
    // Trusted as a TLS client would trust it: the top of the chain (Gatehouse's authority) is one of
    // the provider's thumbprints, or one of the extra CAs configured.
    const top = served.certificate.caSha1Thumbprint.toLowerCase();
    this.#extraCaThumbprints ??= new Set(this.#extraCaPem.flatMap((pem) => pemThumbprints(pem)));
    if (!thumbprints.some((t) => t.toLowerCase() === top) && !this.#extraCaThumbprints.has(top)) return { ok: false, reason: 'untrusted' };
    if (served.status !== 200) return { ok: false, reason: 'refused' };
    return { ok: true, body: JSON.stringify(served.body), cacheControl: undefined };
  }

  async keySet(issuerUrl: string, thumbprints: readonly string[], kid: string | undefined): Promise<KeySet> {
    const cacheKey = `${issuerUrl}\n${[...thumbprints].map((t) => t.toLowerCase()).sort().join(',')}`;
    const now = this.#now();
    const kept = this.#entries.get(cacheKey);
    if (kept !== undefined && now < kept.expiresAt) {
      const hasKey = kid === undefined || kept.keys.keys.some((k) => k.kid === kid);
      if (hasKey || now - kept.fetchedAt < REFETCH_INTERVAL_MS) return kept.keys;
    }
    const failed = this.#failures.get(cacheKey);
    if (failed !== undefined && now - failed.at < FAILURE_PAUSE_MS) throw failed.error;
    let pending = this.#inflight.get(cacheKey);
    if (pending === undefined) {
      pending = this.#fetch(issuerUrl, thumbprints);
      this.#inflight.set(cacheKey, pending);
      const clear = (): void => void this.#inflight.delete(cacheKey);
      pending.then(
        () => {
          clear();
          this.#failures.delete(cacheKey);
        },
        (error: unknown) => {
          clear();
          if (this.#failures.size >= MAX_ENTRIES) this.#failures.clear();
          this.#failures.set(cacheKey, { at: this.#now(), error });
        },
      );
    }
    const entry = await pending;
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(cacheKey)) this.#entries.clear();
    this.#entries.set(cacheKey, entry);
    return entry.keys;
  }

  async #fetch(issuerUrl: string, thumbprints: readonly string[]): Promise<Entry> {
    const base = issuerUrl.replace(/\/+$/, '');
    let discoveryUrl: URL;
    try {
      discoveryUrl = new URL(`${base}/.well-known/openid-configuration`);
    } catch {
      throw noKey();
    }
    const discovery = parseJson(checked(await this.#get(discoveryUrl, thumbprints)).body);
    const jwksUri = typeof discovery?.jwks_uri === 'string' ? discovery.jwks_uri : undefined;
    let jwksUrl: URL;
    try {
      jwksUrl = new URL(jwksUri ?? '');
    } catch {
      throw noKey();
    }
    const fetched = checked(await this.#get(jwksUrl, thumbprints));
    const set = parseJson(fetched.body);
    const keys = Array.isArray(set?.keys) ? (set.keys as unknown[]).filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null && !Array.isArray(k)) : undefined;
    if (keys === undefined) throw noKey();
    const fetchedAt = this.#now();
    return { keys: { keys }, fetchedAt, expiresAt: fetchedAt + ttl(fetched.cacheControl) };
  }
}

/** The SHA-1 thumbprints (lowercase hex) of the certificates in a PEM bundle. */
function pemThumbprints(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.flatMap((b) => {
    try {
      return [new X509Certificate(b).fingerprint.replaceAll(':', '').toLowerCase()];
    } catch {
      return [];
    }
  });
}

/** Node's default trust store where it can list it (Node 22.15+), else its bundled roots. */
function defaultCertificates(): readonly string[] {
  const list = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return typeof list === 'function' ? list('default') : tls.rootCertificates;
}

function checked(o: IdpFetchOutcome): { body: string; cacheControl: string | undefined } {
  if (o.ok) return o;
  if (o.reason === 'untrusted') throw new AwsError('InvalidIdentityToken', THUMBPRINT_MISMATCH, 400);
  if (o.reason === 'unreachable') throw new AwsError('IDPCommunicationError', IDP_UNREACHABLE, 400);
  throw noKey();
}

function noKey(): AwsError {
  return new AwsError('InvalidIdentityToken', NO_VERIFICATION_KEY, 400);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** How long a key set is kept, from its `Cache-Control`. */
export function ttl(cacheControl: string | undefined): number {
  if (cacheControl === undefined) return DEFAULT_TTL_MS;
  const lower = cacheControl.toLowerCase();
  if (/\bno-(?:cache|store)\b/.test(lower)) return MIN_TTL_MS;
  const m = /\bmax-age\s*=\s*(\d+)/.exec(lower);
  if (m === null) return DEFAULT_TTL_MS;
  return Math.min(DAY_MS, Math.max(MIN_TTL_MS, Number(m[1]) * 1000));
}
