/**
 * Who a `k8s-aws-v1.` token is: its presigned GetCallerIdentity is answered by Gatehouse's own STS,
 * in process (the request goes through the AWS endpoint's one path: SigV4 verification, the
 * caller's credentials, the audit trail), with the `x-k8s-aws-id` header set to the cluster's name
 * as aws-iam-authenticator sets it, so a token made for another cluster does not verify.
 */
import type { AwsEndpoint } from '../aws-endpoint.js';
import { canonicalArn, checkToken, CLUSTER_ID_HEADER, sessionNameOf, TokenFormatError, type ExtraHosts } from './aws-iam-token.js';

export interface TokenCaller {
  readonly arn: string;
  readonly canonicalArn: string;
  readonly accountId: string;
  readonly userId: string;
  readonly sessionName?: string;
  readonly accessKeyId: string;
}

export type TokenVerdict = { readonly ok: true; readonly caller: TokenCaller } | { readonly ok: false; readonly reason: string };

/** The elements of GetCallerIdentity's answer that are read (compiled once). */
const TAG = {
  Code: /<Code>([^<]*)<\/Code>/,
  Message: /<Message>([^<]*)<\/Message>/,
  Arn: /<Arn>([^<]*)<\/Arn>/,
  UserId: /<UserId>([^<]*)<\/UserId>/,
  Account: /<Account>([^<]*)<\/Account>/,
} as const;

function xmlText(xml: string, tag: keyof typeof TAG): string | undefined {
  return TAG[tag].exec(xml)?.[1];
}

export async function verifyTokenCaller(endpoint: Pick<AwsEndpoint, 'handle'>, token: string, clusterName: string, now: Date, extraHosts?: ExtraHosts): Promise<TokenVerdict> {
  let url: URL;
  let credential: string;
  try {
    ({ url, credential } = checkToken(token, now, extraHosts));
  } catch (err) {
    if (err instanceof TokenFormatError) return { ok: false, reason: `input token was not properly formatted: ${err.message}` };
    throw err;
  }
  const response = await endpoint.handle({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: new Map([
      ['host', [url.host]],
      [CLUSTER_ID_HEADER, [clusterName]],
    ]),
    body: Buffer.alloc(0),
    remoteAddress: '127.0.0.1',
    secure: true,
  });
  const body = response.body;
  if (response.status !== 200) return { ok: false, reason: `sts getCallerIdentity failed: ${xmlText(body, 'Code') ?? response.status}: ${xmlText(body, 'Message') ?? ''}` };
  const arn = xmlText(body, 'Arn');
  const userId = xmlText(body, 'UserId');
  const accountId = xmlText(body, 'Account');
  if (arn === undefined || userId === undefined || accountId === undefined) return { ok: false, reason: 'sts getCallerIdentity answered without an identity' };
  // As the authenticator reads it: `<unique ID>:<session name>` for a role session, `<unique ID>` otherwise.
  const parts = userId.split(':');
  if (parts.length > 2) return { ok: false, reason: `malformed UserID "${userId}"` };
  const sessionName = parts[1] ?? sessionNameOf(arn);
  return {
    ok: true,
    caller: { arn, canonicalArn: canonicalArn(arn), accountId, userId: parts[0]!, accessKeyId: credential.split('/')[0] ?? '', ...(sessionName !== undefined ? { sessionName } : {}) },
  };
}
