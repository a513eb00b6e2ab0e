/**
 * `gatehouse k8s apply|get|delete|whoami`: a cluster's objects and identity mapping on a running
 * Gatehouse, through its `/_gatehouse/k8s/` API (signed for `eks` in `--region`).
 *
 * `--json` shapes:
 * - apply: `{ applied: [{ group, kind, namespace, name, apiVersion, action: created|configured|unchanged, known }],
 *   unknownKinds: [string], pods: [{ owner, webhook: mutated|notMutated|webhookMissing|notSelected,
 *   identity: irsa|podIdentity|none, patch: [JSONPatch], skipped: [string] }], problems: [{ source, document, message }] }`
 * - get: `{ apiVersion: "v1", kind: "List", items: [object] }`, or the object itself when a NAME is given
 * - delete: `{ deleted: [{ group, kind, namespace, name }], notFound: [string] }`
 * - whoami: `{ cluster, principal: { arn, canonicalArn }, authenticationMode, mapped: true, username, uid, groups,
 *   extra, via: { via: accessEntry|mapRoles|mapUsers|mapAccounts, … } }` or `{ …, mapped: false, reason, notes: [string] }`
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { EndpointUnreachableError } from './endpoint-call.js';
import { signRequest } from './signed-request.js';
import type { StaticCredentials } from '../server/credentials-file.js';

export interface K8sClientOptions {
  readonly endpoint: string;
  readonly credentials: StaticCredentials;
  readonly region: string;
  readonly cluster: string;
}

export class GatehouseApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'GatehouseApiError';
    this.code = code;
    this.status = status;
  }
}

/** One signed call to `/_gatehouse/k8s/clusters/<cluster>/<op>`. */
export async function k8sCall<T>(o: K8sClientOptions, op: string, body: unknown, query?: Record<string, string | undefined>): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, v);
  const q = qs.toString();
  const url = `${o.endpoint}/_gatehouse/k8s/clusters/${encodeURIComponent(o.cluster)}/${op}${q !== '' ? `?${q}` : ''}`;
  const method = body === undefined ? 'GET' : 'POST';
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = signRequest({ method, url, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: text }, o.credentials, o.region, 'eks', new Date());
  delete headers.host;
  const res = await send(o.endpoint, url, method, headers, text);
  const raw = res.body;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new GatehouseApiError(res.status, String(res.status), raw.slice(0, 300));
  }
  if (res.status < 200 || res.status > 299) {
    const e = data as { __type?: string; message?: string };
    throw new GatehouseApiError(res.status, e.__type ?? String(res.status), e.message ?? raw);
  }
  return data as T;
}

/**
 * One request with Node's own HTTP client (the commands are short-lived: `fetch` would first load
 * its HTTP stack, which costs more than the request).
 */
function send(endpoint: string, url: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { method, headers: body === '' ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', (err: NodeJS.ErrnoException) => fail(new EndpointUnreachableError(endpoint, err.code === 'ECONNREFUSED' ? 'connection refused: nothing is listening there' : (err.code ?? err.message))));
    req.end(body === '' ? undefined : body);
  });
}

/** The manifests named by `-f`: files, and the `.yaml`, `.yml` and `.json` files of directories. */
export function readManifestFiles(paths: readonly string[]): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push({ source: '-', text: readFileSync(0, 'utf8') });
      continue;
    }
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) {
        if (/\.(ya?ml|json)$/i.test(f) && statSync(join(p, f)).isFile()) out.push({ source: join(p, f), text: readFileSync(join(p, f), 'utf8') });
      }
    } else {
      out.push({ source: p, text: readFileSync(p, 'utf8') });
    }
  }
  return out;
}

interface ApplyResult {
  readonly applied: readonly { group: string; kind: string; namespace: string; name: string; action: string; known: boolean }[];
  readonly unknownKinds: readonly string[];
  readonly pods: readonly { owner: string; webhook: string; identity: string; skipped: readonly string[] }[];
  readonly problems: readonly { source: string; document: number; message: string }[];
}

function typeName(kind: string, group: string): string {
  return `${kind.toLowerCase()}${group !== '' ? `.${group}` : ''}`;
}

const WEBHOOK_WORDS: Record<string, string> = {
  webhookMissing: 'not mutated: the MutatingWebhookConfiguration pod-identity-webhook does not exist',
  notSelected: 'not mutated: the pod-identity-webhook configuration does not select this pod',
  notMutated: 'not mutated: its service account has no eks.amazonaws.com/role-arn annotation and no pod identity association',
};

export function formatApply(r: ApplyResult): string {
  const lines: string[] = [];
  for (const p of r.problems) lines.push(`error: ${p.source} (document ${p.document}): ${p.message}`);
  for (const a of r.applied) {
    const pod = r.pods.find((p) => p.owner.toLowerCase() === `${a.kind}/${a.namespace !== '' ? `${a.namespace}/` : ''}${a.name}`.toLowerCase());
    let note = '';
    if (pod !== undefined) {
      const subject = a.kind === 'Pod' ? '' : 'its pods: ';
      note =
        pod.webhook === 'mutated'
          ? ` (${subject}${pod.identity === 'podIdentity' ? 'EKS Pod Identity' : 'IAM roles for service accounts'} injected${pod.skipped.length > 0 ? `; skipped ${pod.skipped.join(', ')}` : ''})`
          : ` (${subject}${WEBHOOK_WORDS[pod.webhook] ?? pod.webhook})`;
    }
    if (!a.known) note += ' (kept as given; Gatehouse does not interpret this kind)';
    lines.push(`${typeName(a.kind, a.group)}/${a.name} ${a.action}${note}`);
  }
  if (r.unknownKinds.length > 0) lines.push(`kept without interpretation: ${r.unknownKinds.join(', ')}`);
  return lines.join('\n');
}

interface KubeItem {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly creationTimestamp?: string };
}

function age(created: string | undefined, now: Date): string {
  if (created === undefined) return '<unknown>';
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd()).join('\n');
}

/** kubectl's columns: NAMESPACE (when listing several), KIND (when mixing kinds), NAME, AGE. */
export function formatGet(items: readonly KubeItem[], o: { allNamespaces: boolean; namespace?: string }, now: Date = new Date()): string {
  if (items.length === 0) return o.allNamespaces || o.namespace === undefined ? 'No resources found' : `No resources found in ${o.namespace} namespace.`;
  const kinds = new Set(items.map((i) => i.kind));
  const showNs = o.allNamespaces || o.namespace === undefined;
  const header = [...(showNs ? ['NAMESPACE'] : []), ...(kinds.size > 1 ? ['KIND'] : []), 'NAME', 'AGE'];
  const rows = items.map((i) => [
    ...(showNs ? [i.metadata.namespace ?? ''] : []),
    ...(kinds.size > 1 ? [`${i.kind}${i.apiVersion.includes('/') ? `.${i.apiVersion.slice(0, i.apiVersion.lastIndexOf('/'))}` : ''}`] : []),
    i.metadata.name ?? '',
    age(i.metadata.creationTimestamp, now),
  ]);
  return table([header, ...rows]);
}

interface WhoamiResult {
  readonly cluster: string;
  readonly principal: { readonly arn: string; readonly canonicalArn: string };
  readonly authenticationMode: string;
  readonly mapped: boolean;
  readonly username?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly via?: { readonly via: string; readonly accessEntryArn?: string; readonly accessPolicies?: readonly { policyArn?: string; accessScope?: { type?: string; namespaces?: readonly string[] } }[] };
  readonly reason?: string;
  readonly notes?: readonly string[];
}

const VIA: Record<string, string> = {
  accessEntry: 'access entry',
  mapRoles: 'aws-auth ConfigMap, mapRoles',
  mapUsers: 'aws-auth ConfigMap, mapUsers',
  mapAccounts: 'aws-auth ConfigMap, mapAccounts',
};

export function formatWhoami(r: WhoamiResult): string {
  const lines = [`Principal            ${r.principal.arn}`, `Authentication mode  ${r.authenticationMode}`];
  if (!r.mapped) {
    lines.push(`Not mapped           ${r.reason ?? ''}`);
    for (const n of r.notes ?? []) lines.push(`  - ${n}`);
    lines.push('kubectl answers this identity with: error: You must be logged in to the server (Unauthorized)');
    return lines.join('\n');
  }
  lines.push(`Username             ${r.username ?? ''}`, `UID                  ${r.uid ?? ''}`, `Groups               [${(r.groups ?? []).join(' ')}]`);
  lines.push(`Mapped by            ${VIA[r.via?.via ?? ''] ?? r.via?.via ?? ''}${r.via?.accessEntryArn !== undefined ? ` (${r.via.accessEntryArn})` : ''}`);
  for (const p of r.via?.accessPolicies ?? []) {
    const scope = p.accessScope?.type === 'namespace' ? `namespaces ${(p.accessScope.namespaces ?? []).join(', ')}` : 'cluster';
    lines.push(`Access policy        ${p.policyArn ?? ''} (${scope})`);
  }
  return lines.join('\n');
}
