/**
 * The HTTP side of EKS on Gatehouse's port: each cluster's OIDC issuer (discovery document and
 * JWKS, under `oidc.eks.<region>.amazonaws.com/id/<id>`) and each cluster's API endpoint
 * (`/_gatehouse/eks/clusters/<id>` on Gatehouse's own address, or `<id>.gr7.<region>.eks.amazonaws.com`
 * through the HTTPS proxy). The endpoint authenticates `k8s-aws-v1.` bearer tokens as
 * aws-iam-authenticator does, maps the caller through the Kubernetes side and hands the request to
 * it; it also answers TokenReviews (authentication.k8s.io v1 and v1beta1), both as the webhook
 * authenticator a real API server would call (`<endpoint>/authenticate`) and as the Kubernetes API
 * resource.
 */
import type { EncodedResponse } from '../../aws/encoded-response.js';
import type { Store } from '../../state/store.js';
import type { SecretSealer } from '../../state/secret-sealer.js';
import type { EksClusterRecord } from '../../state/eks-records.js';
import { CLUSTER_API_PATH } from '../../services/eks/eks-context.js';
import { API_SERVER_AUDIENCE, DEFAULT_TOKEN_SECONDS, discoveryDocument, jwks, MAX_TOKEN_SECONDS, mintServiceAccountToken, TokenRequestError } from '../../services/eks/issuer-keys.js';
import { AwsError } from '../../aws/aws-error.js';
import { viewOf, type ClusterView } from '../../services/eks/cluster-view.js';
import type { AwsEndpoint } from '../aws-endpoint.js';
import { firstHeader, type HeaderMap } from '../http/header-map.js';
import { verifyTokenCaller, type TokenCaller } from './token-caller.js';
import type { ExtraHosts } from './aws-iam-token.js';
import type { KubernetesSide, KubernetesUser, ServiceAccountCaller } from './kubernetes-side.js';

export interface EksHttpDeps {
  readonly store: Store;
  readonly sealer: SecretSealer;
  readonly endpoint: Pick<AwsEndpoint, 'handle' | 'authorizeOwnApi'>;
  readonly caPem: () => Promise<string>;
  readonly clock: () => Date;
  readonly kubernetes: KubernetesSide;
  /** Gatehouse's own addresses, whose presigned URLs are accepted besides STS's hosts. */
  readonly selfHosts: ExtraHosts;
}

export interface EksHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderMap;
  readonly body: Buffer;
  readonly remoteAddress?: string;
  readonly secure?: boolean;
}

/** `POST /_gatehouse/eks/token`: a projected service-account token, for a caller allowed `eks:AccessKubernetesApi` on the cluster. */
export const TOKEN_API_PATH = '/_gatehouse/eks/token';

const OIDC_HOST = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com$/;
const OIDC_PATH = /^\/id\/([0-9A-F]{32})\/(\.well-known\/openid-configuration|keys)$/;
const CLUSTER_HOST = /^([0-9a-f]{32})\.[a-z0-9]+\.([a-z0-9-]+)\.eks\.amazonaws\.com$/;

function hostOf(headers: HeaderMap): string {
  return (firstHeader(headers, 'host') ?? '').toLowerCase().replace(/:\d+$/, '');
}

function jsonResponse(status: number, body: unknown, extra: Record<string, string> = {}): EncodedResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...extra }, body: JSON.stringify(body) };
}

/** The issuer document at `url` (`https://oidc.eks.<region>.amazonaws.com/id/<id>/...`), if Gatehouse serves it. */
export async function issuerDocument(store: Store, sealer: SecretSealer, host: string, path: string): Promise<{ status: number; body: unknown } | undefined> {
  const region = OIDC_HOST.exec(host)?.[1];
  if (region === undefined) return undefined;
  const m = OIDC_PATH.exec(path);
  const cluster = m !== null ? await store.read.eksClusters.getById(m[1]!) : undefined;
  // AWS's answer for an unknown issuer path is not known; a plain 404 here.
  if (m === null || cluster === undefined || cluster.region !== region) return { status: 404, body: { message: 'Not Found' } };
  return { status: 200, body: m[2] === 'keys' ? jwks(cluster, sealer) : discoveryDocument(cluster) };
}

/**
 * A service-account token (a JWT: three base64url parts) rather than aws-iam-authenticator's
 * `k8s-aws-v1.` token; kube-apiserver tries its service-account authenticator on such tokens.
 */
const SERVICE_ACCOUNT_TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const isServiceAccountToken = (token: string): boolean => !token.startsWith('k8s-aws-v1.') && SERVICE_ACCOUNT_TOKEN.test(token);

const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

export class EksHttp {
  readonly #d: EksHttpDeps;

  constructor(deps: EksHttpDeps) {
    this.#d = deps;
  }

  /** The answer to an EKS-side request, or undefined when the request is not one. */
  async serve(req: EksHttpRequest): Promise<EncodedResponse | undefined> {
    const host = hostOf(req.headers);
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    if (OIDC_HOST.test(host)) {
      const doc = await issuerDocument(this.#d.store, this.#d.sealer, host, path);
      return doc !== undefined ? jsonResponse(doc.status, doc.body) : undefined;
    }
    if (path === TOKEN_API_PATH) return this.#tokenApi(req);
    let clusterId: string | undefined;
    let rest = path;
    const byHost = CLUSTER_HOST.exec(host);
    if (byHost !== null) clusterId = byHost[1]!.toUpperCase();
    else if (path.startsWith(CLUSTER_API_PATH)) {
      const tail = path.slice(CLUSTER_API_PATH.length);
      const slash = tail.indexOf('/');
      clusterId = slash < 0 ? tail : tail.slice(0, slash);
      rest = slash < 0 ? '/' : tail.slice(slash);
    } else return undefined;
    const cluster = await this.#d.store.read.eksClusters.getById(clusterId);
    if (cluster === undefined) return jsonResponse(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'cluster not found', reason: 'NotFound', code: 404 });
    const view = viewOf(this.#d.store, cluster, { sealer: this.#d.sealer, caPem: await this.#d.caPem(), clock: this.#d.clock, host: firstHeader(req.headers, 'host') });
    if (req.method === 'POST' && rest === '/authenticate') return this.#tokenReview(cluster, view, req.body, undefined);
    const auth = firstHeader(req.headers, 'authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    if (token === undefined) return jsonResponse(401, UNAUTHORIZED);
    let caller: TokenCaller | ServiceAccountCaller;
    if (isServiceAccountToken(token)) {
      const account = await this.#d.kubernetes.serviceAccountUser(view, token);
      if (account.mapped === undefined) return jsonResponse(401, UNAUTHORIZED);
      caller = { serviceAccountUser: account.mapped };
    } else {
      const verdict = await verifyTokenCaller(this.#d.endpoint, token, cluster.name, this.#d.clock(), this.#d.selfHosts);
      if (!verdict.ok) return jsonResponse(401, UNAUTHORIZED);
      caller = verdict.caller;
    }
    const review = /^\/apis\/authentication\.k8s\.io\/(v1|v1beta1)\/tokenreviews$/.exec(rest);
    if (req.method === 'POST' && review !== null) {
      // Creating a TokenReview needs a mapped caller, as any other request.
      if (!('serviceAccountUser' in caller) && (await this.#d.kubernetes.mapIdentity(view, caller)).mapped === undefined) return jsonResponse(401, UNAUTHORIZED);
      return this.#tokenReview(cluster, view, req.body, review[1]);
    }
    const answer = await this.#d.kubernetes.handleKubernetesRequest(view, caller, { method: req.method, path: rest, query: new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1)), headers: req.headers, body: req.body });
    return { status: answer.status, headers: answer.headers, body: answer.body };
  }

  /**
   * A projected service-account token, as `kubectl create token -o json` prints it (a
   * TokenRequest), for a SigV4-signed caller (service `eks`, the cluster's region) whom the
   * policies allow `eks:AccessKubernetesApi` on the cluster.
   */
  async #tokenApi(req: EksHttpRequest): Promise<EncodedResponse> {
    const fail = (status: number, code: string, message: string): EncodedResponse => jsonResponse(status, { error: { code, message } });
    if (req.method !== 'POST') return fail(405, 'MethodNotAllowed', 'POST a JSON body {clusterName, namespace, serviceAccount[, audience][, expirationSeconds]}');
    let input: { clusterName?: unknown; namespace?: unknown; serviceAccount?: unknown; audience?: unknown; expirationSeconds?: unknown; pod?: unknown };
    try {
      input = JSON.parse(req.body.toString('utf8')) as typeof input;
    } catch {
      return fail(400, 'InvalidRequest', 'the body is not JSON');
    }
    const { clusterName, namespace, serviceAccount, audience, expirationSeconds, pod } = input;
    if (typeof clusterName !== 'string' || typeof namespace !== 'string' || typeof serviceAccount !== 'string' || namespace === '' || serviceAccount === '') {
      return fail(400, 'InvalidRequest', 'clusterName, namespace and serviceAccount are required strings');
    }
    if ((audience !== undefined && typeof audience !== 'string') || (expirationSeconds !== undefined && (typeof expirationSeconds !== 'number' || !Number.isInteger(expirationSeconds)))) {
      return fail(400, 'InvalidRequest', 'audience is a string and expirationSeconds an integer');
    }
    if (pod !== undefined && (typeof pod !== 'string' || pod === '')) return fail(400, 'InvalidRequest', 'pod is the name of a pod of the namespace');
    let allowed: { region: string; caller: { accountId: string } };
    try {
      allowed = await this.#d.endpoint.authorizeOwnApi(
        { method: req.method, url: req.url, headers: req.headers, body: req.body, remoteAddress: req.remoteAddress ?? '127.0.0.1', secure: req.secure ?? false },
        'eks',
        (ctx) => ({ action: 'eks:AccessKubernetesApi', resource: `arn:aws:eks:${ctx.region}:${ctx.accountId}:cluster/${clusterName}` }),
      );
    } catch (err) {
      if (err instanceof AwsError) return fail(err.httpStatus, err.code === 'AccessDenied' ? 'AccessDeniedException' : err.code, err.message);
      throw err;
    }
    const cluster = await this.#d.store.read.eksClusters.getByName(allowed.caller.accountId, clusterName, allowed.region);
    if (cluster === undefined || cluster.name !== clusterName) return fail(404, 'ResourceNotFoundException', `No cluster found for name: ${clusterName}.`);
    const now = this.#d.clock();
    const seconds = (expirationSeconds) ?? DEFAULT_TOKEN_SECONDS;
    let token: string;
    try {
      // The token names the loaded service account's (and pod's) UID, as kube-apiserver's do, so the
      // cluster accepts it only while they exist. Unlike kube-apiserver (404), Gatehouse also mints
      // for a service account not loaded yet, so IRSA tokens can be made before the manifests are.
      const view = viewOf(this.#d.store, cluster, { sealer: this.#d.sealer, caPem: '', clock: this.#d.clock });
      const serviceAccountUid = await this.#d.kubernetes.objectUid(view, 'ServiceAccount', namespace, serviceAccount);
      const podUid = pod !== undefined ? await this.#d.kubernetes.objectUid(view, 'Pod', namespace, pod) : undefined;
      token = await mintServiceAccountToken(cluster, this.#d.sealer, now, {
        namespace,
        serviceAccount,
        ...(serviceAccountUid !== undefined ? { serviceAccountUid } : {}),
        ...(audience !== undefined ? { audience: audience } : {}),
        ...(pod !== undefined ? { podName: pod } : {}),
        ...(podUid !== undefined ? { podUid } : {}),
        expirationSeconds: seconds,
      });
    } catch (err) {
      if (err instanceof TokenRequestError) return fail(400, 'InvalidRequest', err.message);
      throw err;
    }
    // For a token given EKS's extended expiry the status still shows the lifetime asked for, as
    // kube-apiserver's does, so that a client refreshes it then.
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + Math.min(seconds, MAX_TOKEN_SECONDS) * 1000);
    return jsonResponse(200, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: serviceAccount, namespace, creationTimestamp: null },
      spec: { audiences: [audience ?? API_SERVER_AUDIENCE], expirationSeconds: seconds, boundObjectRef: pod !== undefined ? { kind: 'Pod', apiVersion: 'v1', name: pod } : null },
      status: { token, expirationTimestamp: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    });
  }

  /** The Kubernetes user a token is, or why it is none. */
  async #authenticate(cluster: EksClusterRecord, view: ClusterView, token: string): Promise<KubernetesUser | { reason: string }> {
    if (isServiceAccountToken(token)) {
      const account = await this.#d.kubernetes.serviceAccountUser(view, token);
      return account.mapped ?? { reason: account.reason };
    }
    const verdict = await verifyTokenCaller(this.#d.endpoint, token, cluster.name, this.#d.clock(), this.#d.selfHosts);
    if (!verdict.ok) return { reason: verdict.reason };
    const mapping = await this.#d.kubernetes.mapIdentity(view, verdict.caller);
    return mapping.mapped ?? { reason: mapping.reason };
  }

  async #tokenReview(cluster: EksClusterRecord, view: ClusterView, body: Buffer, pathVersion: string | undefined): Promise<EncodedResponse> {
    let parsed: { apiVersion?: unknown; spec?: { token?: unknown; audiences?: unknown } };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      return jsonResponse(400, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the request body is not a TokenReview', reason: 'BadRequest', code: 400 });
    }
    const apiVersion = pathVersion !== undefined ? `authentication.k8s.io/${pathVersion}` : typeof parsed.apiVersion === 'string' ? parsed.apiVersion : 'authentication.k8s.io/v1beta1';
    const token = typeof parsed.spec?.token === 'string' ? parsed.spec.token : '';
    const identity = await this.#authenticate(cluster, view, token);
    const status =
      'username' in identity
        ? { authenticated: true, user: { username: identity.username, uid: identity.uid, groups: identity.groups, extra: identity.extra } }
        : { authenticated: false, user: {}, error: identity.reason };
    return jsonResponse(pathVersion !== undefined ? 201 : 200, { apiVersion, kind: 'TokenReview', metadata: { creationTimestamp: null }, spec: {}, status });
  }
}

export type { TokenCaller };
