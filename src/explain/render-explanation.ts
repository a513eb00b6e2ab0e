/**
 * The explain report as text for people: the decision and AWS's message, then the policies by
 * type, each deciding or nearly-applying statement shown as it stands in its document with the
 * failing part marked (`>` and the reason; red on a terminal), the failing conditions with the
 * request's value beside the policy's, and the smallest fix. Plain text when not on a terminal.
 */
import type { ExplainReport, StatementReport } from './explain-report.js';

export interface RenderOptions {
  readonly colour: boolean;
}

const paint = (on: boolean, code: string) => (s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function renderExplanation(r: ExplainReport, o: RenderOptions): string {
  const red = paint(o.colour, '31');
  const green = paint(o.colour, '32');
  const bold = paint(o.colour, '1');
  const dim = paint(o.colour, '2');
  const lines: string[] = [];
  const verdict = r.decision === 'Allow' ? green('Allow') : red(r.decision);
  lines.push(`${bold('Decision:')} ${verdict}${r.deniedBy !== null ? ` (by ${r.deniedBy} policy)` : ''}`);
  lines.push(`${bold('Request:')}  ${r.request.principal} → ${r.request.action}${r.request.resource !== '*' ? ` on ${r.request.resource}` : ''}`);
  const ctx = Object.entries(r.request.context);
  if (ctx.length > 0) lines.push(`${bold('Context:')}  ${ctx.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join('  ')}`);
  if (r.message !== null) lines.push(`${bold("AWS's message:")} ${r.message}`);
  lines.push('', ...r.summary.split('\n'));
  for (const g of r.groups) {
    lines.push('', bold(g.policyType[0]!.toUpperCase() + g.policyType.slice(1)));
    for (const p of g.policies) {
      lines.push(`  ${p.id}`);
      for (const s of p.statements) {
        const mark = s.deciding ? (s.effect === 'Deny' ? red('deciding Deny') : green('deciding Allow')) : s.matched ? 'applies' : dim('does not apply');
        lines.push(`    statement ${s.statement} (${s.effect}): ${mark}`);
        const near = !s.matched && s.effect === 'Allow' && s.action.matched;
        if (s.deciding || near) lines.push(...statementText(s, o.colour).map((l) => `      ${l}`));
        else if (!s.matched) lines.push(dim(`      ${firstFailure(s)}`));
      }
    }
  }
  if (r.failingConditions.length > 0) {
    lines.push('', bold('Failing conditions'));
    for (const c of r.failingConditions) {
      lines.push(`  ${c.policy} statement ${c.statement}: ${c.operator} ${c.key}`);
      lines.push(`    request: ${c.requestValues === undefined ? '(absent)' : c.requestValues.join(', ')}    policy: ${c.policyValues.join(', ')}`);
      lines.push(`    ${c.why}`);
    }
  }
  if (r.fix !== null) lines.push('', `${bold('Smallest fix:')} ${r.fix.text}`);
  if (r.gaps.length > 0) {
    lines.push('', bold('Not read (gaps in the evidence)'));
    for (const g of r.gaps) lines.push(`  - ${g}`);
  }
  return lines.join('\n');
}

function firstFailure(s: StatementReport): string {
  if (!s.action.matched) return s.action.why;
  if (s.resource !== null && !s.resource.matched) return s.resource.why;
  if (s.principal !== null && !s.principal.matched) return s.principal.why;
  const c = s.conditions.find((x) => !x.matched);
  return c !== undefined ? `condition ${c.operator} ${c.key}: ${c.why}` : '';
}

/** Which top-level elements to mark, each with the reason. */
function marks(s: StatementReport): Map<string, string> {
  const m = new Map<string, string>();
  if (s.matched) {
    // A deciding statement: what made it apply.
    m.set('Effect', s.effect === 'Deny' ? 'this Deny applies to the request' : 'this Allow grants the request');
    m.set(s.action.matched ? 'Action' : 'NotAction', s.action.why);
    m.set('NotAction', s.action.why);
    return m;
  }
  if (!s.action.matched) {
    m.set('Action', s.action.why);
    m.set('NotAction', s.action.why);
  }
  if (s.resource !== null && !s.resource.matched) {
    m.set('Resource', s.resource.why);
    m.set('NotResource', s.resource.why);
  }
  if (s.principal !== null && !s.principal.matched) {
    m.set('Principal', s.principal.why);
    m.set('NotPrincipal', s.principal.why);
  }
  return m;
}

/** The statement's JSON, two-space indented, with failing elements and failing condition keys marked. */
function statementText(s: StatementReport, colour: boolean): string[] {
  const red = paint(colour, '31');
  if (s.document === null) return ['(document not at hand)'];
  const m = marks(s);
  const failingKeys = new Map(s.matched ? [] : s.conditions.filter((c) => !c.matched).map((c) => [c.key.toLowerCase(), c.why]));
  const out: string[] = [];
  let element: string | undefined;
  let conditionKey: string | undefined;
  for (const line of JSON.stringify(s.document, null, 2).split('\n')) {
    const indent = /^ */.exec(line)![0].length;
    const key = /^ *"([^"]+)":/.exec(line)?.[1];
    let why: string | undefined;
    let first = false;
    if (indent <= 2) {
      element = indent === 2 ? key : undefined;
      conditionKey = undefined;
      first = true;
    } else if (element === 'Condition' && indent <= 6) {
      conditionKey = indent === 6 ? key : undefined;
      first = true;
    }
    if (element !== undefined && m.has(element)) why = m.get(element);
    else if (element === 'Condition' && conditionKey !== undefined && failingKeys.has(conditionKey.toLowerCase())) why = failingKeys.get(conditionKey.toLowerCase());
    if (why === undefined) out.push(`  ${line}`);
    else out.push(red(`> ${line}${first ? `    ← ${why}` : ''}`));
  }
  return out;
}
