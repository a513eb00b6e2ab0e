/**
 * Verifying a web identity token (an OIDC ID token, a JWT) as STS does for
 * AssumeRoleWithWebIdentity: its issuer must have an IAM OIDC provider in the role's account, its
 * signature must verify under a key of the issuer's published key set (asymmetric algorithms only:
 * `alg: none`, HMAC — with which a public key could be passed off as a shared secret — and keys of
 * the wrong type are refused), it must not be expired, and its audience (`aud`, or `azp` when set)
 * must be one of the provider's client IDs. jose does the JOSE work; it is loaded on first use.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { OidcProviderRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import { oidcProviderByIssuer } from '../iam/oidc-provider-lookup.js';
import { issuerWithoutScheme } from '../iam/oidc-provider-url.js';
import type { IssuerKeySource, KeySet } from './federation-context.js';

/** The algorithms STS accepts: RSA and elliptic-curve signatures (never `none`, never HMAC). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** AWS's words (recorded from AWS answers to tokens that are not JWTs). */
const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
/** AWS's words when the issuer's keys cannot be had or none fits (recorded: repost.aws, gitlab MR 138405). */
export const NO_VERIFICATION_KEY = "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements";
/** AWS's words (error catalogue E07, seeds/003). */
export const INCORRECT_AUDIENCE = 'Incorrect token audience';
/** AWS's words. */
export const MISSING_AUD = 'Missing a required claim: aud';
/**
 * A signature that does not verify under the issuer's key, and an algorithm STS does not take:
 * AWS's wording for these is not known.
 */
const BAD_SIGNATURE = 'The signature of the web identity token could not be verified';
const BAD_ALGORITHM = 'The web identity token is signed with an algorithm that is not supported';

function invalid(message: string): AwsError {
  return new AwsError('InvalidIdentityToken', message, 400);
}

/** The claims of a verified token that STS uses. */
export interface VerifiedWebIdentity {
  readonly provider: OidcProviderRecord;
  /** `iss` as the token gives it. */
  readonly issuer: string;
  /** The issuer without `https://`: the prefix of the condition keys (`<issuer>:sub`). */
  readonly keyPrefix: string;
  readonly subject: string;
  /** The client ID that matched: `azp` when the token has one, else the matching `aud`. */
  readonly audience: string;
  /** Every `aud` value. */
  readonly audiences: readonly string[];
  readonly authorizedParty: string | undefined;
  readonly amr: readonly string[] | undefined;
}

type Jose = typeof import('jose');
let josePromise: Promise<Jose> | undefined;
function jose(): Promise<Jose> {
  josePromise ??= import('jose');
  return josePromise;
}

/** Imported keys of a key set (jose keeps them per resolver), by the set the cache handed out. */
const resolvers = new WeakMap<KeySet, ReturnType<Jose['createLocalJWKSet']>>();

/**
 * The provider for the token's issuer in `accountId` and the verified claims; throws AWS's errors.
 * `now`: the request's time.
 */
export async function verifyWebIdentityToken(
  token: string,
  accountId: string,
  c: Pick<ReadCollections, 'oidcProviders'>,
  keys: IssuerKeySource,
  now: Date,
): Promise<VerifiedWebIdentity> {
  const j = await jose();
  let header: ReturnType<Jose['decodeProtectedHeader']>;
  let unverified: ReturnType<Jose['decodeJwt']>;
  try {
    header = j.decodeProtectedHeader(token);
    unverified = j.decodeJwt(token);
  } catch {
    throw invalid(NOT_A_JWT);
  }
  const iss = unverified.iss;
  if (typeof iss !== 'string' || iss === '') throw invalid(NOT_A_JWT);
  const provider = await oidcProviderByIssuer(c, accountId, iss);
  const issuerUrl = `https://${issuerWithoutScheme(iss)}`;
  if (provider === undefined) throw invalid(`No OpenIDConnect provider found in your account for ${issuerUrl}`);
  if (typeof header.alg !== 'string' || !(ALGORITHMS as readonly string[]).includes(header.alg)) throw invalid(BAD_ALGORITHM);

  const set = await keys.keySet(issuerUrl, provider.ThumbprintList, typeof header.kid === 'string' ? header.kid : undefined);
  let resolver = resolvers.get(set);
  if (resolver === undefined) {
    try {
      resolver = j.createLocalJWKSet({ keys: set.keys as never });
    } catch {
      throw invalid(NO_VERIFICATION_KEY);
    }
    resolvers.set(set, resolver);
  }
  let claims: Awaited<ReturnType<Jose['jwtVerify']>>['payload'];
  try {
    ({ payload: claims } = await j.jwtVerify(token, resolver, { algorithms: [...ALGORITHMS], currentDate: now, clockTolerance: 0, requiredClaims: ['exp'] }));
  } catch (err) {
    throw tokenError(j, err, now);
  }

  const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audiences.length === 0) throw invalid(MISSING_AUD);
  const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
  const clientIds = provider.ClientIDList;
  const matched = azp !== undefined && clientIds.includes(azp) ? azp : audiences.find((a) => clientIds.includes(a));
  if (matched === undefined) throw invalid(INCORRECT_AUDIENCE);
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalid('Missing a required claim: sub');
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : typeof claims.amr === 'string' ? [claims.amr] : undefined;
  return {
    provider,
    issuer: iss,
    keyPrefix: issuerWithoutScheme(iss),
    subject: claims.sub,
    audience: matched,
    audiences,
    authorizedParty: azp,
    amr,
  };
}


/** jose's refusals as STS words them. */
function tokenError(j: Jose, err: unknown, now: Date): AwsError {
  const e = j.errors;
  if (err instanceof e.JWTExpired) {
    const exp = typeof err.payload.exp === 'number' ? err.payload.exp : 0;
    // Recorded from AWS (2024; earlier answers lacked the last space).
    return new AwsError('ExpiredTokenException', `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time ${exp}`, 400);
  }
  if (err instanceof e.JWKSNoMatchingKey || err instanceof e.JWKSMultipleMatchingKeys || err instanceof e.JWKSInvalid) return invalid(NO_VERIFICATION_KEY);
  if (err instanceof e.JOSEAlgNotAllowed || err instanceof e.JOSENotSupported) return invalid(BAD_ALGORITHM);
  if (err instanceof e.JWSSignatureVerificationFailed) return invalid(BAD_SIGNATURE);
  // nbf in the future, an iat that is no number, …: AWS's wording is not known.
  if (err instanceof e.JWTClaimValidationFailed) {
    // A missing claim is worded as AWS words a missing `aud`.
    return invalid(err.reason === 'missing' ? `Missing a required claim: ${err.claim}` : `The web identity token's "${err.claim}" claim is not valid`);
  }
  return invalid(NOT_A_JWT);
}
