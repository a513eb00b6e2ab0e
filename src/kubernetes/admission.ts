/**
 * What the API server does to objects it is given before storing them, as far as identity goes:
 * namespaced objects get their namespace (`default` unless given), pods get a service account
 * (`default`) and, when the cluster's `pod-identity-webhook` MutatingWebhookConfiguration exists
 * and selects them, the pod identity webhook's mutation. Workloads (Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, Job, CronJob) are stored as given; the mutation their pods would get is
 * reported.
 */
import { randomUUID } from 'node:crypto';
import type { V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import type { ClusterView } from './cluster-view.js';
import { isClusterScoped, refOf, type KubeObject, type ObjectRef } from './kube-object.js';
import type { KubernetesObjectStore } from './object-store.js';
import { mutatePod, webhookSettings, type Mutation, type WebhookSettings } from './pod-identity-mutation.js';

export const WEBHOOK_CONFIGURATION = 'pod-identity-webhook';

export interface PodAdmission {
  /** `Pod`, or the workload kind whose pod template this is. */
  readonly owner: ObjectRef;
  readonly webhook: 'mutated' | 'notMutated' | 'webhookMissing' | 'notSelected';
  readonly mutation?: Pick<Mutation, 'kind' | 'patch' | 'skipped'>;
  /** The pod as the webhook leaves it (for pod templates: the pod a controller would create). */
  readonly pod: V1Pod;
}

/** The webhook's settings for a cluster as EKS runs it: the cluster's region, regional STS on. */
/** What admission reads of a cluster: its region, its Kubernetes version and its Pod Identity associations. */
export interface AdmissionClusterFacts {
  readonly region: string;
  readonly cluster: { readonly name: string; readonly version?: string };
  podIdentityAssociations: ClusterView['podIdentityAssociations'];
}

export function clusterWebhookSettings(view: Pick<AdmissionClusterFacts, 'region' | 'cluster'>): WebhookSettings {
  // Regional STS is the default type on EKS clusters of Kubernetes 1.22 and later (see the
  // configure-sts-endpoint page); before that, the global endpoint.
  const [major, minor] = (view.cluster.version ?? '99.99').split('.').map((n) => Number(n));
  const regional = (major ?? 99) > 1 || (minor ?? 99) >= 22;
  return webhookSettings({ region: view.region, regionalSts: regional });
}

/** The pod template of a workload object, if it has one. */
export function podTemplateOf(o: KubeObject): { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return spec?.template as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } | undefined;
    case 'CronJob': {
      const job = spec?.jobTemplate as { spec?: { template?: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } } } | undefined;
      return job?.spec?.template;
    }
    default:
      return undefined;
  }
}

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}

/** Kubernetes label-selector semantics. */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!present || !values.includes(labels[e.key] ?? '')) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[e.key] ?? '')) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The webhook entry of the cluster's `pod-identity-webhook` configuration, or why there is none. */
async function webhookEntry(objects: KubernetesObjectStore): Promise<{ objectSelector?: LabelSelector; namespaceSelector?: LabelSelector } | undefined> {
  const config = await objects.get('MutatingWebhookConfiguration', '', WEBHOOK_CONFIGURATION);
  if (config === undefined) return undefined;
  const hooks = Array.isArray(config.webhooks) ? (config.webhooks as { objectSelector?: LabelSelector; namespaceSelector?: LabelSelector }[]) : [];
  return hooks[0] ?? {};
}

/** A pod as the API server has it before mutating admission: namespace and service account set. */
export function defaultedPod(pod: V1Pod, namespace: string): V1Pod {
  return {
    ...pod,
    metadata: { ...(pod.metadata ?? {}), namespace },
    spec: { ...(pod.spec ?? { containers: [] }), serviceAccountName: pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount ?? 'default' },
  };
}

/** The webhook applied to one pod of the cluster (what the API server would store). */
export async function admitPod(
  pod: V1Pod,
  namespace: string,
  objects: KubernetesObjectStore,
  view: AdmissionClusterFacts,
  owner: ObjectRef,
): Promise<PodAdmission> {
  const p = defaultedPod(pod, namespace);
  const hook = await webhookEntry(objects);
  if (hook === undefined) return { owner, webhook: 'webhookMissing', pod: p };
  if (!selects(hook.objectSelector, p.metadata?.labels ?? {})) return { owner, webhook: 'notSelected', pod: p };
  const saName = p.spec?.serviceAccountName ?? 'default';
  const sa = (await objects.get('ServiceAccount', namespace, saName)) as V1ServiceAccount | undefined;
  const associations = await view.podIdentityAssociations();
  const podIdentity = associations.some((a) => a.namespace === namespace && a.serviceAccount === saName);
  const m = mutatePod({ pod: p, serviceAccount: sa, podIdentity, settings: clusterWebhookSettings(view) });
  return { owner, webhook: m.kind === 'none' ? 'notMutated' : 'mutated', mutation: { kind: m.kind, patch: m.patch, skipped: m.skipped }, pod: m.pod };
}

export interface AdmittedObjects {
  /** The objects to store, in order. */
  readonly objects: KubeObject[];
  readonly pods: PodAdmission[];
}

/**
 * Admission of a batch of objects. Service accounts in the same batch are seen by the pods after
 * them, as `kubectl apply -f` of one file sends them in order.
 */
export async function admit(
  input: readonly KubeObject[],
  objects: KubernetesObjectStore,
  view: AdmissionClusterFacts,
  defaultNamespace: string,
  now: Date,
): Promise<AdmittedObjects> {
  const out: KubeObject[] = [];
  const pods: PodAdmission[] = [];
  for (const o0 of input) {
    const namespace = isClusterScoped(o0.kind) ? undefined : (o0.metadata.namespace ?? defaultNamespace);
    let o: KubeObject = {
      ...o0,
      metadata: {
        ...o0.metadata,
        ...(namespace !== undefined ? { namespace } : {}),
        uid: o0.metadata.uid ?? randomUUID(),
        creationTimestamp: o0.metadata.creationTimestamp ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    };
    if (o.kind === 'Pod' && o.apiVersion === 'v1') {
      const a = await admitPod(o as unknown as V1Pod, namespace ?? 'default', objects, view, refOf(o));
      pods.push(a);
      o = a.pod as unknown as KubeObject;
    } else {
      const template = podTemplateOf(o);
      if (template !== undefined) {
        const templatePod = { apiVersion: 'v1', kind: 'Pod', metadata: { ...(template.metadata ?? {}), name: o.metadata.name }, spec: template.spec } as unknown as V1Pod;
        pods.push(await admitPod(templatePod, namespace ?? 'default', objects, view, refOf(o)));
      }
    }
    out.push(o);
    // Later pods of the batch see this batch's service accounts and webhook configuration.
    if (o.kind === 'ServiceAccount' || o.kind === 'MutatingWebhookConfiguration') await objects.put([o]);
  }
  return { objects: out, pods };
}
