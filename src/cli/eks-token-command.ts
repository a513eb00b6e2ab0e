/**
 * `gatehouse eks token --cluster C --namespace N --service-account SA [--audience A]
 * [--expiration S] [--pod P] [--json]`: a projected service-account token for a cluster's service account,
 * minted by a running Gatehouse (`POST /_gatehouse/eks/token`, SigV4-signed for `eks`; the caller
 * needs `eks:AccessKubernetesApi` on the cluster). Prints the token alone, or with `--json` the
 * TokenRequest `kubectl create token -o json` prints:
 * `{ kind, apiVersion, metadata: {name, namespace}, spec: {audiences, expirationSeconds}, status: {token, expirationTimestamp} }`.
 */
import type { StaticCredentials } from '../server/credentials-file.js';
import { callEndpoint } from './endpoint-call.js';
import { signRequest } from './signed-request.js';

export interface EksTokenOptions {
  readonly endpoint: string;
  readonly credentials: StaticCredentials;
  readonly region: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly audience?: string;
  readonly expirationSeconds?: number;
  /** The pod the token is bound to. */
  readonly pod?: string;
}

export interface TokenRequestOutput {
  readonly kind: 'TokenRequest';
  readonly apiVersion: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: { readonly audiences: readonly string[]; readonly expirationSeconds: number };
  readonly status: { readonly token: string; readonly expirationTimestamp: string };
}

export async function fetchServiceAccountToken(o: EksTokenOptions): Promise<TokenRequestOutput> {
  const body = JSON.stringify({
    clusterName: o.cluster,
    namespace: o.namespace,
    serviceAccount: o.serviceAccount,
    ...(o.audience !== undefined ? { audience: o.audience } : {}),
    ...(o.expirationSeconds !== undefined ? { expirationSeconds: o.expirationSeconds } : {}),
    ...(o.pod !== undefined ? { pod: o.pod } : {}),
  });
  const url = `${o.endpoint}/_gatehouse/eks/token`;
  const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, o.credentials, o.region, 'eks', new Date());
  delete headers.host;
  const res = await callEndpoint(o.endpoint, url, { method: 'POST', headers, body });
  const data = (await res.json()) as TokenRequestOutput & { error?: { code: string; message: string } };
  if (!res.ok || data.error !== undefined) throw new Error(`${data.error?.code ?? res.status}: ${data.error?.message ?? ''}`);
  return data;
}
