/**
 * Policy-engine benchmarks (issue: the policy engine's performance targets):
 * (a) one identity policy with one s3:GetObject allow;
 * (b) 50 identity policies × 10 statements with wildcards and conditions, the matching Allow last;
 * (c) an account of 10,000 roles with 5 policies each: latency on random roles, compile time per
 *     policy and memory per 1,000 policies.
 */
import { evaluate, parsePolicy } from '../src/policy/index.js';
import type { CompiledPolicy, Json, PolicySet, RequestContext } from '../src/policy/index.js';
import { interleavedLatencyMicros, latencyMicros, throughput } from './measure.js';

const ACCOUNT = '123456789012';

function compile(doc: Json, id: string): CompiledPolicy {
  const r = parsePolicy(doc, 'identity', id);
  if (!r.ok) throw new Error(`${id}: ${r.error.message}`);
  return r.policy;
}

export function request(role: string, resource: string): RequestContext {
  return {
    principal: {
      type: 'assumed-role',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/session`,
      identityArn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      accountId: ACCOUNT,
    },
    action: 's3:GetObject',
    resource,
    context: {
      'aws:SourceIp': '10.20.30.40',
      'aws:PrincipalTag/team': 'analytics',
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': '2026-11-25T10:00:00Z',
      'aws:RequestedRegion': 'us-east-1',
    },
  };
}

/**
 * Ten statements: wildcard actions that include s3:GetObject (so the action index keeps them as
 * candidates), resources and conditions that do not fit the request, a Deny whose condition fails,
 * and — when `last` — a final Allow that applies.
 */
export function tenStatements(n: number, bucket: string, last: boolean): Json[] {
  const out: Json[] = [
    { Sid: `Read${n}`, Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: [`arn:aws:s3:::${bucket}-archive-${n}/*`, `arn:aws:s3:::${bucket}-logs-${n}/*`] },
    { Sid: `Office${n}`, Effect: 'Allow', Action: 's3:*Object', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } } },
    { Sid: `Team${n}`, Effect: 'Allow', Action: 's3:Get*', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { 'aws:PrincipalTag/team': ['finance', 'legal'] } } },
    { Sid: `Ec2${n}`, Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:Get*'], Resource: '*' },
    { Sid: `DenyInsecure${n}`, Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: `Iam${n}`, Effect: 'Allow', Action: 'iam:Get*', Resource: `arn:aws:iam::${ACCOUNT}:role/${bucket}-*` },
    { Sid: `Region${n}`, Effect: 'Allow', Action: 's3:Get?bject*', Resource: `arn:aws:s3:::${bucket}-eu/*`, Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
    { Sid: `Later${n}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
    { Sid: `Kms${n}`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*` },
  ];
  out.push(
    last
      ? { Sid: `Grant${n}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/reports/*`, Condition: { StringLike: { 'aws:PrincipalTag/team': 'analy*' } } }
      : { Sid: `Other${n}`, Effect: 'Allow', Action: 's3:Get*', Resource: `arn:aws:s3:::${bucket}/private/*` },
  );
  return out;
}

export function fiftyPolicies(bucket: string, count = 50): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  for (let i = 0; i < count; i++) {
    out.push(compile({ Version: '2012-10-17', Statement: tenStatements(i, bucket, i === count - 1) }, `arn:aws:iam::${ACCOUNT}:policy/${bucket}-${i}`));
  }
  return out;
}

export interface EngineFigures {
  readonly 'engine.simple.decisionsPerSec': number;
  readonly 'engine.simple.p50Micros': number;
  readonly 'engine.simple.p99Micros': number;
  readonly 'engine.fifty.decisionsPerSec': number;
  readonly 'engine.fifty.p50Micros': number;
  readonly 'engine.fifty.p99Micros': number;
  readonly 'engine.large.roles': number;
  readonly 'engine.large.policies': number;
  readonly 'engine.large.decisionsPerSec': number;
  readonly 'engine.large.p50Micros': number;
  readonly 'engine.large.p99Micros': number;
  readonly 'engine.large.compileMicrosPerPolicy': number;
  readonly 'engine.large.memoryMiBPer1000Policies': number;
  /** p99 of (c) over p99 of (b), both timed in alternating blocks once (c)'s account is loaded. */
  readonly 'engine.large.p99VsFifty': number;
}

export function runEngineBench(quick: boolean): EngineFigures {
  const ms = quick ? 300 : 1500;
  const samples = quick ? 20_000 : 200_000;

  // (a)
  const simple: PolicySet = {
    identity: [compile({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }, 'simple')],
  };
  // Every decision gets a request built for it, as a server builds one per call.
  const simpleReq = (): RequestContext => request('app', 'arn:aws:s3:::bucket/key.txt');
  if (evaluate(simple, simpleReq()).decision !== 'Allow') throw new Error('bench (a) is not an Allow');
  const a = throughput(() => evaluate(simple, simpleReq()), ms);
  const aLat = latencyMicros(() => evaluate(simple, simpleReq()), samples);

  // (b)
  const fifty: PolicySet = { identity: fiftyPolicies('data') };
  const fiftyReq = (): RequestContext => request('app', 'arn:aws:s3:::data/reports/2026.csv');
  if (evaluate(fifty, fiftyReq()).decision !== 'Allow') throw new Error('bench (b) is not an Allow');
  const b = throughput(() => evaluate(fifty, fiftyReq()), ms, 100);
  const bLat = latencyMicros(() => evaluate(fifty, fiftyReq()), samples);

  // (c)
  const roles = quick ? 1000 : 10_000;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const sets: PolicySet[] = [];
  const callers: { readonly role: string; readonly resource: string }[] = [];
  for (let r = 0; r < roles; r++) {
    const bucket = `bucket${r}`;
    sets.push({ identity: fiftyPolicies(bucket, 5) });
    callers.push({ role: `role${r}`, resource: `arn:aws:s3:::${bucket}/reports/2026.csv` });
  }
  const compileMicros = Number(process.hrtime.bigint() - t0) / 1000 / (roles * 5);
  global.gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  let seed = 7;
  const pick = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % roles;
  };
  for (let i = 0; i < 100; i++) {
    const k = pick();
    if (evaluate(sets[k]!, request(callers[k]!.role, callers[k]!.resource)).decision !== 'Allow') throw new Error('bench (c) is not an Allow');
  }
  const c = throughput(() => {
    const k = pick();
    return evaluate(sets[k]!, request(callers[k]!.role, callers[k]!.resource));
  }, ms, 100);
  const cLat = latencyMicros(() => {
    const k = pick();
    return evaluate(sets[k]!, request(callers[k]!.role, callers[k]!.resource));
  }, samples);

  // The goal's ratio: (b) and (c) timed in alternating blocks, with the large account in memory
  // for both, so that the ratio measures what the account's size does to a decision.
  const [pairFifty, pairLarge] = interleavedLatencyMicros(
    () => evaluate(fifty, fiftyReq()),
    () => {
      const k = pick();
      return evaluate(sets[k]!, request(callers[k]!.role, callers[k]!.resource));
    },
    samples,
  );

  return {
    'engine.simple.decisionsPerSec': Math.round(a.opsPerSec),
    'engine.simple.p50Micros': aLat.p50,
    'engine.simple.p99Micros': aLat.p99,
    'engine.fifty.decisionsPerSec': Math.round(b.opsPerSec),
    'engine.fifty.p50Micros': bLat.p50,
    'engine.fifty.p99Micros': bLat.p99,
    'engine.large.roles': roles,
    'engine.large.policies': roles * 5,
    'engine.large.decisionsPerSec': Math.round(c.opsPerSec),
    'engine.large.p50Micros': cLat.p50,
    'engine.large.p99Micros': cLat.p99,
    'engine.large.compileMicrosPerPolicy': Math.round(compileMicros * 10) / 10,
    'engine.large.memoryMiBPer1000Policies': Math.round((heapMiB / (roles * 5)) * 1000 * 100) / 100,
    'engine.large.p99VsFifty': Number((pairLarge.p99 / pairFifty.p99).toFixed(2)),
  };
}
