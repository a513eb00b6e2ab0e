/**
 * The pod identity webhook as an AdmissionReview endpoint (admission.k8s.io v1 and v1beta1), as
 * aws/amazon-eks-pod-identity-webhook answers: the review's `apiVersion` and `kind` echoed, the
 * request's UID, `allowed: true` and, when the pod's service account has a role (or a pod identity
 * association), the JSONPatch base64-encoded with `patchType: JSONPatch`. A review it cannot read
 * is answered with `result.message` and no `allowed`. The pod's namespace is the request's.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { AdmissionSnapshot } from './admission-snapshot.js';
import { mutatePod, shallowCopy } from './pod-identity-mutation.js';

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

/** The answer to `review` before its response is filled in: `apiVersion` and `kind` echoed when they are strings. */
function answerTo(review: Record<string, unknown>): AdmissionReviewAnswer {
  // Keys in the webhook's order: `apiVersion`, `kind`, `response`.
  const meta: { apiVersion?: string; kind?: string } = {};
  if (typeof review.apiVersion === 'string') meta.apiVersion = review.apiVersion;
  if (typeof review.kind === 'string') meta.kind = review.kind;
  return Object.assign(meta, { response: {} });
}

/**
 * Answers one AdmissionReview. `body` is the request body as received; `cluster` is what the
 * webhook knows of the cluster (its settings, service accounts and Pod Identity associations).
 */
export function handleAdmissionReview(body: string | Buffer, cluster: AdmissionSnapshot): AdmissionReviewAnswer {
  let review: unknown;
  try {
    review = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    // Kubernetes' `metav1.Status` carries the message in `message`; the answer's `response.status`
    // (the Go field `Result`) is that Status.
    return { response: { status: { message: `couldn't get version/kind; json parse error: ${err instanceof Error ? err.message : String(err)}` } } };
  }
  if (!isRecord(review)) return { response: { status: { message: "couldn't get version/kind; json parse error: not an object" } } };
  const answer = answerTo(review);
  const request = review.request;
  if (!isRecord(request)) {
    answer.response.status = { message: 'bad content' };
    return answer;
  }
  const uid = typeof request.uid === 'string' ? request.uid : undefined;
  if (uid !== undefined) answer.response.uid = uid;
  const object = request.object;
  if (!isRecord(object) || (object.spec !== undefined && !isRecord(object.spec))) {
    answer.response.status = { message: 'json: cannot unmarshal the object into Go value of type v1.Pod' };
    return answer;
  }
  const namespace = typeof request.namespace === 'string' ? request.namespace : '';
  // The pod in the request's namespace (a copy: the parsed object is not changed).
  const pod = shallowCopy(object as unknown as V1Pod);
  pod.metadata = shallowCopy(pod.metadata ?? {});
  pod.metadata.namespace = namespace;
  const saName = pod.spec?.serviceAccountName ?? '';
  const serviceAccount = saName === '' ? undefined : cluster.serviceAccount(namespace, saName);
  const m = mutatePod({ pod, serviceAccount, podIdentity: cluster.hasPodIdentityAssociation(namespace, saName), settings: cluster.settings });
  answer.response.allowed = true;
  if (m.kind !== 'none') {
    answer.response.patch = Buffer.from(JSON.stringify(m.patch)).toString('base64');
    answer.response.patchType = 'JSONPatch';
  }
  return answer;
}

/**
 * The JSON text of an answer of handleAdmissionReview, as `JSON.stringify(answer)` writes it. An
 * allowed answer is written around its base64 patch rather than copied and scanned once more; the
 * rarer refusals go through JSON.stringify.
 */
export function encodeAdmissionReviewAnswer(answer: AdmissionReviewAnswer): string {
  const r = answer.response;
  if (r.status !== undefined || r.allowed === undefined) return JSON.stringify(answer);
  let text = '{';
  if (answer.apiVersion !== undefined) text += `"apiVersion":${JSON.stringify(answer.apiVersion)},`;
  if (answer.kind !== undefined) text += `"kind":${JSON.stringify(answer.kind)},`;
  text += '"response":{';
  if (r.uid !== undefined) text += `"uid":${JSON.stringify(r.uid)},`;
  text += `"allowed":${r.allowed ? 'true' : 'false'}`;
  // The patch is this module's base64, whose characters JSON never escapes.
  if (r.patch !== undefined) text += `,"patch":"${r.patch}"`;
  if (r.patchType !== undefined) text += `,"patchType":"${r.patchType}"`;
  return `${text}}}`;
}
