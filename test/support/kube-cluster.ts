/**
 * A small stand-in for an EKS cluster's HTTPS endpoint in tests: a `ClusterView` filled in memory,
 * an HTTPS server with a certificate from Gatehouse's CertificateAuthority that maps bearer tokens
 * to test callers (as the cluster endpoint maps verified `k8s-aws-v1.` tokens), and a kubeconfig
 * for the real kubectl.
 */
import { createServer, type Server } from 'node:https';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CertificateAuthority } from '../../src/server/tls/certificate-authority.js';
import type { AccessEntry, AccessEntryWithPolicies, AssociatedAccessPolicy, Cluster, ClusterView, PodIdentityAssociation, ServiceAccountTokenRequest, VerifiedCaller } from '../../src/kubernetes/cluster-view.js';
import type { KubernetesObjectStore } from '../../src/kubernetes/object-store.js';
import { mapIdentity } from '../../src/kubernetes/authenticate.js';
import { handleKubernetesRequest } from '../../src/kubernetes/api-server.js';

export const KUBECTL = '/usr/bin/kubectl';

/** A cluster as a test writes it: the members it cares about; the rest are filled in. */
export type TestCluster = Partial<Omit<Cluster, 'accessConfig'>> & { readonly accessConfig?: Partial<Cluster['accessConfig']> };
export type TestAccessPolicy = Partial<Omit<AssociatedAccessPolicy, 'accessScope'>> & { readonly policyArn: string; readonly accessScope: { readonly type: 'cluster' | 'namespace'; readonly namespaces?: readonly string[] } };
export type TestAccessEntry = Partial<Omit<AccessEntry, 'principalArn'>> & { readonly principalArn: string; readonly associatedAccessPolicies: readonly TestAccessPolicy[] };
export type TestPodIdentityAssociation = Partial<PodIdentityAssociation> & { readonly namespace: string; readonly serviceAccount: string; readonly roleArn: string };

const EPOCH = new Date('2026-01-01T00:00:00Z');

export class TestClusterView implements ClusterView {
  readonly accountId: string;
  readonly region: string;
  #cluster: Cluster;
  creatorArn: string | undefined = undefined;
  entries: TestAccessEntry[] = [];
  associations: TestPodIdentityAssociation[] = [];
  readonly tokensIssued: ServiceAccountTokenRequest[] = [];

  constructor(o: { accountId?: string; region?: string; cluster?: TestCluster } = {}) {
    this.accountId = o.accountId ?? '123456789012';
    this.region = o.region ?? 'us-east-1';
    this.#cluster = this.#fill(o.cluster ?? {});
  }

  get cluster(): Cluster {
    return this.#cluster;
  }

  set cluster(c: TestCluster) {
    this.#cluster = this.#fill(c);
  }

  #fill(c: TestCluster): Cluster {
    const name = c.name ?? 'dev';
    return {
      name,
      arn: `arn:aws:eks:${this.region}:${this.accountId}:cluster/${name}`,
      createdAt: EPOCH,
      version: '1.31',
      endpoint: 'https://127.0.0.1',
      roleArn: `arn:aws:iam::${this.accountId}:role/eks-cluster`,
      identity: { oidc: { issuer: `https://oidc.eks.${this.region}.amazonaws.com/id/00000000000000000000000000000000` } },
      certificateAuthority: { data: '' },
      status: 'ACTIVE',
      tags: {},
      ...c,
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: false, ...(c.accessConfig ?? {}) },
    };
  }

  accessEntries(): Promise<readonly AccessEntryWithPolicies[]> {
    const name = this.#cluster.name;
    return Promise.resolve(
      this.entries.map((e) => ({
        clusterName: name,
        kubernetesGroups: [],
        accessEntryArn: `arn:aws:eks:${this.region}:${this.accountId}:access-entry/${name}/test/${this.accountId}/x`,
        createdAt: EPOCH,
        modifiedAt: EPOCH,
        tags: {},
        username: e.principalArn,
        type: 'STANDARD',
        ...e,
        associatedAccessPolicies: e.associatedAccessPolicies.map((p) => ({ associatedAt: EPOCH, modifiedAt: EPOCH, ...p, accessScope: { namespaces: [], ...p.accessScope } })),
      })),
    );
  }

  podIdentityAssociations(): Promise<readonly PodIdentityAssociation[]> {
    const name = this.#cluster.name;
    return Promise.resolve(
      this.associations.map((a, i) => ({
        clusterName: name,
        associationArn: `arn:aws:eks:${this.region}:${this.accountId}:podidentityassociation/${name}/a-${i}`,
        associationId: `a-${i}`,
        tags: {},
        createdAt: EPOCH,
        modifiedAt: EPOCH,
        disableSessionTags: false,
        ...a,
      })),
    );
  }

  serviceAccountToken(o: ServiceAccountTokenRequest): Promise<string> {
    this.tokensIssued.push(o);
    const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    return Promise.resolve(`${b64({ alg: 'none' })}.${b64({ sub: `system:serviceaccount:${o.namespace}:${o.serviceAccount}`, aud: [o.audience] })}.`);
  }

  /** The stand-in signs nothing it could verify: every token is refused. */
  verifyServiceAccountToken(): Promise<{ readonly reason: string }> {
    return Promise.resolve({ reason: 'this test cluster has no issuer key' });
  }
}

export function caller(arn: string, o: Partial<VerifiedCaller> = {}): VerifiedCaller {
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  const account = /::(\d{12}):/.exec(arn)?.[1] ?? '123456789012';
  return {
    arn,
    canonicalArn: m !== null ? `arn:aws:iam::${account}:role/${m[2] ?? ''}` : arn,
    accountId: account,
    userId: m !== null ? `AROAEXAMPLEROLEID0001:${m[3] ?? ''}` : 'AIDAEXAMPLEUSERID0001',
    ...(m !== null ? { sessionName: m[3] } : {}),
    accessKeyId: m !== null ? 'ASIAEXAMPLEKEY000001' : 'AKIAEXAMPLEKEY000001',
    ...o,
  };
}

export interface TestApiServer {
  readonly url: string;
  readonly caPem: string;
  /** Writes a kubeconfig for this server with the bearer token and returns its path. */
  kubeconfig(token: string): string;
  /** Runs kubectl with the kubeconfig of `token`. */
  kubectl(token: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/** Starts an HTTPS cluster endpoint: `tokens` maps bearer tokens to callers. */
export async function startTestApiServer(view: ClusterView, objects: KubernetesObjectStore, tokens: Readonly<Record<string, VerifiedCaller>>): Promise<TestApiServer> {
  const ca = await CertificateAuthority.generate();
  const leaf = await ca.certificateFor(['127.0.0.1']);
  const server: Server = createServer({ key: leaf.keyPem, cert: leaf.chainPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const auth = req.headers.authorization ?? '';
        const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
        const who = tokens[token];
        const mapping = who !== undefined ? await mapIdentity(view, objects, who) : undefined;
        const url = new URL(req.url ?? '/', 'https://127.0.0.1');
        const answer = await handleKubernetesRequest(
          view,
          objects,
          mapping?.mapped !== undefined ? { user: mapping.mapped, source: mapping.source } : undefined,
          { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: {}, body: Buffer.concat(chunks).toString('utf8') },
        );
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })().catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((go) => server.listen(0, '127.0.0.1', go));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kubectl-'));
  const kubeconfig = (token: string): string => {
    const file = join(dir, `kubeconfig-${Buffer.from(token).toString('hex')}`);
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'dev', cluster: { server: url, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') } }],
        users: [{ name: 'u', user: { token } }],
        contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'u', namespace: 'default' } }],
        'current-context': 'dev',
      }),
    );
    return file;
  };
  return {
    url,
    caPem: ca.certPem,
    kubeconfig,
    kubectl: (token, args) =>
      new Promise((go) => {
        execFile(
          KUBECTL,
          [...args, '--cache-dir', join(dir, `cache-${Buffer.from(token).toString('hex')}`), '--request-timeout', '20s'],
          { env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig(token) }, timeout: 60_000 },
          (err, stdout, stderr) => go({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr }),
        );
      }),
    close: () => new Promise<void>((go) => server.close(() => go())),
  };
}
