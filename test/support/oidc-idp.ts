/**
 * An OIDC identity provider for tests: an HTTPS server on loopback with a certificate from its own
 * certificate authority, its own signing keys (RSA and EC), a discovery document and a key set —
 * so that Gatehouse's TLS trust (system CAs or thumbprint), key fetching and signature checks run
 * for real. Tests can make it misbehave (a slow, oversized or wrong key set; an error status).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { CertificateAuthority } from '../../src/server/tls/certificate-authority.js';

export type KeySetBehaviour =
  /** Serve the key set. */
  | 'normal'
  /** Answer 500. */
  | 'error'
  /** Send a body far larger than any key set. */
  | 'oversized'
  /** Send the headers, then drip a byte a second. */
  | 'slow'
  /** Publish the RSA key's `kid` on an EC key (a key of the wrong type). */
  | 'wrong-key-type'
  /** Publish no keys. */
  | 'empty';

export interface TestIdp {
  /** `https://localhost:<port>/<tenant>`. */
  readonly issuer: string;
  /** The issuer without `https://` (IAM's provider URL, the condition-key prefix). */
  readonly host: string;
  /** The IdP's CA certificate (PEM), and SHA-1 thumbprints of it and of the server's leaf. */
  readonly caPem: string;
  readonly caThumbprint: string;
  readonly leafThumbprint: string;
  /** What the key-set URL does. */
  keySetBehaviour: KeySetBehaviour;
  /** `Cache-Control` sent with the key set. */
  keySetCacheControl: string | undefined;
  /** Requests for the discovery document and the key set so far. */
  readonly fetches: { discovery: number; keySet: number };
  /** A signed ID token: `sts.amazonaws.com` audience, the given subject, an hour's life; claims override. */
  token(claims?: JWTPayload & { sub?: string }, o?: TokenOptions): Promise<string>;
  /** The RSA public key as PEM (for key-confusion attempts). */
  rsaPublicKeyPem(): string;
  /** The `kid` of the current RSA key. */
  rsaKid(): string;
  /** A new RSA signing key (the old one is no longer published). */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

export interface TokenOptions {
  readonly alg?: 'RS256' | 'ES256';
  /** Omit the expiry. */
  readonly noExpiry?: boolean;
  /** Sign with another key than the published one (a forged token). */
  readonly foreignKey?: boolean;
}

interface Keys {
  readonly rsa: { privateKey: CryptoKey; publicKey: CryptoKey; kid: string };
  readonly ec: { privateKey: CryptoKey; publicKey: CryptoKey; kid: string };
}

let nextKid = 1;
async function newRsa(): Promise<Keys['rsa']> {
  const k = await generateKeyPair('RS256', { extractable: true });
  return { ...k, kid: `rsa-${nextKid++}` };
}

export async function startTestIdp(tenant = 'tenant'): Promise<TestIdp> {
  const ca = await CertificateAuthority.generate({ commonName: 'Gatehouse test IdP CA' });
  const leaf = await ca.certificateFor(['localhost']);
  const ec = await generateKeyPair('ES256', { extractable: true });
  const keys: { rsa: Keys['rsa']; ec: Keys['ec'] } = { rsa: await newRsa(), ec: { ...ec, kid: `ec-${nextKid++}` } };
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const fetches = { discovery: 0, keySet: 0 };
  let issuer = '';
  let publicPem = await exportSPKI(keys.rsa.publicKey);
  const timers = new Set<NodeJS.Timeout>();

  const jwks = async (): Promise<{ keys: JWK[] }> => {
    const rsa = { ...(await exportJWK(keys.rsa.publicKey)), kid: keys.rsa.kid, use: 'sig', alg: 'RS256' };
    const ecKey = { ...(await exportJWK(keys.ec.publicKey)), kid: keys.ec.kid, use: 'sig', alg: 'ES256' };
    switch (idp.keySetBehaviour) {
      case 'wrong-key-type':
        return { keys: [{ ...ecKey, kid: keys.rsa.kid, alg: 'RS256' }] };
      case 'empty':
        return { keys: [] };
      default:
        return { keys: [rsa, ecKey] };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/';
    if (path === `/${tenant}/.well-known/openid-configuration`) {
      fetches.discovery++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys`, response_types_supported: ['id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256', 'ES256'] }));
      return;
    }
    if (path === `/${tenant}/keys`) {
      fetches.keySet++;
      switch (idp.keySetBehaviour) {
        case 'error':
          res.writeHead(500);
          res.end();
          return;
        case 'oversized': {
          res.writeHead(200, { 'content-type': 'application/json' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let sent = 0;
          const pump = (): void => {
            while (sent < 64 && res.write(chunk)) sent++;
            if (sent < 64) res.once('drain', pump);
            else res.end();
          };
          res.on('close', () => (sent = 64));
          res.write('{"keys":[');
          pump();
          return;
        }
        case 'slow': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{');
          const t = setInterval(() => res.write(' '), 1000);
          timers.add(t);
          res.on('close', () => {
            clearInterval(t);
            timers.delete(t);
          });
          return;
        }
        default: {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (idp.keySetCacheControl !== undefined) headers['cache-control'] = idp.keySetCacheControl;
          res.writeHead(200, headers);
          res.end(JSON.stringify(await jwks()));
          return;
        }
      }
    }
    res.writeHead(404);
    res.end();
  };

  const server: Server = createServer({ key: leaf.keyPem, cert: leaf.chainPem }, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  issuer = `https://localhost:${port}/${tenant}`;

  const idp: TestIdp = {
    issuer,
    host: issuer.slice('https://'.length),
    caPem: ca.certPem,
    caThumbprint: leaf.caSha1Thumbprint,
    leafThumbprint: leaf.sha1Thumbprint,
    keySetBehaviour: 'normal',
    keySetCacheControl: undefined,
    fetches,
    async token(claims = {}, o = {}) {
      const alg = o.alg ?? 'RS256';
      const key = o.foreignKey === true ? foreign.privateKey : alg === 'RS256' ? keys.rsa.privateKey : keys.ec.privateKey;
      const kid = alg === 'RS256' ? keys.rsa.kid : keys.ec.kid;
      const jwt = new SignJWT({ aud: 'sts.amazonaws.com', sub: 'system:serviceaccount:default:app', ...claims }).setProtectedHeader({ alg, kid, typ: 'JWT' }).setIssuedAt();
      if (claims.iss === undefined) jwt.setIssuer(issuer);
      if (o.noExpiry !== true && claims.exp === undefined) jwt.setExpirationTime('1h');
      return jwt.sign(key);
    },
    rsaPublicKeyPem() {
      return publicPem;
    },
    rsaKid() {
      return keys.rsa.kid;
    },
    async rotate() {
      keys.rsa = await newRsa();
      publicPem = await exportSPKI(keys.rsa.publicKey);
    },
    close() {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return idp;
}

/** A token with `alg: none` and no signature. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

/** A token signed HS256 with `secret` (key confusion: the RSA public key as an HMAC secret). */
export async function hmacToken(claims: JWTPayload, kid: string | undefined, secret: Uint8Array): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...(kid !== undefined ? { kid } : {}) }).sign(secret);
}
