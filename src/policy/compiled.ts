/**
 * The compiled form the evaluator runs: each statement with its matchers, each condition with its
 * test. Internal to the engine: the library's types (`types.ts`) show what a policy says, and
 * every `CompiledPolicy` a caller holds was made by `compilePolicy`, so the engine reads the same
 * object through these types (`compiled`, `compiledSet`) without copying it.
 */
import type {
  CompiledPolicy,
  ConditionNote,
  PolicyCondition,
  PolicySet,
  PolicyStatement,
  PrincipalMatch,
  RequestPrincipal,
} from './types.js';
import type { RequestView } from './request-view.js';

/** A compiled matcher over strings (actions lowercased, resources as written). */
export type StringMatcher = (value: string) => boolean;

export interface CompiledCondition extends PolicyCondition {
  /** The key lowercased, for lookup. */
  readonly keyLower: string;
  /**
   * Decides this condition for one request. With `notes`, appends one note saying why (the
   * request's values against the policy's); without, allocates nothing on the common path.
   */
  readonly test: (view: RequestView, notes?: ConditionNote[]) => boolean;
}

export interface CompiledStatement extends PolicyStatement {
  /**
   * What decides how the statement applies, apart from its action: effect, resource matcher,
   * principal and conditions. Two statements with one signature and a matching action apply to
   * exactly the same requests.
   */
  readonly signature: string;
  /** Whether the Action / NotAction element applies to a lowercased action. */
  readonly matchAction: StringMatcher;
  /** Whether the Resource / NotResource element applies to the request's resource. */
  readonly matchResource: (view: RequestView) => boolean;
  /** How the Principal / NotPrincipal element names the request's principal. */
  readonly matchPrincipal: (principal: RequestPrincipal) => PrincipalMatch;
  readonly conditions: readonly CompiledCondition[];
}

export interface Compiled extends CompiledPolicy {
  readonly statements: readonly CompiledStatement[];
  /**
   * The statements whose Action / NotAction element applies to a lowercased action, in document
   * order. Remembered per action, so a policy matches each distinct action's patterns only once.
   */
  candidates(actionLower: string): readonly CompiledStatement[];
}

/** A policy set as the engine reads it. */
export interface CompiledSet extends PolicySet {
  readonly identity?: readonly Compiled[];
  readonly resource?: readonly Compiled[];
  readonly trust?: Compiled;
  readonly boundary?: Compiled;
  readonly session?: readonly Compiled[];
  readonly scps?: readonly (readonly Compiled[])[];
  readonly rcps?: readonly (readonly Compiled[])[];
  readonly endpoint?: readonly Compiled[];
}

/** The engine's view of a policy made by `compilePolicy` (the only maker of `CompiledPolicy`). */
export function compiled(policy: CompiledPolicy): Compiled {
  return policy as Compiled;
}

/** The engine's view of a policy set whose policies were made by `compilePolicy`. */
export function compiledSet(set: PolicySet): CompiledSet {
  return set as CompiledSet;
}
