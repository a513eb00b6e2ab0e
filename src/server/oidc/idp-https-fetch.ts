/**
 * One bounded HTTPS GET to an identity provider (an OIDC issuer's discovery document or key set).
 * The server is trusted when its certificate chains to the system CAs (plus any extra CAs
 * configured) and names the host, or — as IAM OIDC providers allow — when the SHA-1 thumbprint of
 * the top certificate of the chain it presents (the last certificate `openssl s_client -showcerts`
 * prints: id_roles_providers_create_oidc_verify-thumbprint.md) is one of the provider's
 * thumbprints and the leaf names the host.
 *
 * Identity providers may be hostile: the whole exchange is time-bounded (AWS gives up after about
 * five seconds: knowledge-center/iam-sts-invalididentitytoken), the body size-bounded, and
 * redirects are not followed.
 */
import { request } from 'node:https';
import { createHash } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';

export interface IdpFetchLimits {
  /** The whole exchange, connect to last byte. */
  readonly timeoutMs: number;
  /** The largest body read. */
  readonly maxBytes: number;
  /**
   * The CA certificates (PEM) trusted without a thumbprint; undefined: Node's default store (its
   * bundled roots and `NODE_EXTRA_CA_CERTS`).
   */
  readonly ca: readonly string[] | undefined;
}

export type IdpFetchOutcome =
  | { readonly ok: true; readonly body: string; readonly cacheControl: string | undefined }
  /**
   * `unreachable`: no connection, TLS failure other than trust, or too slow; `untrusted`: the
   * certificate is neither trusted nor thumbprinted; `refused`: an answer other than 200, or too
   * large.
   */
  | { readonly ok: false; readonly reason: 'unreachable' | 'untrusted' | 'refused' };

/** The SHA-1 thumbprint (lowercase hex) of the top certificate of the presented chain. */
export function topCertificateThumbprint(leaf: PeerCertificate): string | undefined {
  let c: PeerCertificate = leaf;
  for (let depth = 0; depth < 16; depth++) {
    const up = (c as PeerCertificate & { issuerCertificate?: PeerCertificate }).issuerCertificate;
    if (up === undefined || up === null || up === c || up.raw === undefined || up.raw.equals(c.raw)) break;
    c = up;
  }
  return c.raw === undefined ? undefined : createHash('sha1').update(c.raw).digest('hex');
}

/** Whether an unverified server is trusted by thumbprint: the top certificate matches and the leaf names the host. */
function trustedByThumbprint(socket: TLSSocket, host: string, thumbprints: readonly string[]): boolean {
  if (thumbprints.length === 0) return false;
  const leaf = socket.getPeerCertificate(true);
  if (leaf.raw === undefined) return false;
  const top = topCertificateThumbprint(leaf);
  if (top === undefined || !thumbprints.some((t) => t.toLowerCase() === top)) return false;
  return checkServerIdentity(host, leaf) === undefined;
}

/** GETs `url` (https only) under the trust rules above. Never throws. */
export function idpFetch(url: URL, thumbprints: readonly string[], limits: IdpFetchLimits): Promise<IdpFetchOutcome> {
  if (url.protocol !== 'https:') return Promise.resolve({ ok: false, reason: 'refused' });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: IdpFetchOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = request(
      url,
      {
        method: 'GET',
        agent: false,
        ...(limits.ca !== undefined ? { ca: limits.ca as string[] } : {}),
        // Verified below: by the CAs, else by thumbprint.
        rejectUnauthorized: false,
        headers: { accept: 'application/json' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          finish({ ok: false, reason: 'refused' });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > limits.maxBytes) {
          finish({ ok: false, reason: 'refused' });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) finish({ ok: false, reason: 'refused' });
          else chunks.push(chunk);
        });
        res.on('end', () => finish({ ok: true, body: Buffer.concat(chunks).toString('utf8'), cacheControl: res.headers['cache-control'] }));
        res.on('error', () => finish({ ok: false, reason: 'unreachable' }));
      },
    );
    req.on('socket', (socket) => {
      (socket as TLSSocket).once('secureConnect', () => {
        const tls = socket as TLSSocket;
        if (!tls.authorized && !trustedByThumbprint(tls, url.hostname, thumbprints)) finish({ ok: false, reason: 'untrusted' });
      });
    });
    req.on('error', () => finish({ ok: false, reason: 'unreachable' }));
    const timer = setTimeout(() => finish({ ok: false, reason: 'unreachable' }), limits.timeoutMs);
    req.end();
  });
}
