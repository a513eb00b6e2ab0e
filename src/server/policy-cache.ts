import { parsePolicy } from '../policy/index.js';
import type { CompiledPolicy, PolicyKind } from '../policy/types.js';

/**
 * Compiled policies by content: a document is compiled once and reused until its text changes, so
 * a cache refresh after an unrelated IAM change re-compiles nothing.
 */
export class CompiledPolicyCache {
  readonly #byKey = new Map<string, CompiledPolicy>();
  readonly #limit: number;

  constructor(limit = 200_000) {
    this.#limit = limit;
  }

  /** The compiled form of a stored document; undefined when it no longer validates. */
  get(kind: PolicyKind, id: string, text: string): CompiledPolicy | undefined {
    const key = `${kind}\u0000${id}\u0000${text}`;
    let hit = this.#byKey.get(key);
    if (hit === undefined) {
      const parsed = parsePolicy(text, kind, id);
      if (!parsed.ok) return undefined;
      hit = parsed.policy;
      if (this.#byKey.size >= this.#limit) this.#byKey.clear();
      this.#byKey.set(key, hit);
    }
    return hit;
  }
}
