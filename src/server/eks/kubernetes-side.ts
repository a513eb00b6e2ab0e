/**
 * What the cluster endpoint asks of Gatehouse's Kubernetes side: map a verified AWS caller to a
 * Kubernetes user (aws-auth ConfigMap and access entries, by authentication mode), and answer
 * Kubernetes API requests for that user. `placeholderKubernetesSide` answers with access entries
 * alone (no ConfigMap, no RBAC): discovery, `/version` and SelfSubjectReview, enough for
 * `kubectl auth whoami`; the full side replaces it.
 */
import type { ClusterView } from '../../services/eks/cluster-view.js';
import type { TokenCaller } from './token-caller.js';

export interface KubernetesUser {
  readonly username: string;
  readonly uid: string;
  readonly groups: string[];
  readonly extra: Record<string, string[]>;
}

export type Mapping = { readonly mapped: KubernetesUser } | { readonly mapped: undefined; readonly reason: string };

export interface KubernetesRequest {
  readonly method: string;
  /** The path under the cluster's endpoint, from `/`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Buffer;
}

export interface KubernetesResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface KubernetesSide {
  mapIdentity(view: ClusterView, caller: TokenCaller): Promise<Mapping>;
  handleKubernetesRequest(view: ClusterView, identity: KubernetesUser, req: KubernetesRequest): Promise<KubernetesResponse>;
}

/** aws-iam-authenticator's user fields for a caller: uid `aws-iam-authenticator:<account>:<userid>` and the extra keys it sets. */
export function authenticatorUser(caller: TokenCaller, username: string, groups: readonly string[]): KubernetesUser {
  return {
    username,
    uid: `aws-iam-authenticator:${caller.accountId}:${caller.userId}`,
    groups: [...groups],
    extra: {
      accessKeyId: [caller.accessKeyId],
      arn: [caller.arn],
      canonicalArn: [caller.canonicalArn],
      principalId: [caller.userId],
      ...(caller.sessionName !== undefined ? { sessionName: [caller.sessionName] } : {}),
    },
  };
}

/** `{{SessionName}}`, `{{AccountID}}`, `{{SessionNameRaw}}` and `{{EC2PrivateDNSName}}` filled in. */
export function renderUsername(template: string, caller: TokenCaller): string {
  const session = caller.sessionName ?? '';
  return template
    .replaceAll('{{AccountID}}', caller.accountId)
    .replaceAll('{{SessionNameRaw}}', session)
    .replaceAll('{{SessionName}}', session.replaceAll('@', '-'))
    .replaceAll('{{EC2PrivateDNSName}}', session);
}

function json(status: number, body: unknown): KubernetesResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export const placeholderKubernetesSide: KubernetesSide = {
  async mapIdentity(view, caller) {
    if (view.cluster.accessConfig.authenticationMode !== 'CONFIG_MAP') {
      const entry = (await view.accessEntries()).find((e) => e.principalArn === caller.canonicalArn || e.principalArn.replace(/:role\/.*\//, ':role/') === caller.canonicalArn);
      if (entry !== undefined) return { mapped: authenticatorUser(caller, renderUsername(entry.username, caller), entry.kubernetesGroups) };
    }
    if (view.cluster.accessConfig.authenticationMode !== 'API' && view.cluster.accessConfig.bootstrapClusterCreatorAdminPermissions && view.creatorArn !== undefined && view.creatorArn.replace(/:role\/.*\//, ':role/') === caller.canonicalArn) {
      return { mapped: authenticatorUser(caller, renderUsername(caller.arn, caller), ['system:masters']) };
    }
    return { mapped: undefined, reason: `ARN is not mapped: ${caller.canonicalArn}` };
  },
  handleKubernetesRequest(view, identity, req) {
    if (req.method === 'GET' && req.path === '/version') return Promise.resolve(json(200, { major: view.cluster.version.split('.')[0], minor: view.cluster.version.split('.')[1], gitVersion: `v${view.cluster.version}.0-eks`, platform: 'linux/amd64' }));
    if (req.method === 'GET' && req.path === '/api') return Promise.resolve(json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }));
    if (req.method === 'GET' && req.path === '/apis')
      return Promise.resolve(
        json(200, {
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: [{ name: 'authentication.k8s.io', versions: [{ groupVersion: 'authentication.k8s.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'authentication.k8s.io/v1', version: 'v1' } }],
        }),
      );
    const review = /^\/apis\/authentication\.k8s\.io\/(v1|v1beta1)\/selfsubjectreviews$/.exec(req.path);
    if (req.method === 'POST' && review !== null) {
      return Promise.resolve(
        json(201, {
          kind: 'SelfSubjectReview',
          apiVersion: `authentication.k8s.io/${review[1]}`,
          metadata: { creationTimestamp: null },
          status: { userInfo: { username: identity.username, uid: identity.uid, groups: [...identity.groups, 'system:authenticated'], extra: identity.extra } },
        }),
      );
    }
    return Promise.resolve(json(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }));
  },
};
