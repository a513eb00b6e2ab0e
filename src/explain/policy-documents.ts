/**
 * The statements of the policies in a set, as they stand in their documents: looked up by policy
 * kind, id and statement index, for showing a statement beside its trace.
 */
import type { CompiledPolicy, Json, PolicyKind, PolicySet } from '../policy/index.js';

export interface PolicyDocuments {
  /** The statement's JSON as written in its document; null when the document is not at hand. */
  statement(kind: PolicyKind, policyId: string, index: number): Json;
}

export function compiledPolicies(set: PolicySet): PolicyDocuments {
  const all: CompiledPolicy[] = [
    ...(set.identity ?? []),
    ...(set.resource ?? []),
    ...(set.trust !== undefined ? [set.trust] : []),
    ...(set.boundary !== undefined ? [set.boundary] : []),
    ...(set.session ?? []),
    ...(set.scps ?? []).flat(),
    ...(set.rcps ?? []).flat(),
    ...(set.endpoint ?? []),
  ];
  const parsed = new Map<CompiledPolicy, Json[]>();
  return {
    statement(kind, policyId, index) {
      const p = all.find((x) => x.kind === kind && x.id === policyId);
      if (p === undefined) return null;
      let list = parsed.get(p);
      if (list === undefined) {
        try {
          const s = (JSON.parse(p.text) as { Statement?: Json }).Statement;
          list = Array.isArray(s) ? s : s !== undefined && s !== null ? [s] : [];
        } catch {
          list = [];
        }
        parsed.set(p, list);
      }
      return list[index] ?? null;
    },
  };
}
