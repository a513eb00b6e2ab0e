/**
 * Gatehouse's own JSON API for cluster objects, under `/_gatehouse/k8s/` on the main port (for the
 * `gatehouse k8s` commands and a web console):
 *
 * - `POST /_gatehouse/k8s/clusters/<name>/apply` `{ documents: [{ source, text }], namespace? }`
 * - `GET  /_gatehouse/k8s/clusters/<name>/objects?resource=&name=&namespace=` (no namespace: all)
 * - `POST /_gatehouse/k8s/clusters/<name>/delete` `{ resource, name, namespace? }` or `{ documents }`
 * - `POST /_gatehouse/k8s/clusters/<name>/whoami` `{ principal? }`
 * - `POST /_gatehouse/k8s/clusters/<name>/pod-environment` `{ documents, container?, namespace? }` → PodEnvironment + `accountId`, `region`
 *
 * Each is signed with SigV4 for the `eks` service in the cluster's region, and needs
 * `eks:AccessKubernetesApi` on the cluster (the permission the EKS console needs to show a
 * cluster's Kubernetes objects); the account is the caller's. Errors are JSON:
 * `{ "__type": code, "message": text }` with the HTTP status.
 *
 * `POST /_gatehouse/k8s/<account>/<region>/<name>/mutate` is the pod identity webhook's
 * AdmissionReview endpoint, which an API server calls without AWS credentials, as it calls the
 * webhook in a cluster.
 */
import type { EncodedResponse } from '../aws/encoded-response.js';
import type { IncomingAwsRequest } from '../server/aws-endpoint.js';
import { firstHeader } from '../server/http/header-map.js';
import { AwsError } from '../aws/aws-error.js';
import type { Store } from '../state/store.js';
import type { Caller } from '../services/operation.js';
import { admit } from './admission.js';
import { apiResources, resolveResource } from './api-resources.js';
import { canonicalArn, mapIdentity, type MappingResult } from './authenticate.js';
import type { ClusterView, VerifiedCaller } from './cluster-view.js';
import { describeRef, isClusterScoped, refOf, type KubeObject } from './kube-object.js';
import { parseManifests, type ManifestProblem } from './manifests.js';
import { OverlayObjects, StoredClusterObjects } from './object-store.js';
import { podEnvironment, PodSelectionError } from './pod-environment.js';
import { TokenIssuerUnavailableError, type ClusterDirectory } from './cluster-directory.js';
import { encodeAdmissionReviewAnswer, handleAdmissionReview } from './webhook.js';
import { AdmissionSnapshots } from './admission-snapshot.js';
import { BUILT_IN_RESOURCES } from './api-resources.js';

export const K8S_API_PREFIX = '/_gatehouse/k8s/';

export type K8sApiRequest = IncomingAwsRequest;

export interface K8sApiDeps {
  readonly store: Store;
  readonly clusters: ClusterDirectory;
  /** Verifies the signature and authorizes `action` on `resource` (AwsEndpoint.authorizeSigned). */
  readonly authorize: (
    req: K8sApiRequest,
    need: (accountId: string, region: string) => { action: string; resource: string },
  ) => Promise<{ caller: Caller; region: string }>;
  readonly clock?: () => Date;
  /**
   * The EKS Pod Identity Agent's exchange: eks-auth AssumeRoleForPodIdentity for the token the
   * container sends (the server gives it the EKS service's, in process); absent, the agent endpoint answers 503.
   */
  readonly podIdentityCredentials?: (view: ClusterView, token: string) => Promise<{ AccessKeyId: string; SecretAccessKey: string; Token: string; AccountId: string; Expiration: string }>;
}

/** A JSON answer whose text is already written. */
function jsonText(status: number, body: string): EncodedResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body };
}

function answer(status: number, value: unknown): EncodedResponse {
  return jsonText(status, JSON.stringify(value));
}

function failure(status: number, code: string, message: string): EncodedResponse {
  return answer(status, { __type: code, message });
}

interface Documents {
  readonly documents?: readonly { source?: string; text?: string }[];
  readonly namespace?: string;
}

function readManifests(body: Documents): { objects: KubeObject[]; problems: ManifestProblem[] } {
  const objects: KubeObject[] = [];
  const problems: ManifestProblem[] = [];
  for (const d of body.documents ?? []) {
    const parsed = parseManifests(typeof d.text === 'string' ? d.text : '', typeof d.source === 'string' ? d.source : '-');
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  return { objects, problems };
}

/** The caller as the cluster's authenticator would resolve it. */
export function verifiedCaller(c: Caller): VerifiedCaller {
  const arn = c.principal.arn;
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/.exec(arn)?.[1];
  return { arn, canonicalArn: canonicalArn(arn) ?? arn, accountId: c.accountId, userId: c.userId, ...(session !== undefined ? { sessionName: session } : {}), accessKeyId: c.accessKeyId };
}

/** A principal named by ARN (`gatehouse k8s whoami --principal`), without a session's own IDs. */
function namedCaller(arn: string): VerifiedCaller | undefined {
  const canonical = canonicalArn(arn);
  if (canonical === undefined) return undefined;
  const account = /::(\d{12}):/.exec(arn)?.[1] ?? '';
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/.exec(arn)?.[1];
  return { arn, canonicalArn: canonical, accountId: account, userId: '', ...(session !== undefined ? { sessionName: session } : {}), accessKeyId: '' };
}

export class K8sApi {
  readonly #deps: K8sApiDeps;
  readonly #admission: AdmissionSnapshots;

  constructor(deps: K8sApiDeps) {
    this.#deps = deps;
    this.#admission = new AdmissionSnapshots(deps.store, deps.clusters, deps.clock);
  }

  async handle(req: K8sApiRequest): Promise<EncodedResponse> {
    try {
      return await this.#route(req);
    } catch (err) {
      if (err instanceof AwsError) return failure(err.httpStatus, err.code, err.message);
      if (err instanceof PodSelectionError) return failure(400, 'InvalidRequest', err.message);
      if (err instanceof TokenIssuerUnavailableError) return failure(409, 'TokenIssuerUnavailable', err.message);
      if (err instanceof SyntaxError) return failure(400, 'InvalidRequest', `the request body is not JSON: ${err.message}`);
      if (err instanceof URIError) return failure(400, 'InvalidRequest', 'the request path is not validly percent-encoded');
      throw err;
    }
  }

  async #route(req: K8sApiRequest): Promise<EncodedResponse> {
    // The path is split as sent (no dot segments resolved): the webhook, called for every pod an
    // API server creates, is routed without parsing a URL; only the object listing reads the query.
    const query = req.url.indexOf('?');
    const pathname = query < 0 ? req.url : req.url.slice(0, query);
    const parts = pathname.slice(K8S_API_PREFIX.length).split('/').map((p) => decodeURIComponent(p));
    if (parts.length === 4 && parts[3] === 'mutate') return this.#mutate(req, parts[0] ?? '', parts[1] ?? '', parts[2] ?? '');
    if (parts.length === 6 && parts.slice(3).join('/') === 'pod-identity/v1/credentials') return this.#podIdentityAgent(req, parts[0] ?? '', parts[1] ?? '', parts[2] ?? '');
    if (parts[0] !== 'clusters' || parts.length !== 3) return failure(404, 'NotFound', `no such Gatehouse API: ${pathname}`);
    const name = parts[1] ?? '';
    const op = parts[2] ?? '';
    const routes: Record<string, { method: string }> = { apply: { method: 'POST' }, objects: { method: 'GET' }, delete: { method: 'POST' }, whoami: { method: 'POST' }, 'pod-environment': { method: 'POST' } };
    const route = routes[op];
    if (route === undefined) return failure(404, 'NotFound', `no such Gatehouse API: ${pathname}`);
    if (req.method !== route.method) return failure(405, 'MethodNotAllowed', `${op} takes ${route.method}`);
    if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(name)) return failure(400, 'InvalidParameterException', `The cluster name ${name} is not valid.`);
    const { caller, region } = await this.#deps.authorize(req, (accountId, r) => ({ action: 'eks:AccessKubernetesApi', resource: `arn:aws:eks:${r}:${accountId}:cluster/${name}` }));
    const view = await this.#deps.clusters(this.#deps.store, caller.accountId, region, name);
    // EKS's wording for a cluster it does not have (DescribeCluster's ResourceNotFoundException).
    if (view === undefined) return failure(404, 'ResourceNotFoundException', `No cluster found for name: ${name}.`);
    const objects = new StoredClusterObjects(this.#deps.store, caller.accountId, region, name, this.#deps.clock);
    const body = req.method === 'POST' ? (JSON.parse(req.body.length === 0 ? '{}' : req.body.toString('utf8')) as Record<string, unknown>) : {};
    switch (op) {
      case 'apply':
        return this.#apply(body, objects, view);
      case 'objects':
        return this.#objects(new URL(req.url, 'http://gatehouse').searchParams, objects);
      case 'delete':
        return this.#delete(body, objects);
      case 'whoami':
        return this.#whoami(body, caller, objects, view);
      default:
        return this.#podEnvironment(body, objects, view);
    }
  }

  async #mutate(req: K8sApiRequest, accountId: string, region: string, name: string): Promise<EncodedResponse> {
    if (req.method !== 'POST') return { status: 405, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'expected POST\n' };
    if (firstHeader(req.headers, 'content-type') !== 'application/json') {
      // The webhook's own refusal (Go's http.Error: text/plain with a newline).
      return { status: 415, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, body: 'Invalid Content-Type, expected `application/json`\n' };
    }
    const cluster = /^\d{12}$/.test(accountId) ? await this.#admission.get(accountId, region, name) : undefined;
    if (cluster === undefined) return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
    return jsonText(200, encodeAdmissionReviewAnswer(handleAdmissionReview(req.body, cluster)));
  }

  /** The Pod Identity Agent's credentials endpoint (what 169.254.170.23 answers in a cluster). */
  async #podIdentityAgent(req: K8sApiRequest, accountId: string, region: string, name: string): Promise<EncodedResponse> {
    const view = /^\d{12}$/.test(accountId) ? await this.#deps.clusters(this.#deps.store, accountId, region, name) : undefined;
    if (view === undefined) return failure(404, 'ResourceNotFoundException', `No cluster found for name: ${name}.`);
    const token = firstHeader(req.headers, 'authorization') ?? '';
    if (token === '') return failure(400, 'InvalidRequest', 'the Authorization header must hold the pod identity token');
    if (this.#deps.podIdentityCredentials === undefined) return failure(503, 'ServiceUnavailable', 'EKS Pod Identity credentials (eks-auth AssumeRoleForPodIdentity) are not served by this Gatehouse');
    return answer(200, await this.#deps.podIdentityCredentials(view, token));
  }

  async #apply(body: Documents, objects: StoredClusterObjects, view: ClusterView): Promise<EncodedResponse> {
    const { objects: parsed, problems } = readManifests(body);
    const namespace = typeof body.namespace === 'string' && body.namespace !== '' ? body.namespace : 'default';
    const before = new Map<string, KubeObject>();
    for (const o of await objects.list()) before.set(describeRef(refOf(o)), o);
    const now = (this.#deps.clock ?? (() => new Date()))();
    const admitted = await admit(parsed, objects, view, namespace, now);
    // An object already there keeps its UID and creation time.
    const stored = admitted.objects.map((o): KubeObject => {
      const existing = before.get(describeRef(refOf(o)));
      return existing !== undefined ? { ...o, metadata: { ...o.metadata, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp } } : o;
    });
    await objects.put(stored);
    const known = new Set(BUILT_IN_RESOURCES.map((r) => `${r.group}|${r.kind}`));
    const applied = stored.map((o) => {
      const r = refOf(o);
      const previous = before.get(describeRef(r));
      const action = previous === undefined ? 'created' : JSON.stringify(stripServerFields(previous)) === JSON.stringify(stripServerFields(o)) ? 'unchanged' : 'configured';
      return { ...r, apiVersion: o.apiVersion, action, known: known.has(`${r.group}|${r.kind}`) };
    });
    return answer(200, {
      applied,
      unknownKinds: [...new Set(applied.filter((a) => !a.known).map((a) => `${a.kind}${a.group !== '' ? `.${a.group}` : ''}`))],
      pods: admitted.pods.map((p) => ({ owner: describeRef(p.owner), webhook: p.webhook, identity: p.mutation?.kind ?? 'none', patch: p.mutation?.patch ?? [], skipped: p.mutation?.skipped ?? [] })),
      problems,
    });
  }

  async #objects(q: URLSearchParams, objects: StoredClusterObjects): Promise<EncodedResponse> {
    const all = await objects.list();
    const resourceName = q.get('resource');
    const name = q.get('name');
    const namespace = q.get('namespace');
    let items = all;
    if (resourceName !== null && resourceName !== '' && resourceName !== 'all') {
      const resource = resolveResource(resourceName, apiResources(all));
      if (resource === undefined) return failure(404, 'NotFound', `the server doesn't have a resource type "${resourceName}"`);
      items = items.filter((o) => o.kind === resource.kind && refOf(o).group === resource.group);
      if (name !== null && name !== '') {
        const found = items.filter((o) => o.metadata.name === name && (isClusterScoped(o.kind) || namespace === null || (o.metadata.namespace ?? '') === namespace));
        if (found.length === 0) return failure(404, 'NotFound', `${resource.group === '' ? resource.name : `${resource.name}.${resource.group}`} "${name}" not found`);
        items = found;
      }
    }
    if (namespace !== null && namespace !== '') items = items.filter((o) => isClusterScoped(o.kind) ? resourceName !== null && resourceName !== '' : (o.metadata.namespace ?? '') === namespace);
    return answer(200, { items });
  }

  async #delete(body: Record<string, unknown>, objects: StoredClusterObjects): Promise<EncodedResponse> {
    const all = await objects.list();
    const resources = apiResources(all);
    const targets: { kind: string; group: string; namespace: string; name: string; label: string }[] = [];
    const notFound: string[] = [];
    if (Array.isArray(body.documents)) {
      const { objects: parsed, problems } = readManifests(body);
      if (problems.length > 0) return answer(400, { __type: 'InvalidRequest', message: problems.map((p) => `${p.source}: ${p.message}`).join('; '), problems });
      const ns = typeof body.namespace === 'string' && body.namespace !== '' ? body.namespace : 'default';
      for (const o of parsed) {
        const r = refOf({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? ns } });
        targets.push({ ...r, label: describeRef(r) });
      }
    } else {
      const resource = resolveResource(typeof body.resource === 'string' ? body.resource : '', resources);
      if (resource === undefined) return failure(404, 'NotFound', `the server doesn't have a resource type "${String(body.resource)}"`);
      const names = Array.isArray(body.names) ? body.names.map(String) : [typeof body.name === 'string' ? body.name : ''];
      const ns = resource.namespaced ? (typeof body.namespace === 'string' && body.namespace !== '' ? body.namespace : 'default') : '';
      for (const n of names) targets.push({ kind: resource.kind, group: resource.group, namespace: ns, name: n, label: `${resource.group === '' ? resource.name : `${resource.name}.${resource.group}`} "${n}"` });
    }
    const deleted: { kind: string; group: string; namespace: string; name: string }[] = [];
    for (const t of targets) {
      if (await objects.delete({ group: t.group, kind: t.kind, namespace: t.namespace, name: t.name })) deleted.push({ kind: t.kind, group: t.group, namespace: t.namespace, name: t.name });
      else notFound.push(`${t.label} not found`);
    }
    return answer(200, { deleted, notFound });
  }

  async #whoami(body: Record<string, unknown>, caller: Caller, objects: StoredClusterObjects, view: ClusterView): Promise<EncodedResponse> {
    let who: VerifiedCaller;
    if (typeof body.principal === 'string' && body.principal !== '') {
      const named = namedCaller(body.principal);
      if (named === undefined) return failure(400, 'InvalidParameterException', `The principal ARN ${body.principal} is not an IAM user, role or assumed-role session ARN.`);
      who = named;
    } else {
      who = verifiedCaller(caller);
    }
    const result: MappingResult = await mapIdentity(view, objects, who);
    return answer(200, {
      cluster: view.cluster.name,
      principal: { arn: who.arn, canonicalArn: who.canonicalArn },
      authenticationMode: result.authenticationMode,
      ...(result.mapped !== undefined
        ? { mapped: true, username: result.mapped.username, uid: result.mapped.uid, groups: result.mapped.groups, extra: result.mapped.extra, via: result.source }
        : { mapped: false, reason: result.reason, notes: result.notes }),
    });
  }

  async #podEnvironment(body: Record<string, unknown>, objects: StoredClusterObjects, view: ClusterView): Promise<EncodedResponse> {
    const { objects: parsed, problems } = readManifests(body);
    if (problems.length > 0) return answer(400, { __type: 'InvalidRequest', message: problems.map((p) => `${p.source}: ${p.message}`).join('; '), problems });
    const namespace = typeof body.namespace === 'string' && body.namespace !== '' ? body.namespace : 'default';
    // The manifest's own service accounts (and webhook configuration) count, as if applied first.
    const overlay = new OverlayObjects(objects, parsed.filter((o) => o.kind !== 'Pod').map((o) => (isClusterScoped(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? namespace } })));
    const env = await podEnvironment(parsed, typeof body.container === 'string' ? body.container : undefined, namespace, overlay, view);
    return answer(200, { ...env, accountId: view.accountId, region: view.region });
  }
}

/** The fields the server sets, left out when telling whether an apply changed an object. */
function stripServerFields(o: KubeObject): unknown {
  const { uid: _uid, creationTimestamp: _created, ...metadata } = o.metadata;
  void _uid;
  void _created;
  return { ...o, metadata };
}
