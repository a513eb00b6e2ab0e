/** The EKS service and EKS Auth: every operation Gatehouse serves, in the tables the server reads. */
import { operationTable, type OperationTable } from '../operation.js';
import { clusterOperations } from './clusters.js';
import { accessEntryOperations } from './access-entries.js';
import { podIdentityAssociationOperations } from './pod-identity-associations.js';
import { tagOperations } from './tags.js';
import { updateOperations } from './updates.js';
import { assumeRoleForPodIdentity } from './assume-role-for-pod-identity.js';
import type { EksDeps } from './eks-context.js';

export type { EksDeps } from './eks-context.js';
export { CLUSTER_API_PATH } from './eks-context.js';

export function eksOperations(deps: EksDeps): OperationTable {
  return operationTable([...clusterOperations(deps), ...accessEntryOperations, ...podIdentityAssociationOperations, ...tagOperations, ...updateOperations]);
}

export const eksAuthOperations: OperationTable = operationTable([assumeRoleForPodIdentity]);
