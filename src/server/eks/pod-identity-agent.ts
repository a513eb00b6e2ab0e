/**
 * The EKS Pod Identity Agent's exchange, in process: the pod's projected token (audience
 * `pods.eks.amazonaws.com`, sent in the `Authorization` header as the SDKs send the content of
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`) goes to eks-auth AssumeRoleForPodIdentity for the
 * pod's cluster, and the credentials come back in the container-credentials format the SDKs read
 * from `AWS_CONTAINER_CREDENTIALS_FULL_URI` (AccessKeyId, SecretAccessKey, Token, AccountId,
 * Expiration). The agent calls eks-auth with the node's role in a cluster; here Gatehouse is the
 * agent, so the call is not authorized against a node role. AWS errors (no association, a role
 * that does not trust pods.eks.amazonaws.com, a bad token) are thrown as they are.
 */
import type { Store } from '../../state/store.js';
import type { SecretSealer } from '../../state/secret-sealer.js';
import type { OperationContext, PolicyDirectory, SessionSealer } from '../../services/operation.js';
import type { ClusterView } from '../../services/eks/cluster-view.js';
import { assumeRoleForPodIdentity } from '../../services/eks/assume-role-for-pod-identity.js';
import { newRequestId } from '../../aws/request-id.js';

export interface ContainerCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly Token: string;
  readonly AccountId: string;
  readonly Expiration: string;
}

export interface PodIdentityAgentDeps {
  readonly store: Store;
  readonly sealer: SecretSealer;
  readonly policies: PolicyDirectory;
  readonly sessions: SessionSealer;
  readonly clock: () => Date;
}

export function podIdentityAgent(d: PodIdentityAgentDeps): (view: ClusterView, token: string) => Promise<ContainerCredentials> {
  return async (view, token) => {
    const ctx: OperationContext = {
      store: d.store,
      sealer: d.sealer,
      caller: { principal: { type: 'service', arn: 'pods.eks.amazonaws.com' }, accountId: view.accountId, userId: 'pods.eks.amazonaws.com', accessKeyId: '', tags: {} },
      policies: d.policies,
      accountId: view.accountId,
      region: view.region,
      requestId: newRequestId(),
      now: d.clock(),
      sessions: d.sessions,
    };
    const out = (await assumeRoleForPodIdentity.handler({ clusterName: view.cluster.name, token }, ctx)) as {
      assumedRoleUser: { arn: string };
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date | string };
    };
    const c = out.credentials;
    const expiration = c.expiration instanceof Date ? c.expiration : new Date(c.expiration);
    return {
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      Token: c.sessionToken,
      AccountId: out.assumedRoleUser.arn.split(':')[4] ?? view.accountId,
      Expiration: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  };
}
