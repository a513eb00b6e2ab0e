/**
 * Pods reach their cluster's API with their service account's token; kube-apiserver's
 * service-account authenticator accepts one that its issuer signed for the API server's audience,
 * within its validity, whose service account (and, for a token bound to a pod, whose pod) still
 * exists with the UID the token names. The user is `system:serviceaccount:<ns>:<name>` in the
 * groups `system:serviceaccounts` and `system:serviceaccounts:<ns>`; RBAC alone decides what it may
 * do (access entries name IAM principals only). A pod's own token carries EKS's extended expiry of
 * 90 days; one older is refused with 401 (eks/service-accounts.md, the catalogue's S05).
 */
import type { ClusterView } from './cluster-view.js';
import type { KubernetesObjectStore } from './object-store.js';
import type { MappedIdentity } from './authenticate.js';

export type ServiceAccountAuthentication = { readonly mapped: MappedIdentity } | { readonly mapped: undefined; readonly reason: string };

export async function serviceAccountUser(view: ClusterView, objects: KubernetesObjectStore, token: string): Promise<ServiceAccountAuthentication> {
  const verified = await view.verifyServiceAccountToken(token);
  if ('reason' in verified) return { mapped: undefined, reason: verified.reason };
  const { namespace, serviceAccount, pod } = verified;
  // kube-apiserver's wording (its authenticator logs these, the client sees 401 Unauthorized).
  const account = await objects.get('ServiceAccount', namespace, serviceAccount.name);
  if (account === undefined) return { mapped: undefined, reason: `serviceaccounts "${serviceAccount.name}" not found` };
  if (account.metadata.uid !== undefined && account.metadata.uid !== serviceAccount.uid) {
    return { mapped: undefined, reason: `service account UID (${account.metadata.uid}) does not match claim (${serviceAccount.uid})` };
  }
  const extra: Record<string, string[]> = {};
  if (pod !== undefined) {
    const found = await objects.get('Pod', namespace, pod.name);
    if (found === undefined) return { mapped: undefined, reason: `pods "${pod.name}" not found` };
    if (found.metadata.uid !== undefined && found.metadata.uid !== pod.uid) return { mapped: undefined, reason: `pod UID (${found.metadata.uid}) does not match claim (${pod.uid})` };
    extra['authentication.kubernetes.io/pod-name'] = [pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [pod.uid];
  }
  if (verified.jti !== undefined) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${verified.jti}`];
  return {
    mapped: {
      username: `system:serviceaccount:${namespace}:${serviceAccount.name}`,
      uid: serviceAccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
      extra,
    },
  };
}
