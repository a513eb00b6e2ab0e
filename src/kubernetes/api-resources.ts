/**
 * The API resources a Gatehouse cluster serves for discovery: the kinds identity depends on, plus
 * the kinds of any other loaded objects (their resource name is the lower-case plural of the kind,
 * as Kubernetes names resources).
 */
import { apiGroupOf, isClusterScoped, type KubeObject } from './kube-object.js';

export interface ApiResource {
  readonly group: string;
  readonly version: string;
  /** Plural, lower case: `pods`. */
  readonly name: string;
  readonly singularName: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
}

const READ = ['get', 'list'];

function r(group: string, version: string, name: string, kind: string, namespaced: boolean, shortNames?: string[], verbs: readonly string[] = READ): ApiResource {
  return { group, version, name, singularName: kind.toLowerCase(), kind, namespaced, verbs, ...(shortNames !== undefined ? { shortNames } : {}) };
}

export const BUILT_IN_RESOURCES: readonly ApiResource[] = [
  r('', 'v1', 'pods', 'Pod', true, ['po']),
  r('', 'v1', 'namespaces', 'Namespace', false, ['ns']),
  r('', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']),
  r('', 'v1', 'configmaps', 'ConfigMap', true, ['cm']),
  r('', 'v1', 'secrets', 'Secret', true),
  r('', 'v1', 'services', 'Service', true, ['svc']),
  r('', 'v1', 'nodes', 'Node', false, ['no']),
  r('', 'v1', 'events', 'Event', true, ['ev']),
  r('apps', 'v1', 'deployments', 'Deployment', true, ['deploy']),
  r('apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts']),
  r('apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds']),
  r('apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs']),
  r('batch', 'v1', 'jobs', 'Job', true),
  r('batch', 'v1', 'cronjobs', 'CronJob', true, ['cj']),
  r('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  r('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  r('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  r('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  r('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false),
  r('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false),
  r('authentication.k8s.io', 'v1', 'selfsubjectreviews', 'SelfSubjectReview', false, undefined, ['create']),
  r('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, undefined, ['create']),
];

/** Kubernetes' plural of a kind (the common rules; `Policy` → `policies`, `Ingress` → `ingresses`). */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/** Built-in resources plus one per kind of the loaded objects that is not among them. */
export function apiResources(objects: readonly KubeObject[]): ApiResource[] {
  const out = [...BUILT_IN_RESOURCES];
  for (const o of objects) {
    const slash = o.apiVersion.lastIndexOf('/');
    const group = apiGroupOf(o.apiVersion);
    const version = slash < 0 ? o.apiVersion : o.apiVersion.slice(slash + 1);
    if (out.some((x) => x.kind === o.kind && x.group === group)) continue;
    out.push(r(group, version, pluralOf(o.kind), o.kind, !isClusterScoped(o.kind) && o.metadata.namespace !== undefined));
  }
  return out;
}

/**
 * The resource a user names as kubectl accepts it: plural, singular, short name or kind, any case,
 * optionally qualified by its group (`deployments.apps`).
 */
export function resolveResource(text: string, resources: readonly ApiResource[]): ApiResource | undefined {
  const t = text.toLowerCase();
  const dot = t.indexOf('.');
  const name = dot < 0 ? t : t.slice(0, dot);
  const group = dot < 0 ? undefined : t.slice(dot + 1);
  return resources.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.name === name || r.singularName === name || r.kind.toLowerCase() === name || (r.shortNames ?? []).includes(name)),
  );
}
