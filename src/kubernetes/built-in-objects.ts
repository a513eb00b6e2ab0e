/**
 * The objects a new EKS cluster has that identity depends on: its namespaces and their `default`
 * service accounts, the `pod-identity-webhook` MutatingWebhookConfiguration (as EKS installs it:
 * pods created, unless labelled `eks.amazonaws.com/skip-pod-identity-webhook`), the
 * `cluster-admin` ClusterRole bound to `system:masters`, the user-facing `admin`, `edit` and
 * `view` ClusterRoles, and the discovery and self-review permissions every authenticated user has
 * (`system:discovery`, `system:basic-user`).
 *
 * The rules of `admin`, `edit` and `view` are those of the access policies the EKS guide calls
 * "similar to the Kubernetes user-facing cluster roles" (AmazonEKSAdminPolicy,
 * AmazonEKSEditPolicy, AmazonEKSViewPolicy); Kubernetes' own aggregated roles list more resources.
 */
import { accessPolicyRules } from './access-policies.js';
import type { KubeObject } from './kube-object.js';

const POLICY = 'arn:aws:eks::aws:cluster-access-policy/';

export function builtInObjects(at: string): KubeObject[] {
  const meta = (name: string, namespace?: string): KubeObject['metadata'] => ({
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    creationTimestamp: at,
  });
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  const clusterRole = (name: string, rules: unknown): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { ...meta(name), labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    rules,
  });
  const binding = (name: string, role: string, group: string): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { ...meta(name), labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  });
  return [
    ...namespaces.map((n): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(n), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } })),
    ...namespaces.map((n): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default', n) })),
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: meta('pod-identity-webhook'),
      webhooks: [
        {
          name: 'iam-for-pods.amazonaws.com',
          failurePolicy: 'Ignore',
          clientConfig: { url: 'https://127.0.0.1:23443/mutate' },
          objectSelector: { matchExpressions: [{ key: 'eks.amazonaws.com/skip-pod-identity-webhook', operator: 'DoesNotExist', values: [] }] },
          rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: '*' }],
          sideEffects: 'None',
          admissionReviewVersions: ['v1beta1'],
          reinvocationPolicy: 'IfNeeded',
          timeoutSeconds: 10,
          matchPolicy: 'Equivalent',
        },
      ],
    },
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    binding('cluster-admin', 'cluster-admin', 'system:masters'),
    clusterRole('admin', accessPolicyRules(`${POLICY}AmazonEKSAdminPolicy`) ?? []),
    clusterRole('edit', accessPolicyRules(`${POLICY}AmazonEKSEditPolicy`) ?? []),
    clusterRole('view', accessPolicyRules(`${POLICY}AmazonEKSViewPolicy`) ?? []),
    clusterRole('system:discovery', [
      { nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] },
    ]),
    binding('system:discovery', 'system:discovery', 'system:authenticated'),
    clusterRole('system:basic-user', [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ]),
    binding('system:basic-user', 'system:basic-user', 'system:authenticated'),
  ];
}
