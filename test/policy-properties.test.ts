/**
 * Properties of the engine over random and mutated inputs: parsing never crashes, and the decision
 * respects the guide's monotonicity rules.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate, explain, parsePolicy } from '../src/policy/index.js';
import type { CompiledPolicy, Json, PolicyKind, PolicySet, RequestContext } from '../src/policy/index.js';
import { POLICY_KINDS } from '../src/policy/types.js';

const ACCOUNT = '123456789012';
const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'iam:GetUser', 'iam:CreateUser', 'ec2:DescribeInstances', 'sts:AssumeRole'];
const actionPatterns = [...actions, 's3:*', 's3:Get*', 'iam:*User', '*', 'ec2:Describe?nstances', 'S3:getobject'];
const resources = ['arn:aws:s3:::bucket/a.txt', 'arn:aws:s3:::bucket', `arn:aws:iam::${ACCOUNT}:user/alice`, '*'];
const resourcePatterns = [...resources, 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::*', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`, 'arn:aws:s3:::b?cket'];

const condition = fc.oneof(
  fc.constant<Json>({ StringEquals: { 'aws:username': 'alice' } }),
  fc.constant<Json>({ StringNotEquals: { 'aws:username': ['bob', 'carol'] } }),
  fc.constant<Json>({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
  fc.constant<Json>({ Bool: { 'aws:SecureTransport': 'true' } }),
  fc.constant<Json>({ 'ForAnyValue:StringLike': { 'aws:TagKeys': 'team*' } }),
  fc.constant<Json>({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } }),
  fc.constant<Json>({ StringEqualsIfExists: { 'aws:PrincipalTag/Team': 'blue' } }),
);

const statement = (effect?: 'Allow' | 'Deny'): fc.Arbitrary<Json> =>
  fc
    .record({
      effect: effect !== undefined ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
      actions: fc.array(fc.constantFrom(...actionPatterns), { minLength: 1, maxLength: 3 }),
      notAction: fc.boolean(),
      resources: fc.array(fc.constantFrom(...resourcePatterns), { minLength: 1, maxLength: 2 }),
      notResource: fc.boolean(),
      condition: fc.option(condition, { nil: undefined }),
    })
    .map((s) => {
      const out: { [k: string]: Json } = { Effect: s.effect };
      out[s.notAction ? 'NotAction' : 'Action'] = s.actions;
      out[s.notResource ? 'NotResource' : 'Resource'] = s.resources;
      if (s.condition !== undefined) out.Condition = s.condition;
      return out;
    });

const document = (statements: fc.Arbitrary<Json[]>): fc.Arbitrary<Json> =>
  statements.map((Statement) => ({ Version: '2012-10-17', Statement }));

const request: fc.Arbitrary<RequestContext> = fc.record({
  user: fc.constantFrom('alice', 'bob'),
  action: fc.constantFrom(...actions),
  resource: fc.constantFrom(...resources),
  ip: fc.constantFrom('10.1.2.3', '192.0.2.7'),
  secure: fc.constantFrom('true', 'false'),
  tags: fc.array(fc.constantFrom('team', 'teamx', 'cost'), { maxLength: 2 }),
  mfaAge: fc.option(fc.constantFrom('100', '7200'), { nil: undefined }),
}).map((r) => ({
  principal: { type: 'user' as const, arn: `arn:aws:iam::${ACCOUNT}:user/${r.user}`, accountId: ACCOUNT },
  action: r.action,
  resource: r.resource,
  context: {
    'aws:username': r.user,
    'aws:SourceIp': r.ip,
    'aws:SecureTransport': r.secure,
    'aws:TagKeys': r.tags,
    ...(r.mfaAge !== undefined ? { 'aws:MultiFactorAuthAge': r.mfaAge } : {}),
  },
}));

function compile(doc: Json, kind: PolicyKind = 'identity', id = 'p'): CompiledPolicy {
  const result = parsePolicy(doc, kind, id);
  if (!result.ok) throw new Error(`${result.error.message}: ${JSON.stringify(doc)}`);
  return result.policy;
}

function identitySet(docs: readonly Json[], boundary?: Json): PolicySet {
  return { identity: docs.map((d, i) => compile(d, 'identity', `p${i}`)), boundary: boundary !== undefined ? compile(boundary, 'boundary', 'b') : undefined };
}

const RUNS = 300;

describe('engine properties', () => {
  it('random and mutated documents give a policy or MalformedPolicyDocument, never a crash', () => {
    const mutated = fc.oneof(
      fc.jsonValue().map((v) => v as Json),
      fc.string(),
      document(fc.array(statement(), { maxLength: 3 })).chain((doc) =>
        fc.tuple(fc.constant(JSON.stringify(doc)), fc.nat(), fc.string({ maxLength: 3 })).map(([text, at, junk]) => {
          const i = at % (text.length + 1);
          return text.slice(0, i) + junk + text.slice(i + junk.length);
        }),
      ),
      fc.record({ Version: fc.oneof(fc.constant('2012-10-17'), fc.string()), Statement: fc.jsonValue() }).map((v) => v as Json),
    );
    fc.assert(
      fc.property(mutated, fc.constantFrom(...POLICY_KINDS), request, (doc, kind, req) => {
        const result = parsePolicy(doc, kind, 'p');
        if (!result.ok) {
          assert.equal(result.error.code, 'MalformedPolicyDocument');
          assert.ok(result.error.message.length > 0);
          return;
        }
        const d = evaluate({ identity: [result.policy] }, req);
        assert.ok(['Allow', 'ExplicitDeny', 'ImplicitDeny'].includes(d.decision));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('adding a Deny never turns a denial into an allow', () => {
    fc.assert(
      fc.property(fc.array(document(fc.array(statement(), { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 3 }), statement('Deny'), request, (docs, deny, req) => {
        const before = evaluate(identitySet(docs), req).decision;
        const extra = { Version: '2012-10-17', Statement: [deny] };
        const after = evaluate(identitySet([...docs, extra]), req).decision;
        if (before !== 'Allow') assert.notEqual(after, 'Allow');
        if (before === 'ExplicitDeny') assert.equal(after, 'ExplicitDeny');
      }),
      { numRuns: RUNS },
    );
  });

  it('removing an Allow never turns a denial into an allow', () => {
    fc.assert(
      fc.property(fc.array(statement(), { minLength: 1, maxLength: 6 }), fc.nat(), request, (statements, pick, req) => {
        const doc = { Version: '2012-10-17', Statement: statements };
        const before = evaluate(identitySet([doc]), req).decision;
        const allowIdx = statements.map((s, i) => ((s as { Effect: string }).Effect === 'Allow' ? i : -1)).filter((i) => i >= 0);
        if (allowIdx.length === 0) return;
        const drop = allowIdx[pick % allowIdx.length]!;
        const rest = statements.filter((_, i) => i !== drop);
        const after = evaluate(identitySet(rest.length > 0 ? [{ Version: '2012-10-17', Statement: rest }] : []), req).decision;
        if (before !== 'Allow') assert.notEqual(after, 'Allow');
      }),
      { numRuns: RUNS },
    );
  });

  it('the fast path decides as the statement-by-statement trace does', () => {
    fc.assert(
      fc.property(fc.array(document(fc.array(statement(), { minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 4 }), request, (docs, req) => {
        const set = identitySet(docs);
        const traced = explain(set, req).policies.flatMap((p) => p.statements.filter((st) => st.matched));
        const expected = traced.some((st) => st.effect === 'Deny') ? 'ExplicitDeny' : traced.some((st) => st.effect === 'Allow') ? 'Allow' : 'ImplicitDeny';
        assert.equal(evaluate(set, req).decision, expected);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('statement and policy order never change the decision', () => {
    fc.assert(
      fc.property(fc.array(statement(), { minLength: 1, maxLength: 6 }), fc.array(statement(), { minLength: 1, maxLength: 3 }), fc.nat(), request, (statements, boundary, seed, req) => {
        const shuffled = [...statements];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const b = { Version: '2012-10-17', Statement: boundary };
        const one = evaluate(identitySet([{ Version: '2012-10-17', Statement: statements }], b), req);
        const two = evaluate(identitySet([{ Version: '2012-10-17', Statement: shuffled }], b), req);
        const split = evaluate(identitySet(shuffled.map((st) => ({ Version: '2012-10-17', Statement: [st] })).reverse(), b), req);
        assert.deepEqual(two, one);
        assert.deepEqual(split, one);
      }),
      { numRuns: RUNS },
    );
  });
});
