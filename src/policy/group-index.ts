/**
 * A group of policies (a principal's identity policies, a level of SCPs...) indexed as one: for
 * each action, the candidate statements of every policy in the group, with statements that decide
 * alike (same signature) kept once. Built on first use and kept as long as the group's array is
 * alive, so a server that caches each principal's policy set pays for it once.
 */
import type { Compiled, CompiledStatement } from './compiled.js';
import { CandidateProgram } from './candidate-program.js';

const CANDIDATE_CACHE_LIMIT = 4096;
const NONE: readonly CompiledStatement[] = [];

export class GroupIndex {
  readonly #policies: readonly Compiled[];
  readonly #byAction = new Map<string, readonly CompiledStatement[]>();
  readonly #programs = new Map<string, CandidateProgram>();

  constructor(policies: readonly Compiled[]) {
    this.#policies = policies;
  }

  candidates(actionLower: string): readonly CompiledStatement[] {
    let hit = this.#byAction.get(actionLower);
    if (hit === undefined) {
      const seen = new Set<string>();
      const out: CompiledStatement[] = [];
      for (const policy of this.#policies) {
        for (const s of policy.candidates(actionLower)) {
          if (seen.has(s.signature)) continue;
          seen.add(s.signature);
          out.push(s);
        }
      }
      hit = out.length === 0 ? NONE : out;
      if (this.#byAction.size >= CANDIDATE_CACHE_LIMIT) this.#byAction.clear();
      this.#byAction.set(actionLower, hit);
    }
    return hit;
  }

  /** The candidates for an action, laid out for the evaluator's hot loop (see CandidateProgram). */
  program(actionLower: string): CandidateProgram {
    let hit = this.#programs.get(actionLower);
    if (hit === undefined) {
      hit = new CandidateProgram(this.candidates(actionLower));
      if (this.#programs.size >= CANDIDATE_CACHE_LIMIT) this.#programs.clear();
      this.#programs.set(actionLower, hit);
    }
    return hit;
  }
}

const indexes = new WeakMap<readonly Compiled[], GroupIndex>();

export function groupIndex(policies: readonly Compiled[]): GroupIndex {
  let idx = indexes.get(policies);
  if (idx === undefined) {
    idx = new GroupIndex(policies);
    indexes.set(policies, idx);
  }
  return idx;
}
