/**
 * The region a service's credential scope must name when the service is global. IAM's and
 * Organizations' endpoints in the `aws` partition are signed for us-east-1; a request for `iam`
 * signed for another region gets "Credential should be scoped to a valid region. " (IAM replies in
 * rusoto/rusoto#1870, JuliaCloud/AWS.jl#565, aws/aws-sdk-java#3108). STS's global endpoint is
 * also us-east-1, while each regional endpoint wants its own region (EKS user guide, "Credential
 * should be scoped to a valid region" on GetCallerIdentity); Gatehouse serves STS on one endpoint,
 * so it takes the region the client signed for.
 */

export const GLOBAL_SERVICE_SIGNING_REGION: Readonly<Record<string, string>> = {
  iam: 'us-east-1',
  organizations: 'us-east-1',
};

/** The region to require in the credential scope for a service, or undefined to accept any. */
export function expectedSigningRegion(service: string): string | undefined {
  return Object.hasOwn(GLOBAL_SERVICE_SIGNING_REGION, service) ? GLOBAL_SERVICE_SIGNING_REGION[service] : undefined;
}
