import type { PrincipalMatch, PrincipalSpec, RequestPrincipal } from './types.js';

/**
 * Decides how a Principal element names the request's principal (see `PrincipalMatch`).
 * Principal values are compared exactly: IAM does not allow wildcards in Principal other than `*`
 * (reference_policies_elements_principal.md).
 */
export function matchPrincipalSpec(spec: PrincipalSpec, p: RequestPrincipal): PrincipalMatch {
  if (spec.any) return 'session';
  let best: PrincipalMatch = 'none';
  if (p.type === 'service') {
    return spec.service.includes(p.arn) ? 'session' : 'none';
  }
  if (p.federatedProvider !== undefined && spec.federated.includes(p.federatedProvider)) return 'session';
  if (p.canonicalUser !== undefined && spec.canonicalUser.includes(p.canonicalUser)) return 'session';
  for (const value of spec.aws) {
    if (value === '*') return 'session';
    if (value === p.arn) return 'session';
    if (p.identityArn !== undefined && value === p.identityArn) best = 'identity';
    else if (best === 'none' && p.accountId !== undefined && value === `arn:aws:iam::${p.accountId}:root`) {
      best = p.type === 'root' ? 'session' : 'account';
    }
  }
  return best;
}

/** A short sentence saying how (or whether) the element names the principal, for traces. */
export function describePrincipalMatch(match: PrincipalMatch, p: RequestPrincipal, not: boolean): string {
  const element = not ? 'NotPrincipal' : 'Principal';
  switch (match) {
    case 'none':
      return `${element} does not name ${p.arn}`;
    case 'session':
      return `${element} names ${p.arn}`;
    case 'identity':
      return `${element} names ${p.identityArn ?? p.arn}, the identity behind ${p.arn}`;
    case 'account':
      return `${element} names account ${p.accountId ?? ''}, which delegates to its identity-based policies`;
  }
}
