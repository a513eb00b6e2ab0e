/**
 * The pod identity webhook as an AdmissionReview endpoint (admission.k8s.io v1 and v1beta1), as
 * aws/amazon-eks-pod-identity-webhook answers: the review's `apiVersion` and `kind` echoed, the
 * request's UID, `allowed: true` and, when the pod's service account has a role (or a pod identity
 * association), the JSONPatch base64-encoded with `patchType: JSONPatch`. A review it cannot read
 * is answered with `result.message` and no `allowed`. The pod's namespace is the request's.
 */
import type { V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import type { ClusterView } from './cluster-view.js';
import type { KubernetesObjectStore } from './object-store.js';
import { clusterWebhookSettings } from './admission.js';
import { mutatePod, type WebhookSettings } from './pod-identity-mutation.js';

interface AdmissionResponse {
  uid?: string;
  allowed?: boolean;
  patch?: string;
  patchType?: 'JSONPatch';
  status?: { message: string };
}

export interface AdmissionReviewAnswer {
  apiVersion?: string;
  kind?: string;
  response: AdmissionResponse;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Answers one AdmissionReview. `body` is the request body as received; `settings` defaults to the
 * cluster's (its region, regional STS).
 */
export async function handleAdmissionReview(
  body: string | Buffer,
  objects: KubernetesObjectStore,
  view: Pick<ClusterView, 'region' | 'cluster' | 'podIdentityAssociations'>,
  settings: WebhookSettings = clusterWebhookSettings(view),
): Promise<AdmissionReviewAnswer> {
  let review: unknown;
  try {
    review = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    // Kubernetes' `metav1.Status` carries the message in `message`; the answer's `response.status`
    // (the Go field `Result`) is that Status.
    return { response: { status: { message: `couldn't get version/kind; json parse error: ${err instanceof Error ? err.message : String(err)}` } } };
  }
  if (!isRecord(review)) return { response: { status: { message: "couldn't get version/kind; json parse error: not an object" } } };
  const typeMeta = {
    ...(typeof review.apiVersion === 'string' ? { apiVersion: review.apiVersion } : {}),
    ...(typeof review.kind === 'string' ? { kind: review.kind } : {}),
  };
  const request = review.request;
  if (!isRecord(request)) return { ...typeMeta, response: { status: { message: 'bad content' } } };
  const uid = typeof request.uid === 'string' ? request.uid : undefined;
  const object = request.object;
  if (!isRecord(object) || (object.spec !== undefined && !isRecord(object.spec))) {
    return { ...typeMeta, response: { ...(uid !== undefined ? { uid } : {}), status: { message: 'json: cannot unmarshal the object into Go value of type v1.Pod' } } };
  }
  const namespace = typeof request.namespace === 'string' ? request.namespace : '';
  const pod0 = object as unknown as V1Pod;
  const pod: V1Pod = { ...pod0, metadata: { ...(pod0.metadata ?? {}), namespace } };
  const saName = pod.spec?.serviceAccountName ?? '';
  const sa = saName === '' ? undefined : ((await objects.get('ServiceAccount', namespace, saName)) as V1ServiceAccount | undefined);
  const podIdentity = (await view.podIdentityAssociations()).some((a) => a.namespace === namespace && a.serviceAccount === saName);
  const m = mutatePod({ pod, serviceAccount: sa, podIdentity, settings });
  const response: AdmissionResponse = { ...(uid !== undefined ? { uid } : {}), allowed: true };
  if (m.kind !== 'none') {
    response.patch = Buffer.from(JSON.stringify(m.patch)).toString('base64');
    response.patchType = 'JSONPatch';
  }
  return { ...typeMeta, response };
}
