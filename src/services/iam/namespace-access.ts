/**
 * Which services, and which actions of a service, a set of identity policies allows, as IAM's
 * last-accessed reports and ListPoliciesGrantingServiceAccess judge it: "It only applies
 * permissions policy logic" (GenerateServiceLastAccessedDetails) — the Action / NotAction of Allow
 * statements, less what unconditional Deny statements on every resource take away; conditions and
 * resources of Allow statements are not weighed, and no other policy type (boundaries, SCPs,
 * resource policies) counts.
 *
 * A pattern names its service with the part before the colon (IAM refuses wildcards there: `*`
 * alone is the only pattern naming every service); a service is allowed when at least one of its
 * actions is. Action lists are read only where a pattern names part of a service.
 */
import type { NormalizedStatement } from '../../policy/types.js';
import { compileWildcard } from '../../policy/wildcard.js';
import type { ServiceCatalogue } from './service-catalogue.js';

interface Pattern {
  readonly service: (namespace: string) => boolean;
  /** Undefined when the pattern covers every action of the services it names. */
  readonly action: ((actionLower: string) => boolean) | undefined;
}

function pattern(text: string): Pattern {
  const lower = text.toLowerCase();
  if (lower === '*') return { service: () => true, action: undefined };
  const colon = lower.indexOf(':');
  const service = colon < 0 ? lower : lower.slice(0, colon);
  const action = colon < 0 ? '' : lower.slice(colon + 1);
  return { service: compileWildcard(service, false), action: action === '*' ? undefined : compileWildcard(action, false) };
}

/** What one statement says about one service: nothing, every action, or some actions. */
type Coverage = { readonly kind: 'none' } | { readonly kind: 'all' } | { readonly kind: 'some'; readonly test: (actionLower: string) => boolean };

const NONE: Coverage = { kind: 'none' };
const ALL: Coverage = { kind: 'all' };

function coverage(patterns: readonly Pattern[], namespace: string, not: boolean): Coverage {
  const relevant = patterns.filter((p) => p.service(namespace));
  if (!not) {
    if (relevant.length === 0) return NONE;
    if (relevant.some((p) => p.action === undefined)) return ALL;
    return { kind: 'some', test: (a) => relevant.some((p) => p.action?.(a) === true) };
  }
  // NotAction: every action of the service except those the patterns name.
  if (relevant.length === 0) return ALL;
  if (relevant.some((p) => p.action === undefined)) return NONE;
  return { kind: 'some', test: (a) => !relevant.some((p) => p.action?.(a) === true) };
}

/** A Deny that applies to every request for its actions: no condition, every resource. */
function denies(s: NormalizedStatement): boolean {
  return s.effect === 'Deny' && s.condition.length === 0 && !s.notResource && (s.resources ?? ['*']).includes('*');
}

/** The identity policies' statements, ready to be asked about services. */
export class NamespaceAccess {
  readonly #allows: readonly { readonly patterns: readonly Pattern[]; readonly not: boolean }[];
  readonly #denies: readonly { readonly patterns: readonly Pattern[]; readonly not: boolean }[];
  readonly #catalogue: ServiceCatalogue;

  constructor(statements: readonly NormalizedStatement[], catalogue: ServiceCatalogue) {
    const compile = (s: NormalizedStatement) => ({ patterns: s.actions.map(pattern), not: s.notAction });
    this.#allows = statements.filter((s) => s.effect === 'Allow').map(compile);
    this.#denies = statements.filter(denies).map(compile);
    this.#catalogue = catalogue;
  }

  /** The service's actions (their names as AWS writes them) that the policies allow. */
  async allowedActions(namespace: string): Promise<readonly string[]> {
    const allowed = this.#allows.map((s) => coverage(s.patterns, namespace, s.not)).filter((c) => c.kind !== 'none');
    if (allowed.length === 0) return [];
    const denied = this.#denies.map((s) => coverage(s.patterns, namespace, s.not));
    if (denied.some((c) => c.kind === 'all')) return [];
    const actions = await this.#catalogue.actions(namespace);
    return actions
      .map((a) => a.name)
      .filter((name) => {
        const lower = name.toLowerCase();
        const isAllowed = allowed.some((c) => c.kind === 'all' || (c.kind === 'some' && c.test(lower)));
        return isAllowed && !denied.some((c) => c.kind === 'some' && c.test(lower));
      });
  }

  /** Does the policies allow at least one action of the service? */
  async allowsService(namespace: string): Promise<boolean> {
    const allowed = this.#allows.map((s) => coverage(s.patterns, namespace, s.not)).filter((c) => c.kind !== 'none');
    if (allowed.length === 0) return false;
    const denied = this.#denies.map((s) => coverage(s.patterns, namespace, s.not));
    if (denied.some((c) => c.kind === 'all')) return false;
    // A whole service allowed and nothing partly denied: no need to read its actions.
    if (allowed.some((c) => c.kind === 'all') && denied.every((c) => c.kind === 'none')) return true;
    return (await this.allowedActions(namespace)).length > 0;
  }
}
