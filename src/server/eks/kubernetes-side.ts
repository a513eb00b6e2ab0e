/**
 * What the cluster endpoint asks of Gatehouse's Kubernetes side (`src/kubernetes/`): map a verified
 * AWS caller to a Kubernetes user (the cluster creator, access entries and the aws-auth ConfigMap
 * loaded with `gatehouse k8s apply`, by authentication mode), and answer Kubernetes API requests
 * for that user, authorized by access policies and RBAC. The Kubernetes modules (and the YAML
 * parser they need) load on the first cluster request. What mapping reads of a cluster is kept
 * until the store changes (identity-facts.ts).
 */
import type { Store } from '../../state/store.js';
import type { ClusterView } from '../../services/eks/cluster-view.js';
import type { HeaderMap } from '../http/header-map.js';
import type { TokenCaller } from './token-caller.js';
import { isProtobufBody, reviewFromProtobuf } from '../../kubernetes/protobuf-review.js';

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
  readonly headers: HeaderMap;
  readonly body: Buffer;
}

export interface KubernetesResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A caller the cluster authenticated by a service-account token: already a Kubernetes user. */
export interface ServiceAccountCaller {
  readonly serviceAccountUser: KubernetesUser;
}

export interface KubernetesSide {
  /** The Kubernetes user a verified caller is (a TokenReview's answer), or why it is none. */
  mapIdentity(view: ClusterView, caller: TokenCaller): Promise<Mapping>;
  /** The service account a service-account token is (signature, audience, validity, and the account and pod it names still there), or why it is none. */
  serviceAccountUser(view: ClusterView, token: string): Promise<Mapping>;
  /** The UID of a loaded object (a service account, a pod), or undefined when it is not loaded. */
  objectUid(view: ClusterView, kind: string, namespace: string, name: string): Promise<string | undefined>;
  /** Answers a request of a verified caller, mapped here; an unmapped caller gets 401 Unauthorized. */
  handleKubernetesRequest(view: ClusterView, caller: TokenCaller | ServiceAccountCaller, req: KubernetesRequest): Promise<KubernetesResponse>;
}

type Modules = [
  typeof import('../../kubernetes/authenticate.js'),
  typeof import('../../kubernetes/api-server.js'),
  typeof import('../../kubernetes/object-store.js'),
  InstanceType<(typeof import('../../kubernetes/identity-facts.js'))['IdentityFacts']>,
  typeof import('../../kubernetes/service-account-auth.js'),
];

/** The Kubernetes side over the cluster objects kept in `store`. */
export function storedKubernetesSide(store: Store, clock: () => Date): KubernetesSide {
  let modules: Promise<Modules> | undefined;
  const load = (): Promise<Modules> =>
    (modules ??= Promise.all([
      import('../../kubernetes/authenticate.js'),
      import('../../kubernetes/api-server.js'),
      import('../../kubernetes/object-store.js'),
      import('../../kubernetes/identity-facts.js').then((f) => new f.IdentityFacts(store)),
      import('../../kubernetes/service-account-auth.js'),
    ]));
  const objectsOf = (m: Modules, view: ClusterView) => new m[2].StoredClusterObjects(store, view.accountId, view.region, view.cluster.name, clock);
  /** Maps a caller from the cluster's kept access entries and aws-auth ConfigMap. */
  const mapCaller = (m: Modules, view: ClusterView, objects: InstanceType<Modules[2]['StoredClusterObjects']>, caller: TokenCaller) => {
    const facts = m[3].forCluster(view, objects);
    return m[0].mapIdentity(facts.view, facts.objects, caller);
  };
  return {
    async mapIdentity(view, caller) {
      const m = await load();
      const r = await mapCaller(m, view, objectsOf(m, view), caller);
      return r.mapped !== undefined ? { mapped: r.mapped } : { mapped: undefined, reason: r.reason };
    },
    async objectUid(view, kind, namespace, name) {
      const m = await load();
      return (await objectsOf(m, view).get(kind, namespace, name))?.metadata.uid;
    },
    async serviceAccountUser(view, token) {
      const m = await load();
      const r = await m[4].serviceAccountUser(view, objectsOf(m, view), token);
      return r.mapped !== undefined ? { mapped: r.mapped } : { mapped: undefined, reason: r.reason };
    },
    async handleKubernetesRequest(view, caller, req) {
      const m = await load();
      const objects = objectsOf(m, view);
      // A service account's rights come from RBAC alone: it has no access entry or aws-auth mapping.
      const r = 'serviceAccountUser' in caller ? { mapped: caller.serviceAccountUser, source: undefined } : await mapCaller(m, view, objects, caller);
      const headers: Record<string, string | undefined> = {};
      for (const [name, values] of req.headers) headers[name.toLowerCase()] = values[0];
      // kubectl sends its reviews as protobuf when it can; the Kubernetes side reads their JSON shape.
      const review = isProtobufBody(headers['content-type']) ? reviewFromProtobuf(req.body) : undefined;
      return m[1].handleKubernetesRequest(view, objects, r.mapped !== undefined ? { user: r.mapped, source: r.source } : undefined, {
        method: req.method,
        path: req.path,
        query: req.query,
        headers,
        body: review !== undefined ? JSON.stringify(review) : req.body.toString('utf8'),
      });
    },
  };
}
