/**
 * `gatehouse serve`: one HTTP port for every service Gatehouse has, over one store.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openStore, withReadCache } from '../state/index.js';
import type { Store } from '../state/store.js';
import { operationTable } from '../services/operation.js';
import { iamOperations } from '../services/iam/index.js';
import { stsOperations } from '../services/sts/index.js';
import { awsManagedPolicy, awsManagedPolicies } from '../services/iam/aws-managed-policies.js';
import { lookupEventsOperation } from '../services/cloudtrail/lookup-events.js';
import { OrganizationPolicies, organizationsOperations } from '../services/organizations/index.js';
import { eksAuthOperations, eksOperations } from '../services/eks/index.js';
import { AwsEndpoint } from './aws-endpoint.js';
import { HttpServer, type HttpRequest, type Refusal } from './http/http-server.js';
import { AwsError, awsErrors } from '../aws/aws-error.js';
import type { EncodedResponse } from '../aws/encoded-response.js';
import { newRequestId } from '../aws/request-id.js';
import { AuditWriter } from './audit-writer.js';
import { KeyUseRecorder } from './key-use-recorder.js';
import { PrincipalDirectory } from './principal-directory.js';
import { serviceRegistry } from './service-registry.js';
import { bootstrap } from './bootstrap.js';
import { sessionKeyFrom, sessionSealer } from '../services/sts/session-token.js';
import { clientAddress } from './global-condition-keys.js';
import { credentialsPath, writeMemberRootCredentials, type StaticCredentials } from './credentials-file.js';
import { CompiledPolicyCache } from './policy-cache.js';
import { DEFAULT_MAX_BODY_MEMORY, DEFAULT_MAX_CONNECTIONS, MAX_BODY_BYTES } from './serve-defaults.js';
import { loadSealingKey } from './sealing-key.js';
import { secretSealer } from '../state/secret-sealer.js';
import { caCertPath, caKeyPath, openCertificateAuthority } from './tls/ca-files.js';
import { openCertificateAuthorityInWorker } from './tls/ca-worker.js';
import type { CertificateAuthority } from './tls/certificate-authority.js';
import { IssuerKeyCache, type IssuerKeyCacheOptions } from './oidc/issuer-key-cache.js';
import { HttpsProxy, type OtherHostsPolicy, type SelfAddress } from './proxy/https-proxy.js';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { IssuedCertificate } from './tls/certificate-authority.js';
import { EksHttp } from './eks/cluster-endpoint.js';
import { storedKubernetesSide, type KubernetesSide } from './eks/kubernetes-side.js';
import { podIdentityAgent } from './eks/pod-identity-agent.js';
import { gatehouseServedIssuer } from './eks/served-issuer.js';
import { clusterView } from '../services/eks/cluster-view.js';
import { firstHeader } from './http/header-map.js';
import type { K8sApi } from '../kubernetes/gatehouse-api.js';
import type { ClusterDirectory } from '../kubernetes/cluster-directory.js';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** `postgres://…` for PostgreSQL; undefined for the embedded SQLite store in the data directory. */
  readonly storeUrl: string | undefined;
  readonly accountId: string;
  readonly region: string;
  readonly propagationDelayMs: number;
  readonly rootCredentials: StaticCredentials | undefined;
  /** Open connections served at once (default `DEFAULT_MAX_CONNECTIONS`). */
  readonly maxConnections?: number;
  /** Bytes of request bodies held at once across all connections (default `DEFAULT_MAX_BODY_MEMORY`). */
  readonly maxBodyMemoryBytes?: number;
  /** What the HTTPS proxy does with hosts that are not AWS's (default `refuse`). */
  readonly proxyOtherHosts?: OtherHostsPolicy;
  /** Told of each proxy request refused because its host is not AWS's (`host:port`). */
  readonly onProxyRefused?: (target: string) => void;
  /** From a `CONNECT` to the end of the TLS handshake inside its tunnel (default 10 s). */
  readonly proxyHandshakeTimeoutMs?: number;
  readonly clock?: () => Date;
  /**
   * How AssumeRoleWithWebIdentity reaches OIDC issuers: CA certificates (PEM) trusted besides the
   * system's, and the per-fetch time and size limits.
   */
  readonly identityProviders?: IssuerKeyCacheOptions;
  /** The Kubernetes side behind each EKS cluster's endpoint (default: the cluster objects in the store). */
  readonly kubernetes?: KubernetesSide;
  /** Finds an EKS cluster's view by (account, region, name) for the cluster-object API (default: the EKS service's clusters). */
  readonly clusters?: ClusterDirectory;
}

export { DEFAULT_ACCOUNT_ID, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REGION } from './serve-defaults.js';
/** How long after start-up the AWS managed policies' index is read. */
const AWS_MANAGED_POLICY_WARM_UP_MS = 250;

export interface RunningGatehouse {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly credentialsFile: string;
  readonly rootAccessKeyIdCreated: string | undefined;
  /** Gatehouse's certificate authority (from the data directory). */
  readonly ca: CertificateAuthority;
  /** `<data>/ca.pem`: the bundle clients trust (AWS_CA_BUNDLE). */
  readonly caFile: string;
  close(): Promise<void>;
}

export async function startGatehouse(o: ServeOptions): Promise<RunningGatehouse> {
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const clock = o.clock ?? (() => new Date());
  // Before the store: a data directory whose authority cannot be used stops the start with nothing
  // open. A new data directory's authority is made in a worker thread once the server listens:
  // making one loads the certificate-building code, which answering AWS requests does not need.
  const caThere = existsSync(caCertPath(dataDir)) || existsSync(caKeyPath(dataDir));
  const existingCa = caThere ? await openCertificateAuthority(dataDir, { clock }) : undefined;
  const store = withReadCache(await openStore(o.storeUrl, dataDir));
  const boot = await bootstrap(store, { accountId: o.accountId, region: o.region, dataDir, rootCredentials: o.rootCredentials, now: clock() });
  // One key, kept outside the store, seals secrets at rest (MFA seeds) and, through a key derived
  // from it, session tokens and encoded authorization messages.
  const sealingKey = loadSealingKey(dataDir);
  const sealer = secretSealer(sealingKey);
  const sessions = sessionSealer(sessionKeyFrom(sealingKey));
  const directory = new PrincipalDirectory(store, {
    propagationDelayMs: o.propagationDelayMs,
    awsManagedPolicy: (arn) => (awsManagedPolicy(arn) === undefined ? undefined : awsManagedPolicies().defaultVersion(arn)?.Document),
    sessions,
  });
  const organizationCompiled = new CompiledPolicyCache();
  const organizations = new OrganizationPolicies(store, {
    propagationDelayMs: o.propagationDelayMs,
    compile: (kind, id, text) => organizationCompiled.get(kind, id, text),
  });
  const audit = new AuditWriter(store);
  const keyUse = new KeyUseRecorder(store);
  const services = serviceRegistry({
    // STS: the global endpoint is signed for us-east-1, regional ones for their region; on the
    // plain endpoint any region is taken (see expectedSigningRegion).
    sts: { operations: stsOperations, signingRegion: undefined },
    // IAM names the resource `*` in its access-denied messages too (recorded).
    iam: { operations: iamOperations, signingRegion: 'us-east-1', messageStyle: { namesAnyResource: true } },
    cloudtrail: { operations: operationTable([lookupEventsOperation(() => audit.flush())]), signingRegion: undefined },
    // A global service, signed for us-east-1 like IAM.
    organizations: {
      operations: organizationsOperations({ saveRootCredentials: (accountId, creds) => writeMemberRootCredentials(dataDir, accountId, creds, o.region) }),
      signingRegion: 'us-east-1',
    },
    // Regional: each request acts in the region it is signed for. EKS words its denials without
    // saying which policy type denied (security_iam_troubleshoot.md).
    eks: { operations: eksOperations({ caPem: () => caReady.then((ca) => ca.certPem) }), signingRegion: undefined, messageStyle: { omitsReason: true } },
    'eks-auth': { operations: eksAuthOperations, signingRegion: undefined },
  });
  let makeCa: (() => void) | undefined;
  const caReady: Promise<CertificateAuthority> =
    existingCa !== undefined ? Promise.resolve(existingCa) : new Promise<void>((go) => (makeCa = go)).then(() => openCertificateAuthorityInWorker(dataDir, { clock }));
  caReady.catch(() => undefined); // awaited once the server listens
  // The EKS clusters' issuers are Gatehouse's own: STS reads their documents in process, and checks
  // the thumbprints against the certificate a client fetching them would be shown.
  const issuerKeys = new IssuerKeyCache({ ...o.identityProviders, served: gatehouseServedIssuer(store, sealer, () => caReady) });
  const endpoint = new AwsEndpoint({ store, sealer, directory, organizations, audit, keyUse, services, sessions, clock, issuerKeys });
  const proxy = new HttpsProxy({ ca: caReady, otherHosts: o.proxyOtherHosts ?? 'refuse', onRefused: o.onProxyRefused, handshakeTimeoutMs: o.proxyHandshakeTimeoutMs });
  const self: { address: SelfAddress } = { address: { host: o.host, port: o.port } };

  // The cluster-object API (and the YAML parser it needs) loads on its first request.
  let k8sApi: Promise<K8sApi> | undefined;
  const k8s = (): Promise<K8sApi> =>
    (k8sApi ??= import('../kubernetes/gatehouse-api.js').then(
      (api) =>
        new api.K8sApi({
          store,
          clusters: o.clusters ?? (async (s, accountId, region, name) => clusterView(s, accountId, region, name, { sealer, caPem: (await caReady).certPem, clock })),
          clock,
          authorize: (req, need) => endpoint.authorizeSigned(req, 'eks', need),
          podIdentityCredentials: podIdentityAgent({ store, sealer, policies: directory, sessions, clock }),
        }),
    ));
  const eks = new EksHttp({
    store,
    sealer,
    endpoint,
    caPem: () => caReady.then((ca) => ca.certPem),
    clock,
    kubernetes: o.kubernetes ?? storedKubernetesSide(store, clock),
    selfHosts: (host) => isSelfHost(host, self.address),
  });
  // TLS on the main port (cluster endpoints, OIDC issuers, any AWS request): a certificate from
  // Gatehouse's authority for the name asked for, else for the listening address.
  const contexts = new WeakMap<IssuedCertificate, SecureContext>();
  const tls = async (servername: string | undefined): Promise<SecureContext> => {
    const ca = await caReady;
    const names = servername !== undefined ? [servername] : defaultTlsNames(o.host);
    const leaf = await ca.certificateFor(names);
    let context = contexts.get(leaf);
    if (context === undefined) {
      context = createSecureContext({ cert: leaf.certPem, key: leaf.keyPem, minVersion: 'TLSv1.2' });
      contexts.set(leaf, context);
    }
    return context;
  };

  const server = new HttpServer((req) => serve(req, endpoint, store, proxy, self.address, eks, k8s), {
    tls,
    maxBodyBytes: MAX_BODY_BYTES,
    headersTimeoutMs: 30_000,
    requestTimeoutMs: 120_000,
    keepAliveTimeoutMs: 65_000,
    maxConnections: o.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxBufferedBodyBytes: o.maxBodyMemoryBytes ?? DEFAULT_MAX_BODY_MEMORY,
    refusal: (reason, head) => endpoint.refuse(head, refusalError(reason)),
    connect: proxy.connect,
  });
  const port = await server.listen(o.port, o.host);
  const closeAll = async (): Promise<void> => {
    clearTimeout(warmUp);
    await server.close();
    directory.close();
    organizations.close();
    await audit.flush();
    await keyUse.flush();
    await store.close();
  };
  // The AWS managed policies' index is read shortly after start-up rather than during it (start-up
  // reads nothing) or on the first request that needs it (which would wait for it): documents are
  // still inflated one by one when first asked for.
  const warmUp = setTimeout(() => awsManagedPolicies(), AWS_MANAGED_POLICY_WARM_UP_MS);
  warmUp.unref();
  makeCa?.();
  let ca: CertificateAuthority;
  try {
    ca = await caReady;
  } catch (err) {
    await closeAll();
    throw err;
  }
  self.address = { host: o.host, port };
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  return {
    url,
    port,
    store,
    credentialsFile: credentialsPath(dataDir),
    rootAccessKeyIdCreated: boot.rootAccessKeyId,
    ca,
    caFile: caCertPath(dataDir),
    close: closeAll,
  };
}

/** The names a certificate for the listening address carries (clients that send no server name). */
function defaultTlsNames(host: string): string[] {
  const names = ['127.0.0.1', 'localhost'];
  if (host !== '0.0.0.0' && host !== '::' && !names.includes(host)) names.unshift(host);
  return names;
}

function isSelfHost(host: string, self: SelfAddress): boolean {
  const m = /^(.*?)(?::(\d+))?$/.exec(host);
  const name = (m?.[1] ?? '').replace(/^\[|\]$/g, '');
  const port = m?.[2] !== undefined ? Number(m[2]) : undefined;
  return port === self.port && (name === self.host || name === 'localhost' || name.startsWith('127.') || name === '::1');
}

/** Whether a request is for EKS's HTTP side (a cluster endpoint or an OIDC issuer), by path or Host. */
function isEksHttp(url: string, host: string | undefined): boolean {
  return url.startsWith('/_gatehouse/eks/') || (host !== undefined && host.includes('.eks.') && !host.startsWith('eks.'));
}

/** Gatehouse's cluster-object API and pod identity webhook (`/_gatehouse/k8s/…`). */
const K8S_API_PREFIX = '/_gatehouse/k8s/';

async function serve(received: HttpRequest, endpoint: AwsEndpoint, store: Store, proxy: HttpsProxy, self: SelfAddress, eks: EksHttp, k8s: () => Promise<K8sApi>): Promise<EncodedResponse> {
  // A plain-HTTP proxy request (absolute form) is served for its AWS host, or answered by the proxy.
  const req = proxy.plainRequest(received, self);
  if (!('method' in req)) return req;
  const url = req.url;
  if (url === '/_gatehouse/health' || url.startsWith('/_gatehouse/health?')) {
    const body = JSON.stringify({ status: 'ok', store: store.backend, revision: store.revision() });
    return { status: 200, headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': newRequestId() }, body };
  }
  if (url.startsWith(K8S_API_PREFIX)) {
    return (await k8s()).handle({ method: req.method, url, headers: req.headers, body: req.body, remoteAddress: clientAddress(req.remoteAddress), secure: req.tls !== undefined, tls: req.tls });
  }
  if (isEksHttp(url, firstHeader(req.headers, 'host'))) {
    const answer = await eks.serve({ method: req.method, url, headers: req.headers, body: req.body, remoteAddress: clientAddress(req.remoteAddress), secure: req.tls !== undefined });
    if (answer !== undefined) return answer;
  }
  return endpoint.handle({
    method: req.method,
    url,
    headers: req.headers,
    body: req.body,
    remoteAddress: clientAddress(req.remoteAddress),
    secure: req.tls !== undefined,
    tls: req.tls,
  });
}

/**
 * Why a request was refused before it was read, as an AWS error. AWS's exact answers for an
 * oversized or over-fragmented request body are not known; the server's limits are answered with
 * AWS's throttling error, which clients retry after backing off.
 */
function refusalError(reason: Refusal): AwsError {
  switch (reason) {
    case 'tooLarge':
      return new AwsError('RequestEntityTooLarge', 'Request body too large', 413);
    case 'fragmented':
      return new AwsError('InvalidRequest', 'Request body is split into too many chunks', 400);
    case 'busy':
    case 'connections':
      return awsErrors.throttling();
  }
}
