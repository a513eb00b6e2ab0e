/**
 * Every benchmark figure that has a goal, with the goal, in one table: the run marks each figure
 * met or missed, in its text and in `--json` (`goals`: `{ "<figure>": { goal, value, met } }`).
 * Goals are ratios measured in one run wherever the figure allows, since absolute times on a
 * shared machine move twofold from day to day.
 */
export type Figures = Readonly<Record<string, number | string | boolean>>;

export interface Goal {
  /** The figure's name in the JSON. */
  readonly figure: string;
  readonly op: '>=' | '<=' | '<';
  readonly target: number;
  /** What the figure measures, in a few words. */
  readonly what: string;
}

export const GOALS: readonly Goal[] = [
  { figure: 'engine.simple.decisionsPerSec', op: '>=', target: 3_000_000, what: 'decisions per second, one small policy' },
  { figure: 'engine.fifty.decisionsPerSec', op: '>=', target: 300_000, what: 'decisions per second, 50 policies' },
  { figure: 'engine.fifty.p99Micros', op: '<', target: 20, what: 'p99 µs per decision, 50 policies' },
  { figure: 'engine.large.p99VsFifty', op: '<=', target: 2, what: "p99 with 50,000 policies in the account over p99 with 50" },
  { figure: 'server.read.vsMoto', op: '>=', target: 40, what: 'signed GetUser per second at 64 connections over moto_server' },
  { figure: 'server.read.tailRatio', op: '<=', target: 3, what: 'p99 over p50 of signed GetUser at 64 connections' },
  { figure: 'server.read.p99VsMoto', op: '>=', target: 20, what: "moto_server's p99 over Gatehouse's, signed GetUser at 64 connections" },
  { figure: 'server.write.vsMoto', op: '>=', target: 5, what: 'durable CreateUser/DeleteUser per second at 64 connections over moto_server' },
  { figure: 'server.startVsMoto', op: '<=', target: 0.5, what: "start-up (spawn to first answer, every AWS managed policy present) over moto_server's" },
  { figure: 'iam.simulate.vsGetUser', op: '<=', target: 5, what: "p99 of SimulatePrincipalPolicy (50 actions, 20 policies × 10 statements) over signed GetUser's p99 at 64 connections" },
  { figure: 'server.sts.webIdentity.vsKey', op: '>=', target: 0.3, what: 'AssumeRoleWithWebIdentity (keys cached) per second over signed GetUser per second, both at 64 connections' },
  { figure: 'server.sts.callerIdentity.vsMoto', op: '>=', target: 40, what: 'signed GetCallerIdentity per second at 64 connections over moto_server' },
  { figure: 'server.sts.callerIdentity.tailRatio', op: '<=', target: 3, what: 'p99 over p50 of signed GetCallerIdentity at 64 connections' },
  { figure: 'server.sts.assumeRole.vsMoto', op: '>=', target: 20, what: 'AssumeRole per second at 64 connections over moto_server' },
  { figure: 'server.sts.sessionRead.vsKey', op: '>=', target: 0.9, what: 'GetUser signed with session credentials over the same call signed with an access key, 64 connections' },
  { figure: 'doctor.recognise.vsNode', op: '<=', target: 3, what: 'gatehouse doctor "<error>" from process start to answer over node -e 0' },
  { figure: 'import.large.vsParse', op: '<=', target: 5, what: 'gatehouse import of 100,000 roles and 300,000 policies over JSON.parse of the same files' },
  { figure: 'import.large.rssMiB', op: '<', target: 1536, what: 'peak RSS (MiB) of that import' },
  { figure: 'import.large.decisionP99VsFifty', op: '<=', target: 2, what: 'p99 of decisions on the imported roles over engine.fifty\'s p99 in the same process' },
  { figure: 'eks.tokenReview.vsGetUser', op: '>=', target: 0.5, what: 'TokenReviews of aws eks get-token tokens per second at 64 connections over signed GetUser' },
  { figure: 'eks.tokenReview.tailRatio', op: '<=', target: 3, what: 'p99 over p50 of TokenReviews at 64 connections' },
  { figure: 'server.flood.rssMiB', op: '<', target: 300, what: 'peak RSS (MiB) under three one-byte-chunk floods and 2,000 slow connections' },
  { figure: 'eks.webhook.vsGetUser', op: '>=', target: 1, what: 'AdmissionReview mutations of a typical pod per second over signed GetUser per second, both at 64 connections' },
  { figure: 'eks.podRun.vsNode', op: '<=', target: 5, what: 'median time of `gatehouse pod run … -- true` over `node -e 0`' },
];

export interface GoalResult {
  readonly goal: string;
  readonly value: number;
  readonly met: boolean;
}

const SYMBOL: Record<Goal['op'], string> = { '>=': '≥', '<=': '≤', '<': '<' };

function holds(op: Goal['op'], value: number, target: number): boolean {
  switch (op) {
    case '>=':
      return value >= target;
    case '<=':
      return value <= target;
    case '<':
      return value < target;
  }
}

/** Each goal whose figure this run measured, judged. */
export function judgeGoals(figures: Figures): Record<string, GoalResult> {
  const out: Record<string, GoalResult> = {};
  for (const g of GOALS) {
    const value = figures[g.figure];
    if (typeof value !== 'number') continue;
    out[g.figure] = { goal: `${SYMBOL[g.op]} ${g.target}`, value, met: holds(g.op, value, g.target) };
  }
  return out;
}

/** One line per judged goal, for people. */
export function goalLines(results: Readonly<Record<string, GoalResult>>): string[] {
  return GOALS.filter((g) => results[g.figure] !== undefined).map((g) => {
    const r = results[g.figure]!;
    return `  ${r.met ? 'met   ' : 'MISSED'}  ${g.figure.padEnd(34)} ${String(r.value).padStart(10)}  goal ${r.goal.padEnd(11)} ${g.what}`;
  });
}
