/**
 * `gatehouse doctor irsa` and `gatehouse doctor aws-auth`: the EKS checklists, against a running
 * Gatehouse (`--endpoint`: AWS APIs through the SDK, the cluster's objects through Gatehouse's
 * Kubernetes API) or a real account (`--aws` / `--profile`: AWS APIs only; what needs the cluster's
 * objects is a gap naming the kubectl command to run). Read-only calls only; `--explain-calls`
 * lists them and makes none.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { AccountReader } from '../doctor/account-reader.js';
import { IRSA_PLANNED_CALLS, IRSA_STEPS, formatIrsaReport, runIrsaChecklist, type IrsaReport, type KubeReader, type KubeObjectLike } from '../doctor/irsa.js';
import { AWS_AUTH_PLANNED_CALLS, formatAwsAuthReport, runAwsAuthCheck, type AwsAuthKube, type AwsAuthReport, type WhoamiAnswer } from '../doctor/aws-auth.js';
import { topCertificateThumbprint } from '../server/oidc/idp-https-fetch.js';
import type { DoctorOptions } from './doctor-command.js';

export interface DoctorK8sOptions extends DoctorOptions {
  readonly cluster?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly sdk?: string;
  readonly sdkVersion?: string;
}

export class DoctorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DoctorUsageError';
  }
}

interface Target {
  readonly reader: AccountReader;
  readonly kube: (KubeReader & AwsAuthKube) | undefined;
  readonly gatehouse: boolean;
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly close: () => void;
}

async function target(o: DoctorK8sOptions, cluster: string): Promise<Target> {
  const [{ sdkSender }, { resolveCredentials, resolveEndpoint, DEFAULT_DATA_DIR }, { k8sCall, GatehouseApiError }] = await Promise.all([
    import('../doctor/sdk-sender.js'),
    import('./client-config.js'),
    import('./k8s-command.js'),
  ]);
  const gatehouse = o.aws !== true && (o.profile === undefined || o.endpoint !== undefined);
  const endpoint = gatehouse ? resolveEndpoint(o.endpoint) : undefined;
  const region = o.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const credentials = o.credentials ?? (gatehouse && o.profile === undefined ? resolveCredentials(o.data ?? DEFAULT_DATA_DIR) : undefined);
  const sender = sdkSender({ endpoint, region, profile: o.profile, credentials });
  const reader = new AccountReader(sender.send);
  let kube: (KubeReader & AwsAuthKube) | undefined;
  if (gatehouse && endpoint !== undefined && credentials !== undefined) {
    const client = { endpoint, credentials, region, cluster };
    const calls: string[] = [];
    kube = {
      calls,
      async objects(resource, namespace, name) {
        calls.push(`GET objects?resource=${resource}${namespace !== undefined ? `&namespace=${namespace}` : ''}${name !== undefined ? `&name=${name}` : ''}`);
        try {
          return (await k8sCall<{ items: KubeObjectLike[] }>(client, 'objects', undefined, { resource, namespace, name })).items;
        } catch (err) {
          if (err instanceof GatehouseApiError && err.code === 'NotFound') return [];
          throw err;
        }
      },
      async admit(pod, manifests, namespace, clusterVersion) {
        const { admitPod } = await import('../kubernetes/admission.js');
        // The manifest's own objects count first, as if applied with the pod.
        const local = (kind: string, ns: string, name: string): KubeObjectLike | undefined =>
          manifests.find((m) => m.kind === kind && (m.metadata?.name ?? '') === name && (kind === 'MutatingWebhookConfiguration' || (m.metadata?.namespace ?? namespace) === ns));
        const resources: Record<string, string> = { ServiceAccount: 'serviceaccounts', MutatingWebhookConfiguration: 'mutatingwebhookconfigurations' };
        const objects = {
          async get(kind: string, ns: string, name: string) {
            const found = local(kind, ns, name) ?? (resources[kind] !== undefined ? (await this.objectsOf(resources[kind], kind === 'MutatingWebhookConfiguration' ? undefined : ns, name))[0] : undefined);
            return found as never;
          },
          objectsOf: (resource: string, ns: string | undefined, name: string) => kube!.objects(resource, ns, name),
          list: () => Promise.resolve([]),
          put: () => Promise.reject(new Error('the doctor writes nothing')),
          delete: () => Promise.reject(new Error('the doctor writes nothing')),
        };
        const view = {
          region,
          cluster: { name: cluster, ...(clusterVersion !== undefined ? { version: clusterVersion } : {}) },
          podIdentityAssociations: () => Promise.resolve([]),
        };
        const owner = { group: '', kind: 'Pod', namespace, name: pod.metadata?.name ?? '' };
        const r = await admitPod(pod as never, namespace, objects, view, owner);
        return { webhook: r.webhook, pod: r.pod as unknown as KubeObjectLike };
      },
      async whoami(principal) {
        calls.push('POST whoami');
        return k8sCall<WhoamiAnswer>(client, 'whoami', { principal });
      },
    };
  }
  return { reader, kube, gatehouse, endpoint, region, close: sender.close };
}

/**
 * The SHA-1 thumbprint of the top certificate the issuer's host presents (what the troubleshooting
 * page's openssl command prints): a TLS handshake with the host (Gatehouse serves TLS on its own
 * port and picks the certificate by the name asked for). When the chain stops below its root and
 * the cluster's certificate authority (DescribeCluster's certificateAuthority.data) signed its top
 * — a Gatehouse cluster, whose issuer's certificate comes from Gatehouse's authority — the root is
 * that authority, and its thumbprint is the one to configure.
 */
export function presentedThumbprint(host: string, connectTo: { host: string; port: number }, clusterCaPem?: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((done, fail) => {
    const socket = tlsConnect({ host: connectTo.host, port: connectTo.port, servername: host, rejectUnauthorized: false });
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no TLS answer from ${connectTo.host}:${connectTo.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const leaf = socket.getPeerCertificate(true) as PeerCertificate;
      socket.end();
      const t = leaf !== undefined && Object.keys(leaf).length > 0 ? topCertificateThumbprint(leaf) : undefined;
      if (t === undefined) {
        fail(new Error(`${host} presented no certificate`));
        return;
      }
      done(rootThumbprint(leaf, clusterCaPem) ?? t);
    });
    socket.once('error', (err: Error) => {
      clearTimeout(timer);
      fail(err);
    });
  });
}

/** The cluster authority's thumbprint, when the presented chain's top is not self-issued and that authority signed it. */
function rootThumbprint(leaf: PeerCertificate, clusterCaPem: string | undefined): string | undefined {
  if (clusterCaPem === undefined) return undefined;
  let top: PeerCertificate = leaf;
  for (let depth = 0; depth < 16; depth++) {
    const up = (top as PeerCertificate & { issuerCertificate?: PeerCertificate }).issuerCertificate;
    if (up === undefined || up === null || up === top || up.raw === undefined || up.raw.equals(top.raw)) break;
    top = up;
  }
  try {
    const presented = new X509Certificate(top.raw);
    if (presented.checkIssued(presented)) return undefined;
    const ca = new X509Certificate(clusterCaPem);
    return presented.checkIssued(ca) && presented.verify(ca.publicKey) ? createHash('sha1').update(ca.raw).digest('hex') : undefined;
  } catch {
    return undefined;
  }
}

function required(v: string | undefined, flag: string, command: string): string {
  if (v === undefined || v === '') throw new DoctorUsageError(`gatehouse doctor ${command} needs ${flag}`);
  return v;
}

export async function runDoctorIrsa(o: DoctorK8sOptions): Promise<{ report?: IrsaReport; output: string; ok: boolean }> {
  const cluster = required(o.cluster, '--cluster', 'irsa');
  const namespace = o.namespace ?? 'default';
  const serviceAccount = required(o.serviceAccount, '--service-account', 'irsa');
  if (o.explainCalls === true) {
    const calls = IRSA_STEPS.map(([id, title]) => ({ step: id, title, calls: IRSA_PLANNED_CALLS[id] }));
    const output = o.json === true ? JSON.stringify({ check: 'irsa', readOnlyCalls: calls }, null, 2) : ['The read-only calls of doctor irsa, step by step:', ...calls.map((c) => `  ${c.step}: ${c.calls.join(', ') || 'none'}`)].join('\n');
    return { output, ok: true };
  }
  const t = await target(o, cluster);
  try {
    const pod = o.file !== undefined ? { source: o.file, text: readFileSync(o.file, 'utf8') } : undefined;
    const endpointUrl = t.endpoint !== undefined ? new URL(t.endpoint) : undefined;
    const report = await runIrsaChecklist(
      { cluster, namespace, serviceAccount, ...(pod !== undefined ? { pod } : {}), ...(o.sdk !== undefined ? { sdk: o.sdk } : {}), ...(o.sdkVersion !== undefined ? { sdkVersion: o.sdkVersion } : {}) },
      {
        reader: t.reader,
        kube: t.kube,
        target: t.gatehouse ? 'gatehouse' : 'aws',
        issuerThumbprint: (host, ca) =>
          presentedThumbprint(host, endpointUrl !== undefined ? { host: endpointUrl.hostname, port: Number(endpointUrl.port || (endpointUrl.protocol === 'https:' ? 443 : 80)) } : { host, port: 443 }, ca),
      },
    );
    const withCalls = { ...report, calls: t.reader.calls, kubernetesCalls: t.kube?.calls ?? [] };
    return { report, output: o.json === true ? JSON.stringify(withCalls, null, 2) : formatIrsaReport(report), ok: report.ok };
  } finally {
    t.close();
  }
}

export async function runDoctorAwsAuth(o: DoctorK8sOptions): Promise<{ report?: AwsAuthReport; output: string; ok: boolean }> {
  const cluster = required(o.cluster, '--cluster', 'aws-auth');
  if (o.explainCalls === true) {
    const output = o.json === true ? JSON.stringify({ check: 'aws-auth', readOnlyCalls: AWS_AUTH_PLANNED_CALLS }, null, 2) : ['The read-only calls of doctor aws-auth:', ...AWS_AUTH_PLANNED_CALLS.map((c) => `  ${c}`)].join('\n');
    return { output, ok: true };
  }
  const t = await target(o, cluster);
  try {
    const report = await runAwsAuthCheck(cluster, o.principal, t.reader, t.kube);
    const withCalls = { ...report, calls: t.reader.calls, kubernetesCalls: t.kube?.calls ?? [] };
    return { report, output: o.json === true ? JSON.stringify(withCalls, null, 2) : formatAwsAuthReport(report), ok: report.ok };
  } finally {
    t.close();
  }
}
