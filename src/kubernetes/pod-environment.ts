/**
 * The AWS environment of one container of a pod as the pod identity webhook leaves it: its
 * literal environment variables, and the projected service-account token the kubelet would write
 * to the token file (minted by the cluster's issuer). `gatehouse pod run` writes the token to a
 * local file and points the token-file variable at it.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { ClusterView } from './cluster-view.js';
import { admitPod, podTemplateOf, type PodAdmission } from './admission.js';
import type { KubeObject } from './kube-object.js';
import { refOf } from './kube-object.js';
import type { KubernetesObjectStore } from './object-store.js';

export const TOKEN_FILE_VARIABLES = ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'] as const;

export interface PodEnvironment {
  readonly pod: { readonly name: string; readonly namespace: string; readonly serviceAccount: string; readonly owner: string };
  readonly container: string;
  /** `irsa`, `podIdentity`, or `none` (the webhook left the pod alone). */
  readonly identity: 'irsa' | 'podIdentity' | 'none';
  /** Why the webhook did not act, when it did not. */
  readonly webhook: PodAdmission['webhook'];
  /** The container's literal variables, in order (variables from `valueFrom` are listed in `unresolved`). */
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly unresolved: readonly string[];
  /** The projected token for the webhook's volume, when the container mounts it. */
  readonly token?: {
    readonly variable: (typeof TOKEN_FILE_VARIABLES)[number];
    /** The path inside the container. */
    readonly path: string;
    readonly audience: string;
    readonly expirationSeconds: number;
    readonly value: string;
  };
}

export class PodSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PodSelectionError';
  }
}

/** The pod (or pod template) of the manifests to run: the first one. */
export function podToRun(objects: readonly KubeObject[]): { pod: V1Pod; object: KubeObject } {
  for (const o of objects) {
    if (o.kind === 'Pod') return { pod: o as unknown as V1Pod, object: o };
    const t = podTemplateOf(o);
    if (t !== undefined) return { pod: { apiVersion: 'v1', kind: 'Pod', metadata: { ...(t.metadata ?? {}), name: o.metadata.name }, spec: t.spec } as unknown as V1Pod, object: o };
  }
  throw new PodSelectionError('the manifests have no Pod and no workload with a pod template');
}

function pickContainer(pod: V1Pod, name: string | undefined): V1Container {
  const containers = pod.spec?.containers ?? [];
  const init = pod.spec?.initContainers ?? [];
  if (name === undefined) {
    const first = containers[0];
    if (first === undefined) throw new PodSelectionError(`pod ${pod.metadata?.name ?? ''} has no containers`);
    return first;
  }
  const c = [...containers, ...init].find((x) => x.name === name);
  if (c === undefined) {
    throw new PodSelectionError(`container ${name} is not valid for pod ${pod.metadata?.name ?? ''}: choose one of: [${[...containers, ...init].map((x) => x.name).join(' ')}]`);
  }
  return c;
}

export async function podEnvironment(
  manifests: readonly KubeObject[],
  containerName: string | undefined,
  defaultNamespace: string,
  objects: KubernetesObjectStore,
  view: Pick<ClusterView, 'region' | 'cluster' | 'podIdentityAssociations' | 'serviceAccountToken'>,
): Promise<PodEnvironment> {
  const { pod, object } = podToRun(manifests);
  const namespace = object.metadata.namespace ?? defaultNamespace;
  const admitted = await admitPod(pod, namespace, objects, view, refOf(object));
  const container = pickContainer(admitted.pod, containerName);
  const env: { name: string; value: string }[] = [];
  const unresolved: string[] = [];
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env.push({ name: e.name, value: e.value });
    else if (e.valueFrom !== undefined) unresolved.push(e.name);
    else env.push({ name: e.name, value: '' });
  }
  const serviceAccount = admitted.pod.spec?.serviceAccountName ?? 'default';
  const podName = admitted.pod.metadata?.name ?? '';
  let token: PodEnvironment['token'];
  const variable = TOKEN_FILE_VARIABLES.find((v) => env.some((e) => e.name === v));
  if (variable !== undefined) {
    const path = env.find((e) => e.name === variable)?.value ?? '';
    // The volume the token file lives in: the mount whose path contains the file.
    const mount = (container.volumeMounts ?? []).find((m) => path.replace(/\\/g, '/').replace(/^C:/, '').startsWith(`${m.mountPath.replace(/\/+$/, '')}/`));
    const volume = (admitted.pod.spec?.volumes ?? []).find((v) => v.name === mount?.name);
    const projection = volume?.projected?.sources?.find((s) => s.serviceAccountToken !== undefined)?.serviceAccountToken;
    if (projection !== undefined) {
      const audience = projection.audience ?? '';
      const expirationSeconds = projection.expirationSeconds ?? 3600;
      const value = await view.serviceAccountToken({
        namespace,
        serviceAccount,
        ...(audience !== '' ? { audience } : {}),
        expirationSeconds,
        podName,
        ...(admitted.pod.metadata?.uid !== undefined ? { podUid: admitted.pod.metadata.uid } : {}),
      });
      token = { variable, path, audience, expirationSeconds, value };
    }
  }
  return {
    pod: { name: podName, namespace, serviceAccount, owner: `${object.kind}/${object.metadata.name ?? ''}` },
    container: container.name,
    identity: admitted.mutation?.kind ?? 'none',
    webhook: admitted.webhook,
    env,
    unresolved,
    ...(token !== undefined ? { token } : {}),
  };
}
