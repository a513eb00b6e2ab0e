/**
 * EKS's access policies (eks-user-guide/access-policies.md): the AmazonEKS*Policy set that
 * ListAccessPolicies lists and AssociateAccessPolicy accepts.
 */
export const ACCESS_POLICY_ARN_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';

export const ACCESS_POLICY_NAMES: readonly string[] = [
  'AmazonEKSAdminPolicy',
  'AmazonEKSAdminViewPolicy',
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSViewPolicy',
];

export const CLUSTER_ADMIN_POLICY_ARN = `${ACCESS_POLICY_ARN_PREFIX}AmazonEKSClusterAdminPolicy`;

export function isAccessPolicyArn(arn: string): boolean {
  return arn.startsWith(ACCESS_POLICY_ARN_PREFIX) && ACCESS_POLICY_NAMES.includes(arn.slice(ACCESS_POLICY_ARN_PREFIX.length));
}

export function accessPolicies(): { name: string; arn: string }[] {
  return ACCESS_POLICY_NAMES.map((name) => ({ name, arn: `${ACCESS_POLICY_ARN_PREFIX}${name}` }));
}
