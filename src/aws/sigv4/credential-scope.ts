/** The credential (`AKID/20150830/us-east-1/iam/aws4_request`) and the scope it names. */

export const SCOPE_TERMINATOR = 'aws4_request';

export interface CredentialScope {
  /** `YYYYMMDD`. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

export interface Credential {
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  /** The fifth element, which must be `aws4_request`. */
  readonly terminator: string;
}

/**
 * Splits a credential into its five slash-delimited elements; undefined when there are not five.
 * Trailing slashes are ignored, as AWS ignores them.
 */
export function parseCredential(value: string): Credential | undefined {
  const parts = (value.endsWith('/') ? value.replace(/\/+$/, '') : value).split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, scope: { date, region, service }, terminator };
}

/** `20150830/us-east-1/iam/aws4_request`. */
export function credentialScopeString(scope: CredentialScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/${SCOPE_TERMINATOR}`;
}
