/**
 * AWS managed policies live in the `aws` account of each partition
 * (`arn:aws:iam::aws:policy/...`, reference_identifiers.md) and cannot be edited by customers.
 */
const AWS_MANAGED_ARN = /^arn:aws(-[a-z]+)*:iam::aws:policy\//;

/** Whether a policy id is the ARN of an AWS managed policy. */
export function isAwsManagedPolicyArn(id: string): boolean {
  return AWS_MANAGED_ARN.test(id);
}
