/**
 * Which host names are AWS's: names under the DNS suffixes of the AWS partitions that clients
 * outside AWS's closed networks reach (botocore's `partitions.json`: `dnsSuffix` and
 * `dualStackDnsSuffix` of aws, aws-us-gov, aws-cn and aws-eusc). Requests for these names are
 * Gatehouse's to answer; the proxy never sends them anywhere else.
 */
export const AWS_DNS_SUFFIXES: readonly string[] = [
  'amazonaws.com',
  'api.aws',
  'amazonaws.com.cn',
  'api.amazonwebservices.com.cn',
  'amazonaws.eu',
  'api.amazonwebservices.eu',
];

/** True for a host (lowercase, no trailing dot) below one of the AWS suffixes: `iam.amazonaws.com`, `sts.us-west-2.amazonaws.com`. */
export function isAwsHost(host: string): boolean {
  return AWS_DNS_SUFFIXES.some((suffix) => host.endsWith(`.${suffix}`));
}

/** The port AWS endpoints answer HTTPS on; the proxy serves AWS names through a tunnel on it only. */
export const AWS_HTTPS_PORT = 443;
/** The port of AWS's plain-HTTP endpoints, reached by proxy requests in absolute form. */
export const AWS_HTTP_PORT = 80;
