import type { ContextValue, RequestContext } from './types.js';

/**
 * One request as the evaluator reads it: condition keys looked up case-insensitively. The
 * lowercased index is built on first use, so requests whose policies have no conditions never pay
 * for it.
 */
export class RequestView {
  readonly request: RequestContext;
  /** The action, lowercased once (actions match case-insensitively). */
  readonly actionLower: string;
  #keys: Map<string, ContextValue> | undefined;

  constructor(request: RequestContext) {
    this.request = request;
    this.actionLower = request.action.toLowerCase();
  }

  /** The value of a condition key, by its lowercased name; undefined when the request has none. */
  get(keyLower: string): ContextValue | undefined {
    let keys = this.#keys;
    if (keys === undefined) {
      keys = new Map();
      const context = this.request.context;
      for (const name in context) keys.set(name.toLowerCase(), context[name]!);
      this.#keys = keys;
    }
    return keys.get(keyLower);
  }
}
