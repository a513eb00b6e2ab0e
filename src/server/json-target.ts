/**
 * The `X-Amz-Target` of an awsJson request in its full form. Clients name the operation in two
 * ways, both answered by AWS: botocore (AWS CLI, boto3) sends `<targetPrefix>.<Operation>`, e.g.
 * `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`, while the AWS SDK for
 * JavaScript v3 sends only the prefix's last segment, `CloudTrail_20131101.LookupEvents`.
 */
export function fullJsonTarget(target: string | undefined, targetPrefix: string | undefined): string | undefined {
  if (target === undefined || targetPrefix === undefined) return target;
  const shortPrefix = targetPrefix.slice(targetPrefix.lastIndexOf('.') + 1);
  if (shortPrefix !== targetPrefix && target.startsWith(`${shortPrefix}.`) && target.indexOf('.', shortPrefix.length + 1) < 0) {
    return `${targetPrefix}${target.slice(shortPrefix.length)}`;
  }
  return target;
}
