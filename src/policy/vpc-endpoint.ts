/**
 * Whether a request came through a VPC endpoint: AWS puts `aws:SourceVpce` (the endpoint) and
 * `aws:SourceVpc` (its VPC) in the request context only then (reference_policies_condition-keys.md,
 * "aws:SourceVpc", "aws:SourceVpce"). Such a request is subject to the endpoint's policy, and its
 * denials are worded for it (troubleshoot_access-denied.md, "Access denied due to a VPC endpoint
 * policy" and "Access denied when a VPC request fails due to another policy").
 */
import type { ContextKeys } from './types.js';
import type { RequestView } from './request-view.js';

/** The keys, lowercased, whose presence says the request came through a VPC endpoint. */
const ENDPOINT_KEYS: readonly string[] = ['aws:sourcevpce', 'aws:sourcevpc'];

export function viaEndpoint(view: RequestView): boolean {
  return ENDPOINT_KEYS.some((k) => view.get(k) !== undefined);
}

/** The same test over a request's condition keys as given (names in any case). */
export function contextViaEndpoint(context: ContextKeys): boolean {
  for (const name in context) if (ENDPOINT_KEYS.includes(name.toLowerCase())) return true;
  return false;
}
