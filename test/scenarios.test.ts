/**
 * Runs every scenario in test/scenarios through the engine: validation scenarios through
 * `parsePolicy`, evaluation scenarios through `explain`, checking every field under `expect`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explain, parsePolicy, refName } from '../src/policy/index.js';
import type { CompiledPolicy, Json, PolicyKind, PolicySet, RequestContext } from '../src/policy/index.js';
import { loadScenarioFiles } from './scenario-files.js';

interface PolicyEntry {
  readonly id: string;
  readonly document: string | Json;
  /** The policy kind when the group holds more than one (`key` for a KMS key policy among `resource`). */
  readonly kind?: PolicyKind;
}

interface EvaluationScenario {
  readonly name: string;
  readonly proves: { readonly page: string; readonly section: string };
  readonly policies: {
    readonly identity?: PolicyEntry[];
    readonly resource?: PolicyEntry[];
    readonly trust?: PolicyEntry;
    readonly boundary?: PolicyEntry;
    readonly session?: PolicyEntry[];
    readonly scps?: PolicyEntry[][];
    readonly rcps?: PolicyEntry[][];
    readonly endpoint?: PolicyEntry[];
    readonly principalInManagementAccount?: boolean;
    readonly resourceInManagementAccount?: boolean;
  };
  readonly request: RequestContext;
  readonly expect: {
    readonly decision: string;
    readonly deniedBy?: string;
    readonly message?: string;
    readonly deciding?: string[];
    readonly failedConditions?: { statement: string; operator: string; key: string }[];
    readonly fix?: { kind: string; policyKind: string; policy: string | null; includes?: string[]; excludes?: string[] };
  };
}

interface ValidationScenario {
  readonly name: string;
  readonly proves: { readonly page: string; readonly section: string };
  readonly kind: PolicyKind;
  readonly document: string | Json;
  readonly expect: { readonly valid?: true; readonly error?: string; readonly message?: string };
}

function compile(entry: PolicyEntry, groupKind: PolicyKind): CompiledPolicy {
  const kind = entry.kind ?? groupKind;
  const result = parsePolicy(entry.document, kind, entry.id);
  if (!result.ok) throw new Error(`policy ${entry.id} (${kind}) does not validate: ${result.error.message}`);
  return result.policy;
}

function policySet(p: EvaluationScenario['policies']): PolicySet {
  return {
    identity: p.identity?.map((e) => compile(e, 'identity')),
    resource: p.resource?.map((e) => compile(e, 'resource')),
    trust: p.trust !== undefined ? compile(p.trust, 'trust') : undefined,
    boundary: p.boundary !== undefined ? compile(p.boundary, 'boundary') : undefined,
    session: p.session?.map((e) => compile(e, 'session')),
    scps: p.scps?.map((level) => level.map((e) => compile(e, 'scp'))),
    rcps: p.rcps?.map((level) => level.map((e) => compile(e, 'rcp'))),
    endpoint: p.endpoint?.map((e) => compile(e, 'vpc-endpoint')),
    principalInManagementAccount: p.principalInManagementAccount,
    resourceInManagementAccount: p.resourceInManagementAccount,
  };
}

function checkEvaluation(s: EvaluationScenario): void {
  const result = explain(policySet(s.policies), s.request);
  const e = s.expect;
  const context = `\n${result.summary}`;
  assert.equal(result.decision, e.decision, `decision${context}`);
  if (e.deniedBy !== undefined) assert.equal(result.deniedBy, e.deniedBy, `deniedBy${context}`);
  if (e.message !== undefined) assert.equal(result.message, e.message, `message${context}`);
  if (e.deciding !== undefined) {
    const actual = result.deciding.map(refName).sort();
    if (e.decision === 'Allow') {
      for (const ref of e.deciding) assert.ok(actual.includes(ref), `deciding statement ${ref} not among ${actual.join(', ')}`);
    } else {
      assert.deepEqual(actual, [...e.deciding].sort(), `deciding statements${context}`);
    }
  }
  for (const fc of e.failedConditions ?? []) {
    const found = result.policies.some((p) =>
      p.statements.some(
        (st) =>
          `${st.policy}#${st.statement}` === fc.statement &&
          st.conditions.some((c) => !c.matched && c.operator === fc.operator && c.key.toLowerCase() === fc.key.toLowerCase()),
      ),
    );
    assert.ok(found, `expected failed condition ${fc.operator} ${fc.key} in ${fc.statement}${context}`);
  }
  if (e.fix !== undefined) {
    const fix = result.fix;
    assert.ok(fix !== undefined, `expected a fix${context}`);
    assert.equal(fix.kind, e.fix.kind, `fix kind: ${fix.text}`);
    assert.equal(fix.policyKind, e.fix.policyKind, `fix policy kind: ${fix.text}`);
    assert.equal(fix.policy ?? null, e.fix.policy, `fix policy: ${fix.text}`);
    for (const part of e.fix.includes ?? []) assert.ok(fix.text.includes(part), `fix text lacks "${part}": ${fix.text}`);
    for (const part of e.fix.excludes ?? []) assert.ok(!fix.text.includes(part), `fix text has "${part}": ${fix.text}`);
  }
}

function checkValidation(s: ValidationScenario): void {
  const result = parsePolicy(s.document, s.kind, 'scenario');
  if (s.expect.valid === true) {
    assert.ok(result.ok, result.ok ? '' : `expected valid, got: ${result.error.message}`);
    return;
  }
  assert.ok(!result.ok, 'expected a validation error, but the document was accepted');
  if (s.expect.error !== undefined) assert.equal(result.error.code, s.expect.error);
  if (s.expect.message !== undefined) assert.equal(result.error.message, s.expect.message);
}

const files = loadScenarioFiles();

describe('policy scenarios', () => {
  it('has scenario files, each naming the page and section it proves', () => {
    assert.ok(files.length > 0);
    for (const f of files) {
      const proves = (f.data as { proves?: { page?: unknown; section?: unknown } }).proves;
      assert.equal(typeof proves?.page, 'string', `${f.name}: proves.page`);
      assert.equal(typeof proves?.section, 'string', `${f.name}: proves.section`);
    }
  });
  for (const f of files) {
    const data = f.data as { kind?: unknown; name?: string };
    it(`${f.name}: ${data.name ?? ''}`, () => {
      if (data.kind !== undefined) checkValidation(f.data as ValidationScenario);
      else checkEvaluation(f.data as EvaluationScenario);
    });
  }
});
