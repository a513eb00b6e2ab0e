/**
 * EKS Auth's AssumeRoleForPodIdentity: what the EKS Pod Identity Agent calls with a pod's
 * projected service-account token (audience `pods.eks.amazonaws.com`) to get the credentials of
 * the role associated with the pod's service account. The role must trust `pods.eks.amazonaws.com`
 * for `sts:AssumeRole` and `sts:TagSession` (pod-id-role.md); the session carries the six session
 * tags of pod-id-abac.md, all transitive.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/aws-error.js';
import type { OperationDef } from '../operation.js';
import { requiredString } from '../iam/input-fields.js';
import { issueCredentials } from '../sts/session-inputs.js';
import { clusterArn, issuerUrl } from './eks-ids.js';
import { findCluster } from './eks-context.js';
import { signingKeyOf } from './issuer-keys.js';
import { allAssociations } from './pod-identity-associations.js';
import { trustsService } from './clusters.js';

export const POD_IDENTITY_AUDIENCE = 'pods.eks.amazonaws.com';
/** Pod Identity credentials last six hours (the agent refreshes them before they expire). */
const CREDENTIAL_SECONDS = 6 * 3600;

// EKS Auth's exact messages are not known from recordings; the codes are the model's.
const invalidToken = (why: string): AwsError => new AwsError('InvalidTokenException', why, 400, 'Sender');

interface PodClaims {
  readonly sub?: string;
  readonly 'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string }; pod?: { name?: string; uid?: string } };
}

export const assumeRoleForPodIdentity: OperationDef = {
  name: 'AssumeRoleForPodIdentity',
  readOnly: true,
  authorize: (input, ctx) => ({ action: 'eks-auth:AssumeRoleForPodIdentity', resource: clusterArn(ctx.accountId, ctx.region, requiredString(input, 'clusterName')) }),
  async handler(input, ctx) {
    const clusterName = requiredString(input, 'clusterName');
    const cluster = await findCluster(ctx, clusterName);
    if (cluster === undefined) throw new AwsError('ResourceNotFoundException', `No cluster found for name: ${clusterName}.`, 404, 'Sender');
    const { jwtVerify, errors } = await import('jose');
    let claims: PodClaims;
    try {
      const verified = await jwtVerify(requiredString(input, 'token'), createPublicKey(signingKeyOf(cluster, ctx.sealer)), {
        issuer: issuerUrl(cluster.region, cluster.issuerId),
        audience: POD_IDENTITY_AUDIENCE,
        algorithms: ['RS256'],
        currentDate: ctx.now,
      });
      claims = verified.payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new AwsError('ExpiredTokenException', 'The token has expired.', 400, 'Sender');
      throw invalidToken(err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud' ? 'The token audience is not valid.' : 'The token is not valid.');
    }
    const k8s = claims['kubernetes.io'];
    const namespace = k8s?.namespace;
    const serviceAccount = k8s?.serviceaccount?.name;
    if (namespace === undefined || serviceAccount === undefined || claims.sub !== `system:serviceaccount:${namespace}:${serviceAccount}`) throw invalidToken('The token is not a service account token.');
    const association = (await allAssociations(ctx, cluster)).find((a) => a.namespace === namespace && a.serviceAccount === serviceAccount);
    if (association === undefined) throw new AwsError('ResourceNotFoundException', `No Pod Identity Association found for service account ${serviceAccount} in namespace ${namespace}.`, 404, 'Sender');
    const roleName = association.roleArn.slice(association.roleArn.lastIndexOf('/') + 1);
    const role = await ctx.store.read.roles.getByName(association.roleArn.split(':')[4] ?? '', roleName);
    const tagged = !association.disableSessionTags;
    if (role === undefined || role.Arn !== association.roleArn || !trustsService(role.AssumeRolePolicyDocument, POD_IDENTITY_AUDIENCE) || (tagged && !trustsService(role.AssumeRolePolicyDocument, POD_IDENTITY_AUDIENCE, 'sts:TagSession'))) {
      throw new AwsError('AccessDeniedException', `Unable to assume role ${association.roleArn} for pod identity association ${association.associationId}: the role's trust policy must allow ${POD_IDENTITY_AUDIENCE} to perform sts:AssumeRole and sts:TagSession.`, 403, 'Sender');
    }
    const podName = k8s?.pod?.name ?? '';
    const podUid = k8s?.pod?.uid ?? '';
    const sessionName = `eks-${clusterName}-${podName}-${randomUUID()}`.slice(0, 64);
    const tags: [string, string][] = tagged
      ? [
          ['eks-cluster-arn', cluster.arn],
          ['eks-cluster-name', cluster.name],
          ['kubernetes-namespace', namespace],
          ['kubernetes-service-account', serviceAccount],
          ['kubernetes-pod-name', podName],
          ['kubernetes-pod-uid', podUid],
        ]
      : [];
    const { credentials } = issueCredentials(ctx, role.AccountId, Math.min(CREDENTIAL_SECONDS, role.MaxSessionDuration), {
      kind: 'role',
      roleId: role.RoleId,
      roleArn: role.Arn,
      name: sessionName,
      ...(association.policy !== undefined ? { policy: association.policy } : {}),
      ...(tags.length > 0 ? { tags, transitiveTagKeys: tags.map(([k]) => k) } : {}),
    });
    return {
      subject: { namespace, serviceAccount },
      audience: POD_IDENTITY_AUDIENCE,
      podIdentityAssociation: { associationArn: association.associationArn, associationId: association.associationId },
      assumedRoleUser: { arn: `arn:aws:sts::${role.AccountId}:assumed-role/${role.RoleName}/${sessionName}`, assumeRoleId: `${role.RoleId}:${sessionName}` },
      credentials: {
        sessionToken: credentials.SessionToken!,
        secretAccessKey: credentials.SecretAccessKey!,
        accessKeyId: credentials.AccessKeyId!,
        expiration: credentials.Expiration!,
      },
    };
  },
};
