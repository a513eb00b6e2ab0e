/**
 * The Kubernetes API of a Gatehouse cluster, as far as identity goes: discovery (`/version`,
 * `/api`, `/apis`, the resource lists), `SelfSubjectReview` (`kubectl auth whoami`),
 * `SelfSubjectAccessReview` (`kubectl auth can-i`) and read-only `get`/`list` of the loaded
 * objects. Every request is authorized as EKS does (access policies of the caller's access entry,
 * then RBAC) and refused with Kubernetes' own `Status` bodies and wording. Writes are answered
 * 405 MethodNotAllowed: objects are loaded with `gatehouse k8s apply`.
 *
 * The caller is already authenticated (the cluster endpoint verifies the bearer token and maps the
 * identity); `undefined` is a request whose token was missing, invalid or not mapped: 401.
 */
import { apiResources, type ApiResource } from './api-resources.js';
import type { ClusterView } from './cluster-view.js';
import type { MappedIdentity, MappingSource } from './authenticate.js';
import { apiGroupOf, type KubeObject } from './kube-object.js';
import type { KubernetesObjectStore } from './object-store.js';
import { authorize, type RequestAttributes, type UserInfo } from './rbac.js';

export interface KubernetesCaller {
  readonly user: MappedIdentity;
  /** How the caller was mapped; an access entry brings its access policies. */
  readonly source?: MappingSource;
}

export interface KubernetesRequest {
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface KubernetesResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

function json(status: number, value: unknown): KubernetesResponse {
  return { status, headers: { ...JSON_TYPE }, body: JSON.stringify(value) };
}

/** A `metav1.Status` failure. */
export function statusFailure(code: number, reason: string, message: string, details?: Record<string, unknown>): KubernetesResponse {
  return json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details !== undefined ? { details } : {}), code });
}

export const UNAUTHORIZED: KubernetesResponse = statusFailure(401, 'Unauthorized', 'Unauthorized');

/** Kubernetes' `qualifiedResource`: `pods`, `deployments.apps`. */
function qualified(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

/** The apiserver's Forbidden answer, worded as `responsewriters.forbiddenMessage` words it. */
export function forbidden(user: UserInfo, a: RequestAttributes): KubernetesResponse {
  const who = `User "${user.username}"`;
  if (a.resource === undefined) {
    return statusFailure(403, 'Forbidden', `forbidden: ${who} cannot ${a.verb} path "${a.path ?? ''}"`, {});
  }
  const res = a.resource;
  const full = res.subresource !== undefined ? `${res.resource}/${res.subresource}` : res.resource;
  const where = res.namespace === '' ? 'at the cluster scope' : `in the namespace "${res.namespace}"`;
  const name = res.name !== undefined && res.name !== '' ? ` "${res.name}"` : '';
  const message = `${qualified(res.resource, res.group)}${name} is forbidden: ${who} cannot ${a.verb} resource "${full}" in API group "${res.group}" ${where}`;
  return statusFailure(403, 'Forbidden', message, {
    ...(res.name !== undefined && res.name !== '' ? { name: res.name } : {}),
    ...(res.group !== '' ? { group: res.group } : {}),
    kind: res.resource,
  });
}

function notFound(resource: ApiResource, name: string): KubernetesResponse {
  return statusFailure(404, 'NotFound', `${qualified(resource.name, resource.group)} "${name}" not found`, {
    name,
    ...(resource.group !== '' ? { group: resource.group } : {}),
    kind: resource.name,
  });
}

function pageNotFound(): KubernetesResponse {
  return statusFailure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** The server version; the minor version follows the cluster's Kubernetes version. */
function versionInfo(view: Pick<ClusterView, 'cluster'>): Record<string, string> {
  const [major, minor] = (view.cluster.version ?? '1.31').split('.');
  const platform = view.cluster.platformVersion ?? 'eks.1';
  return {
    major: major ?? '1',
    minor: `${minor ?? '31'}+`,
    gitVersion: `v${major ?? '1'}.${minor ?? '31'}.0-${platform}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function groupVersions(resources: readonly ApiResource[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of resources) {
    if (r.group === '') continue;
    const set = out.get(r.group) ?? new Set<string>();
    set.add(r.version);
    out.set(r.group, set);
  }
  return out;
}

function resourceList(groupVersion: string, resources: readonly ApiResource[]): unknown {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources.map((r) => ({
      name: r.name,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames !== undefined ? { shortNames: r.shortNames } : {}),
    })),
  };
}

interface ResourcePath {
  readonly resource: ApiResource;
  readonly namespace: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** `/api/v1/namespaces/default/pods/web` and friends. */
function parseResourcePath(path: string, resources: readonly ApiResource[]): ResourcePath | 'notFound' | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace = '';
  // `namespaces/<ns>/<resource>…` addresses a namespaced resource; `namespaces` or
  // `namespaces/<name>` alone is the Namespace resource itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1] ?? '';
    rest = rest.slice(2);
  }
  const resource = resources.find((r) => r.group === group && r.version === version && r.name === rest[0]);
  if (resource === undefined) return 'notFound';
  if (namespace !== '' && !resource.namespaced) return 'notFound';
  return { resource, namespace, ...(rest[1] !== undefined ? { name: rest[1] } : {}), ...(rest[2] !== undefined ? { subresource: rest.slice(2).join('/') } : {}) };
}

function userInfo(user: MappedIdentity): UserInfo {
  // Kubernetes adds `system:authenticated` to every authenticated user's groups.
  const groups = user.groups.includes('system:authenticated') ? user.groups : [...user.groups, 'system:authenticated'];
  return { username: user.username, uid: user.uid, groups, extra: user.extra };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listKind(kind: string): string {
  return `${kind}List`;
}

export async function handleKubernetesRequest(
  view: Pick<ClusterView, 'cluster'>,
  objects: KubernetesObjectStore,
  caller: KubernetesCaller | undefined,
  req: KubernetesRequest,
): Promise<KubernetesResponse> {
  if (caller === undefined) return UNAUTHORIZED;
  const user = userInfo(caller.user);
  const all = await objects.list();
  const resources = apiResources(all);
  const policies = caller.source?.accessPolicies ?? [];
  const principal = caller.source?.via === 'accessEntry' ? caller.source.principalArn : undefined;
  const decide = (a: RequestAttributes) => authorize(all, policies, principal, user, a);
  const path = req.path.replace(/\/+$/, '') || '/';
  const method = req.method.toUpperCase();

  // Non-resource paths: discovery.
  const discovery = discoveryAnswer(path, view, resources);
  if (discovery !== undefined) {
    const a: RequestAttributes = { verb: method === 'GET' ? 'get' : method.toLowerCase(), path };
    if (!decide(a).allowed) return forbidden(user, a);
    if (method !== 'GET') return statusFailure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, {});
    return json(200, discovery);
  }

  const parsed = parseResourcePath(path, resources);
  if (parsed === undefined) {
    const a: RequestAttributes = { verb: method === 'GET' ? 'get' : method.toLowerCase(), path };
    if (!decide(a).allowed) return forbidden(user, a);
    return pageNotFound();
  }
  if (parsed === 'notFound') return pageNotFound();
  const { resource, namespace, name, subresource } = parsed;

  if (method === 'POST' && name === undefined && (resource.name === 'selfsubjectreviews' || resource.name === 'selfsubjectaccessreviews')) {
    const a: RequestAttributes = { verb: 'create', resource: { group: resource.group, resource: resource.name, namespace: '' } };
    if (!decide(a).allowed) return forbidden(user, a);
    let body: unknown;
    try {
      body = req.body === '' ? {} : JSON.parse(req.body);
    } catch {
      return statusFailure(400, 'BadRequest', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`, {});
    }
    const apiVersion = `${resource.group}/${resource.version}`;
    if (resource.name === 'selfsubjectreviews') {
      return json(201, {
        kind: 'SelfSubjectReview',
        apiVersion,
        metadata: { creationTimestamp: null },
        status: { userInfo: { username: user.username, uid: user.uid, groups: user.groups, extra: user.extra } },
      });
    }
    const spec = isRecord(body) && isRecord(body.spec) ? body.spec : {};
    const attrs = accessReviewAttributes(spec);
    if (attrs === undefined) {
      return statusFailure(422, 'Invalid', `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: [spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified]`, {
        group: 'authorization.k8s.io',
        kind: 'SelfSubjectAccessReview',
      });
    }
    const d = decide(attrs);
    return json(201, {
      kind: 'SelfSubjectAccessReview',
      apiVersion,
      metadata: { creationTimestamp: null },
      spec,
      status: { allowed: d.allowed, ...(d.reason !== '' ? { reason: d.reason } : {}) },
    });
  }

  if (method !== 'GET') {
    const verb = method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : method.toLowerCase();
    const a: RequestAttributes = { verb, resource: { group: resource.group, resource: resource.name, namespace, ...(name !== undefined ? { name } : {}), ...(subresource !== undefined ? { subresource } : {}) } };
    if (!decide(a).allowed) return forbidden(user, a);
    return statusFailure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }

  const verb = name === undefined ? (req.query.get('watch') === 'true' || req.query.get('watch') === '1' ? 'watch' : 'list') : 'get';
  const a: RequestAttributes = { verb, resource: { group: resource.group, resource: resource.name, namespace, ...(name !== undefined ? { name } : {}), ...(subresource !== undefined ? { subresource } : {}) } };
  if (!decide(a).allowed) return forbidden(user, a);
  if (verb === 'watch' || subresource !== undefined) return statusFailure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  const matching = all.filter(
    (o) => o.kind === resource.kind && apiGroupOf(o.apiVersion) === resource.group && (!resource.namespaced || namespace === '' || (o.metadata.namespace ?? '') === namespace),
  );
  if (name !== undefined) {
    const found = matching.find((o) => o.metadata.name === name);
    return found === undefined ? notFound(resource, name) : json(200, found);
  }
  const selected = filterByLabels(matching, req.query.get('labelSelector'));
  return json(200, {
    kind: listKind(resource.kind),
    apiVersion: resource.group === '' ? resource.version : `${resource.group}/${resource.version}`,
    metadata: { resourceVersion: '1' },
    items: selected,
  });
}

/** `app=web,tier!=db,env` (equality and existence; set-based selectors are not served). */
function filterByLabels(items: readonly KubeObject[], selector: string | null): readonly KubeObject[] {
  if (selector === null || selector.trim() === '') return items;
  const terms = selector.split(',').map((t) => t.trim()).filter((t) => t !== '');
  return items.filter((o) => {
    const labels = o.metadata.labels ?? {};
    return terms.every((t) => {
      const ne = /^([^!=]+)!=(.*)$/.exec(t);
      if (ne !== null) return labels[(ne[1] ?? '').trim()] !== (ne[2] ?? '').trim();
      const eq = /^([^=]+)==?(.*)$/.exec(t);
      if (eq !== null) return labels[(eq[1] ?? '').trim()] === (eq[2] ?? '').trim();
      if (t.startsWith('!')) return !(t.slice(1) in labels);
      return t in labels;
    });
  });
}

/** A SelfSubjectAccessReview's spec as request attributes. */
function accessReviewAttributes(spec: Record<string, unknown>): RequestAttributes | undefined {
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  if (isRecord(r) && !isRecord(n)) {
    const s = (k: string): string => (typeof r[k] === 'string' ? (r[k]) : '');
    return {
      verb: s('verb'),
      resource: {
        group: s('group'),
        resource: s('resource'),
        namespace: s('namespace'),
        ...(s('name') !== '' ? { name: s('name') } : {}),
        ...(s('subresource') !== '' ? { subresource: s('subresource') } : {}),
      },
    };
  }
  if (isRecord(n) && !isRecord(r)) {
    return { verb: typeof n.verb === 'string' ? n.verb : '', path: typeof n.path === 'string' ? n.path : '' };
  }
  return undefined;
}

function discoveryAnswer(path: string, view: Pick<ClusterView, 'cluster'>, resources: readonly ApiResource[]): unknown {
  if (path === '/version') return versionInfo(view);
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: 'kubernetes.default.svc:443' }] };
  if (path === '/apis') {
    const groups = [...groupVersions(resources).entries()].map(([name, versions]) => {
      const list = [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
      return { name, versions: list, preferredVersion: list[0] };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  if (path === '/api/v1') return resourceList('v1', resources.filter((r) => r.group === '' && r.version === 'v1'));
  const g = /^\/apis\/([^/]+)$/.exec(path);
  if (g !== null) {
    const versions = groupVersions(resources).get(g[1] ?? '');
    if (versions === undefined) return undefined;
    const list = [...versions].map((v) => ({ groupVersion: `${g[1] ?? ''}/${v}`, version: v }));
    return { kind: 'APIGroup', apiVersion: 'v1', name: g[1], versions: list, preferredVersion: list[0] };
  }
  const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (gv !== null) {
    const list = resources.filter((r) => r.group === gv[1] && r.version === gv[2]);
    if (list.length === 0) return undefined;
    return resourceList(`${gv[1] ?? ''}/${gv[2] ?? ''}`, list);
  }
  return undefined;
}
