/**
 * One Kubernetes object as loaded from a manifest, and what identifies it: API group, kind,
 * namespace (empty for cluster-scoped kinds) and name.
 */
export interface ObjectMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly resourceVersion?: string;
  readonly [key: string]: unknown;
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [key: string]: unknown;
}

/** The kinds that have no namespace (the ones the cluster side knows of). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'APIService',
  'CertificateSigningRequest',
  'IngressClass',
  'RuntimeClass',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** `rbac.authorization.k8s.io/v1` → `rbac.authorization.k8s.io`; `v1` → `` (the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export interface ObjectRef {
  readonly group: string;
  readonly kind: string;
  /** `''` for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

export function refOf(o: KubeObject): ObjectRef {
  return {
    group: apiGroupOf(o.apiVersion),
    kind: o.kind,
    namespace: isClusterScoped(o.kind) ? '' : (o.metadata.namespace ?? 'default'),
    name: o.metadata.name ?? '',
  };
}

/** `kind/name` or `kind/namespace/name`, as printed by the commands. */
export function describeRef(r: ObjectRef): string {
  return r.namespace === '' ? `${r.kind}/${r.name}` : `${r.kind}/${r.namespace}/${r.name}`;
}
