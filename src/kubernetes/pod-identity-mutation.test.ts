import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import { firstCsvRecord, mutatePod, parseGoBool, shallowCopy, webhookSettings, type WebhookSettings } from './pod-identity-mutation.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/pod-identity-webhook/', import.meta.url));

interface Case {
  readonly description: string;
  readonly webhook?: Partial<WebhookSettings>;
  readonly serviceAccount: { annotations: Record<string, string> } | null;
  readonly podIdentity?: boolean;
  readonly random?: number;
  readonly pod: V1Pod;
  readonly expected: { kind: string; patch: unknown[] };
}

/** Applies the webhook's `add` operations, as the API server would. */
function applyPatch(pod: V1Pod, patch: readonly { path: string; value: unknown }[]): unknown {
  const doc = structuredClone(pod) as Record<string, unknown>;
  for (const op of patch) {
    const parts = op.path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let at: Record<string, unknown> | unknown[] = doc;
    for (const p of parts.slice(0, -1)) at = (at as Record<string, unknown>)[p] as Record<string, unknown> | unknown[];
    const last = parts[parts.length - 1] ?? '';
    if (Array.isArray(at)) at.splice(Number(last), 0, structuredClone(op.value));
    else at[last] = structuredClone(op.value);
  }
  return doc;
}

const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();

void describe('pod identity webhook fixtures', () => {
  void it('has the cases', () => assert.ok(files.length >= 30, `${files.length} fixtures`));
  for (const file of files) {
    const c = parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as Case;
    void it(`${file}: ${c.description}`, () => {
      const sa: V1ServiceAccount | undefined =
        c.serviceAccount === null ? undefined : { metadata: { name: c.pod.spec?.serviceAccountName, namespace: 'default', annotations: c.serviceAccount.annotations } };
      const m = mutatePod({
        pod: c.pod,
        serviceAccount: sa,
        podIdentity: c.podIdentity === true,
        settings: webhookSettings(c.webhook ?? {}),
        randomBelow: (n) => {
          assert.equal(n, 7201);
          return c.random ?? 0;
        },
      });
      assert.equal(m.kind, c.expected.kind);
      // Compared structurally, through JSON (as sent on the wire).
      assert.deepStrictEqual(JSON.parse(JSON.stringify(m.patch)), c.expected.patch);
      // The pod the mutation returns is the input pod with the patch applied.
      assert.deepStrictEqual(JSON.parse(JSON.stringify(m.pod)), JSON.parse(JSON.stringify(applyPatch(c.pod, m.patch))));
      // The input is not changed.
      assert.deepStrictEqual(c.pod, (parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as Case).pod);
    });
  }
});

void describe("Go's parsers, as the webhook uses them", () => {
  void it('ParseBool', () => {
    for (const t of ['1', 't', 'T', 'true', 'TRUE', 'True']) assert.equal(parseGoBool(t), true);
    for (const f of ['0', 'f', 'F', 'false', 'FALSE', 'False']) assert.equal(parseGoBool(f), false);
    for (const x of ['yes', 'tRUE', ' true', '']) assert.equal(parseGoBool(x), undefined);
  });
  void it('first CSV record', () => {
    assert.deepEqual(firstCsvRecord('a,b'), ['a', 'b']);
    assert.deepEqual(firstCsvRecord('a, b'), ['a', ' b']);
    assert.deepEqual(firstCsvRecord('"a,b",c'), ['a,b', 'c']);
    assert.deepEqual(firstCsvRecord('"a""b"'), ['a"b']);
    assert.deepEqual(firstCsvRecord('a\nb'), ['a']);
    assert.equal(firstCsvRecord(''), undefined);
    assert.equal(firstCsvRecord('a"b'), undefined);
    assert.equal(firstCsvRecord('"a"b'), undefined);
    assert.equal(firstCsvRecord('"ab'), undefined);
  });
});

void describe('shallowCopy', () => {
  void it('copies as a spread does: the same keys in the same order, a new object, the same values', () => {
    const parsed = JSON.parse('{"name":"c","image":"i","env":[{"name":"A","value":"1"}],"resources":{}}') as Record<string, unknown>;
    const copy = shallowCopy(parsed);
    assert.notEqual(copy, parsed);
    assert.deepStrictEqual(Object.keys(copy), Object.keys({ ...parsed }));
    assert.equal(copy.env, parsed.env);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  });
  void it('keeps a parsed `__proto__` key as an own property instead of setting the prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"name":"c"}') as Record<string, unknown>;
    const copy = shallowCopy(parsed);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(JSON.stringify(copy), '{"__proto__":{"polluted":true},"name":"c"}');
    assert.equal((copy as { polluted?: boolean }).polluted, undefined);
  });
});
