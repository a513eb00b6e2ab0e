/**
 * With access to the account, the doctor checks which documented cause holds: it reads what the
 * entry's checks need through `AccountReader` (read-only calls only) and, for denials, runs the
 * policy engine over the policies it read to name the deciding statement. What it could not read
 * is a gap in the evidence, reported as such.
 */
import { explain, policiesForPrincipal, PolicyAssemblyError, parsePolicy } from '../policy/index.js';
import type { AccountAuthorizationDetails, CompiledPolicy, DenyingPolicyType, Explanation, Json, PolicySet, RequestContext } from '../policy/index.js';
import type { AccountCheck, CatalogueEntry } from './catalogue.js';
import { AccountReader, CallFailed } from './account-reader.js';
import type { ErrorFields } from './pasted-text.js';
import { literalVariablePolicies } from './literal-variables.js';

export type CheckStatus = 'holds' | 'does-not-hold' | 'gap' | 'info';

export interface CheckResult {
  readonly check: AccountCheck;
  readonly status: CheckStatus;
  readonly detail: string;
}

/** The engine's decision over the policies read, for denials. */
export interface EngineFinding {
  readonly decision: Explanation['decision'];
  readonly deniedBy: DenyingPolicyType | null;
  readonly message: string | null;
  readonly deciding: readonly { readonly policy: string; readonly kind: string; readonly statement: string; readonly effect: string }[];
  readonly summary: string;
  readonly fix: string | null;
  /** The catalogue entry that names the engine's decision, where one does. */
  readonly catalogueId: string | null;
}

export interface AccountFindings {
  readonly checks: readonly CheckResult[];
  readonly engine?: EngineFinding;
  /** The documented cause the evidence shows, when it shows one. */
  readonly cause?: string;
}

/** Facts the user gives beside the pasted text (`--principal`, `--role-arn`…), overriding what was read from it. */
export interface GivenFacts {
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly roleArn?: string;
  readonly issuer?: string;
  readonly userName?: string;
}

const STS_AUDIENCE = 'sts.amazonaws.com';

/** Runs the entry's checks in order; each records its own evidence or gap. */
export async function runAccountChecks(entry: CatalogueEntry, fields: ErrorFields, given: GivenFacts, reader: AccountReader): Promise<AccountFindings> {
  const facts: ErrorFields = { ...fields, ...definedOnly(given) };
  const checks: CheckResult[] = [];
  let engine: EngineFinding | undefined;
  let cause: string | undefined;
  const ctx = new CheckContext(reader);
  const denialDone = { done: false };
  for (const check of entry.checks) {
    try {
      switch (check) {
        case 'principal-policies':
        case 'resource-policy':
        case 'organization-policies': {
          if (denialDone.done) break;
          denialDone.done = true;
          const r = await checkDenial(entry, facts, ctx);
          checks.push(...r.checks);
          engine = r.engine ?? engine;
          cause = r.cause ?? cause;
          break;
        }
        case 'role-trust-policy': {
          if (facts.action === 'sts:AssumeRole' && facts.principal !== undefined && !denialDone.done) {
            denialDone.done = true;
            const r = await checkDenial(entry, facts, ctx);
            checks.push(...r.checks);
            engine = r.engine ?? engine;
            cause = r.cause ?? cause;
          } else if (!denialDone.done) {
            const r = await checkWebIdentityTrust(facts, ctx);
            checks.push(r.result);
            cause = r.cause ?? cause;
          }
          break;
        }
        default: {
          const r = await SIMPLE_CHECKS[check](facts, ctx, entry);
          checks.push(r.result);
          cause = r.cause ?? cause;
        }
      }
    } catch (err) {
      if (!(err instanceof CallFailed)) throw err;
      checks.push({ check, status: 'gap', detail: gapText(err) });
    }
  }
  return { checks, ...(engine !== undefined ? { engine } : {}), ...(cause !== undefined ? { cause } : {}) };
}

function definedOnly(g: GivenFacts): Partial<ErrorFields> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(g)) if (typeof v === 'string' && v !== '') out[k] = v;
  if (g.roleArn === undefined && g.resource !== undefined && /:role\//.test(g.resource)) out.roleArn = g.resource;
  return out;
}

function gapText(err: CallFailed): string {
  const r = err.record;
  const what = `${r.service}:${r.operation}`;
  if (r.outcome === 'denied') return `Gap in the evidence: these credentials may not call ${what} (${r.error ?? 'access denied'}).`;
  if (r.outcome === 'not-found') return `${what} found nothing: ${r.error ?? ''}`;
  return `Gap in the evidence: ${what} failed (${r.error ?? 'error'}).`;
}

/** What several checks share: the account's details and the caller, read once. */
export class CheckContext {
  readonly reader: AccountReader;
  #details: Promise<AccountAuthorizationDetails> | undefined;
  #caller: Promise<{ Arn?: string; Account?: string }> | undefined;

  constructor(reader: AccountReader) {
    this.reader = reader;
  }

  details(): Promise<AccountAuthorizationDetails> {
    this.#details ??= this.reader
      .pages('iam', 'GetAccountAuthorizationDetails', {}, ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'])
      .then((p) => p as unknown as AccountAuthorizationDetails);
    return this.#details;
  }

  caller(): Promise<{ Arn?: string; Account?: string }> {
    this.#caller ??= this.reader.call('sts', 'GetCallerIdentity');
    return this.#caller;
  }
}

type SimpleCheck = (facts: ErrorFields, ctx: CheckContext, entry: CatalogueEntry) => Promise<{ result: CheckResult; cause?: string }>;

const roleName = (arn: string): string | undefined => /:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn)?.[1];

/** An IAM role ARN as IAM writes it: `arn:<partition>:iam::<12 digits>:role/<path/>name`. */
const WELL_FORMED_ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

async function oidcProviders(ctx: CheckContext): Promise<string[]> {
  const list = await ctx.reader.call<{ OpenIDConnectProviderList?: { Arn?: string }[] }>('iam', 'ListOpenIDConnectProviders');
  return (list.OpenIDConnectProviderList ?? []).map((p) => p.Arn ?? '').filter((a) => a !== '');
}

/** The provider ARN's URL part (`oidc.eks.…/id/…`) against an issuer URL. */
const providerForIssuer = (arns: readonly string[], issuer: string): string | undefined => {
  const want = issuer.replace(/^https:\/\//, '').replace(/\/+$/, '').toLowerCase();
  return arns.find((a) => a.slice(a.indexOf(':oidc-provider/') + ':oidc-provider/'.length).toLowerCase() === want);
};

const SIMPLE_CHECKS: Readonly<Record<Exclude<AccountCheck, 'principal-policies' | 'resource-policy' | 'organization-policies' | 'role-trust-policy'>, SimpleCheck>> = {
  async 'caller-identity'(_f, ctx) {
    const me = await ctx.caller();
    return { result: { check: 'caller-identity', status: 'info', detail: `These credentials are ${me.Arn ?? '?'} in account ${me.Account ?? '?'}.` } };
  },
  'session-policy'() {
    return Promise.resolve({
      result: { check: 'session-policy', status: 'gap', detail: 'Gap in the evidence: a session policy lives only in the session it was passed to; no API reads it back. Gatehouse\'s trail shows it (`gatehouse explain --last-denied`).' },
    });
  },
  async 'oidc-provider'(f, ctx) {
    const arns = await oidcProviders(ctx);
    if (f.issuer === undefined) {
      return { result: { check: 'oidc-provider', status: 'info', detail: `The account has ${arns.length} IAM OIDC provider(s): ${arns.join(', ') || 'none'}. Give --issuer to compare with the cluster's issuer.` } };
    }
    const match = providerForIssuer(arns, f.issuer);
    if (match === undefined) {
      const cause = `No IAM OIDC provider exists in the account for ${f.issuer}.`;
      return { result: { check: 'oidc-provider', status: 'holds', detail: `${cause} Providers present: ${arns.join(', ') || 'none'}.` }, cause };
    }
    return { result: { check: 'oidc-provider', status: 'does-not-hold', detail: `The provider ${match} exists for ${f.issuer}.` } };
  },
  async 'oidc-audience'(f, ctx) {
    const arns = await oidcProviders(ctx);
    const candidates = f.issuer !== undefined ? [providerForIssuer(arns, f.issuer)].filter((a): a is string => a !== undefined) : arns;
    if (candidates.length === 0) {
      return { result: { check: 'oidc-audience', status: 'info', detail: f.issuer !== undefined ? `No IAM OIDC provider for ${f.issuer}.` : 'The account has no IAM OIDC provider.' } };
    }
    const lacking: string[] = [];
    const lines: string[] = [];
    for (const arn of candidates) {
      const p = await ctx.reader.call<{ ClientIDList?: string[]; Url?: string }>('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
      const ids = p.ClientIDList ?? [];
      if (!ids.includes(STS_AUDIENCE)) lacking.push(arn);
      lines.push(`${arn}: client IDs ${ids.length > 0 ? ids.join(', ') : '(none)'}`);
    }
    if (lacking.length > 0) {
      const cause = `The IAM OIDC provider's audience (client ID list) does not include ${STS_AUDIENCE}: ${lacking.join(', ')}.`;
      return { result: { check: 'oidc-audience', status: 'holds', detail: `${cause} ${lines.join('; ')}` }, cause };
    }
    return { result: { check: 'oidc-audience', status: 'does-not-hold', detail: `Every provider read lists ${STS_AUDIENCE}: ${lines.join('; ')}` } };
  },
  async 'oidc-thumbprint'(f, ctx) {
    const arns = await oidcProviders(ctx);
    const arn = f.issuer !== undefined ? providerForIssuer(arns, f.issuer) : arns.length === 1 ? arns[0] : undefined;
    if (arn === undefined) return { result: { check: 'oidc-thumbprint', status: 'info', detail: 'Give --issuer to name the provider whose thumbprints to read.' } };
    const p = await ctx.reader.call<{ ThumbprintList?: string[] }>('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    return {
      result: {
        check: 'oidc-thumbprint',
        status: 'info',
        detail: `${arn} is configured with thumbprint(s) ${(p.ThumbprintList ?? []).join(', ') || '(none)'}; compare them with the SHA-1 of the issuer's root CA certificate (the doctor does not contact the issuer).`,
      },
    };
  },
  async 'role-exists'(f, ctx) {
    const arn = f.roleArn;
    if (arn === undefined) return { result: { check: 'role-exists', status: 'info', detail: 'The text names no role; give --role-arn to check it.' } };
    if (!WELL_FORMED_ROLE_ARN.test(arn)) {
      const cause = `The role ARN ${arn} is malformed (IAM role ARNs read arn:aws:iam::<12-digit account>:role/<name>).`;
      return { result: { check: 'role-exists', status: 'holds', detail: cause }, cause };
    }
    try {
      const r = await ctx.reader.call<{ Role?: { Arn?: string } }>('iam', 'GetRole', { RoleName: roleName(arn) });
      const actual = r.Role?.Arn;
      if (actual !== undefined && actual !== arn) return { result: { check: 'role-exists', status: 'holds', detail: `No role ${arn}; the role of that name is ${actual} (the path or the case differ).` } };
      return { result: { check: 'role-exists', status: 'does-not-hold', detail: `The role ${arn} exists.` } };
    } catch (err) {
      if (err instanceof CallFailed && err.record.outcome === 'not-found') return { result: { check: 'role-exists', status: 'holds', detail: `The role ${arn} does not exist in the account.` }, cause: `The role ${arn} does not exist.` };
      throw err;
    }
  },
  async 'role-max-session-duration'(f, ctx) {
    const arn = f.roleArn;
    if (arn === undefined) return { result: { check: 'role-max-session-duration', status: 'info', detail: 'The text names no role; give --role-arn to read its maximum session duration.' } };
    const r = await ctx.reader.call<{ Role?: { MaxSessionDuration?: number } }>('iam', 'GetRole', { RoleName: roleName(arn) });
    const max = r.Role?.MaxSessionDuration ?? 3600;
    return { result: { check: 'role-max-session-duration', status: 'info', detail: `${arn} allows sessions of at most ${max} s (${max / 3600} h); a session assumed by role chaining gets at most 3600 s.` } };
  },
  async 'access-key-count'(f, ctx) {
    let user = f.userName;
    if (user === undefined) {
      const me = await ctx.caller();
      user = me.Arn !== undefined ? /:user\/(?:.*\/)?([\w+=,.@-]+)$/.exec(me.Arn)?.[1] : undefined;
    }
    if (user === undefined) return { result: { check: 'access-key-count', status: 'info', detail: 'Give --user to count that user\'s access keys.' } };
    const keys = await ctx.reader.call<{ AccessKeyMetadata?: { AccessKeyId?: string; Status?: string }[] }>('iam', 'ListAccessKeys', { UserName: user });
    const list = keys.AccessKeyMetadata ?? [];
    const detail = `${user} has ${list.length} access key(s): ${list.map((k) => `${k.AccessKeyId ?? '?'} (${k.Status ?? '?'})`).join(', ') || 'none'}.`;
    if (list.length >= 2) return { result: { check: 'access-key-count', status: 'holds', detail }, cause: `${user} already has the maximum of two access keys.` };
    return { result: { check: 'access-key-count', status: 'does-not-hold', detail } };
  },
  async 'virtual-mfa-devices'(f, ctx) {
    const all = await ctx.reader.pages('iam', 'ListVirtualMFADevices', { AssignmentStatus: 'Unassigned' }, ['VirtualMFADevices']);
    const devices = (all.VirtualMFADevices as { SerialNumber?: string }[]).map((d) => d.SerialNumber ?? '');
    const user = f.userName;
    const mine = user !== undefined ? devices.filter((s) => s.endsWith(`:mfa/${user}`) || s.endsWith(`/${user}`)) : devices;
    if (mine.length > 0) {
      const cause = `An unassigned virtual MFA device is left over: ${mine.join(', ')}.`;
      return { result: { check: 'virtual-mfa-devices', status: 'holds', detail: `${cause} An administrator deletes it (aws iam delete-virtual-mfa-device --serial-number ${mine[0]!}).` }, cause };
    }
    return { result: { check: 'virtual-mfa-devices', status: 'does-not-hold', detail: `No unassigned virtual MFA device${user !== undefined ? ` for ${user}` : ''}.` } };
  },
  async 'policy-default-version'(f, ctx) {
    const name = f.policyName;
    if (name === undefined) return { result: { check: 'policy-default-version', status: 'info', detail: 'The text names no policy.' } };
    const all = await ctx.reader.pages('iam', 'ListPolicies', { Scope: 'Local' }, ['Policies']);
    const p = (all.Policies as { PolicyName?: string; Arn?: string; DefaultVersionId?: string }[]).find((x) => x.PolicyName === name);
    if (p === undefined) return { result: { check: 'policy-default-version', status: 'info', detail: `No customer managed policy named ${name}.` } };
    if (p.DefaultVersionId !== 'v1') {
      const cause = `${p.Arn ?? name}'s default version is ${p.DefaultVersionId ?? '?'}, not the v1 the service created.`;
      return { result: { check: 'policy-default-version', status: 'holds', detail: `${cause} Set the default version back to v1 (aws iam set-default-policy-version).` }, cause };
    }
    return { result: { check: 'policy-default-version', status: 'does-not-hold', detail: `${p.Arn ?? name}'s default version is v1.` } };
  },
};

/** AssumeRoleWithWebIdentity's trust policy: does it name an existing OIDC provider, and on which conditions? */
async function checkWebIdentityTrust(f: ErrorFields, ctx: CheckContext): Promise<{ result: CheckResult; cause?: string }> {
  const arn = f.roleArn;
  if (arn === undefined) return { result: { check: 'role-trust-policy', status: 'info', detail: 'The text names no role; give --role-arn to read its trust policy.' } };
  const r = await ctx.reader.call<{ Role?: { AssumeRolePolicyDocument?: string } }>('iam', 'GetRole', { RoleName: roleName(arn) });
  const doc = decodeDocument(r.Role?.AssumeRolePolicyDocument);
  const statements = statementsOf(doc);
  const federated = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => listOf((s.Principal as { Federated?: unknown } | undefined)?.Federated));
  const providers = await oidcProviders(ctx);
  const missing = federated.filter((p) => p.includes(':oidc-provider/') && !providers.includes(p));
  const conditions = statements.filter((s) => s.Condition !== undefined).map((s) => JSON.stringify(s.Condition));
  if (federated.length === 0) {
    const cause = `The trust policy of ${arn} names no Federated principal (no OIDC provider).`;
    return { result: { check: 'role-trust-policy', status: 'holds', detail: cause }, cause };
  }
  if (missing.length > 0) {
    const cause = `The trust policy of ${arn} names an OIDC provider the account does not have: ${missing.join(', ')}.`;
    return { result: { check: 'role-trust-policy', status: 'holds', detail: `${cause} Providers present: ${providers.join(', ') || 'none'}.` }, cause };
  }
  return {
    result: {
      check: 'role-trust-policy',
      status: 'info',
      detail: `The trust policy of ${arn} names ${federated.join(', ')}; its conditions: ${conditions.join('; ') || 'none'}. Compare <issuer>:sub with system:serviceaccount:<namespace>:<service account> and <issuer>:aud with sts.amazonaws.com.`,
    },
  };
}

type Statement = { Effect?: string; Principal?: unknown; Condition?: unknown };

function decodeDocument(d: string | undefined): Json | undefined {
  if (d === undefined) return undefined;
  try {
    return JSON.parse(d.trimStart().startsWith('{') ? d : decodeURIComponent(d)) as Json;
  } catch {
    return undefined;
  }
}

function statementsOf(doc: Json | undefined): Statement[] {
  const s = (doc as { Statement?: unknown } | undefined)?.Statement;
  return (Array.isArray(s) ? s : s !== undefined ? [s] : []) as Statement[];
}

function listOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** Which catalogue entry names a decision of the engine. */
export function entryForDecision(decision: Explanation['decision'], deniedBy: DenyingPolicyType | undefined): string | undefined {
  if (decision === 'Allow' || deniedBy === undefined) return undefined;
  const explicit = decision === 'ExplicitDeny';
  switch (deniedBy) {
    case 'service control':
      return 'E10';
    case 'VPC endpoint':
      return explicit ? 'E12' : 'E11';
    case 'permissions boundary':
      return explicit ? 'E14' : 'E13';
    case 'session':
      return explicit ? 'E16' : 'E15';
    case 'resource-based':
      return explicit ? 'E18' : 'E17';
    case 'role trust':
      return explicit ? 'E20' : 'E19';
    case 'identity-based':
      return explicit ? 'E22' : 'E21';
    case 'resource control':
      return undefined;
  }
}

const SESSION_PRINCIPAL = /:assumed-role\/|:federated-user\//;

/**
 * An access denial: the principal's policies and boundary (GetAccountAuthorizationDetails), the
 * role trust policy when the request assumes a role, the SCPs on the principal's account; then the
 * engine over them. Session policies and other services' resource policies cannot be read: gaps.
 */
async function checkDenial(entry: CatalogueEntry, f: ErrorFields, ctx: CheckContext): Promise<{ checks: CheckResult[]; engine?: EngineFinding; cause?: string }> {
  if (f.principal === undefined || f.action === undefined) {
    return { checks: [{ check: 'principal-policies', status: 'info', detail: 'The text names no principal and action; give --principal and --action to run the engine.' }] };
  }
  const resource = f.resource ?? (f.action === 'sts:AssumeRole' && f.roleArn !== undefined ? f.roleArn : '*');
  const gathered = await gatherRequest(ctx, f.principal, f.action, resource, {});
  const checks = [...gathered.checks];
  if (gathered.set === undefined || gathered.request === undefined) return { checks };
  const { action } = gathered.request;
  const e = explain(gathered.set, gathered.request, { namesAnyResource: action.toLowerCase().startsWith('iam:') });
  const actualId = entryForDecision(e.decision, e.deniedBy);
  const engine: EngineFinding = {
    decision: e.decision,
    deniedBy: e.deniedBy ?? null,
    message: e.message ?? null,
    deciding: e.deciding.map((d) => ({ policy: d.policy, kind: d.kind, statement: d.statement, effect: d.effect })),
    summary: e.summary,
    fix: e.fix?.text ?? null,
    catalogueId: actualId ?? null,
  };
  let cause: string | undefined;
  if (e.decision === 'Allow') {
    checks.push({
      check: 'principal-policies',
      status: 'does-not-hold',
      detail: `With the policies read, the engine allows ${action}${resource !== '*' ? ` on ${resource}` : ''}: the denial comes from what the evidence lacks (a session policy, another service's resource policy, the request's own condition values) or from a change since (IAM changes take effect after a delay: catalogue F14).`,
    });
  } else {
    const where = e.deciding.length > 0 ? ` Deciding: ${e.deciding.map((d) => `statement ${d.statement} of ${d.policy}`).join('; ')}.` : '';
    cause = `${e.summary.split('\n')[0]!}${where}`;
    checks.push({ check: 'principal-policies', status: 'holds', detail: `The engine denies it too (${e.decision}${e.deniedBy !== undefined ? ` by ${e.deniedBy} policy` : ''})${actualId !== undefined && actualId !== entry.id ? `, which is catalogue entry ${actualId}` : ''}.${where}` });    // Catalogue F13: a variable in a policy without the 2012-10-17 Version is matched literally.
    const literal = literalVariablePolicies(await ctx.details(), f.principal);
    if (literal.length > 0) {
      cause = `${literal.join(', ')} ${literal.length === 1 ? 'has' : 'have'} no "Version": "2012-10-17", so ${literal.length === 1 ? 'its' : 'their'} policy variables (\${aws:username} …) are matched literally, not substituted (catalogue F13). Add "Version": "2012-10-17".`;
      checks.push({ check: 'principal-policies', status: 'holds', detail: cause });
    }
  }
  return { checks, engine, ...(cause !== undefined ? { cause } : {}) };
}

/** A request ready for the engine, with the evidence read for it; no set when the principal's policies could not be read. */
export interface GatheredRequest {
  readonly set?: PolicySet;
  readonly request?: RequestContext;
  readonly checks: readonly CheckResult[];
}

/**
 * The policies that decide `principal → action on resource`, read from the account: the
 * principal's identity-based policies and boundary (GetAccountAuthorizationDetails), the role
 * trust policy when the request assumes one of the account's roles, the SCPs on the principal's
 * account. Session policies and other services' resource policies cannot be read: gaps.
 */
export async function gatherRequest(ctx: CheckContext, principalArn: string, action: string, resource: string, extraContext: Readonly<Record<string, string | readonly string[]>>): Promise<GatheredRequest> {
  const checks: CheckResult[] = [];
  let details: AccountAuthorizationDetails;
  try {
    details = await ctx.details();
  } catch (err) {
    if (!(err instanceof CallFailed)) throw err;
    checks.push({ check: 'principal-policies', status: 'gap', detail: `${gapText(err)} The principal's policies and boundary could not be read, so the engine was not run.` });
    return { checks };
  }
  let assembled: ReturnType<typeof policiesForPrincipal>;
  try {
    assembled = policiesForPrincipal(details, principalArn);
  } catch (err) {
    if (!(err instanceof PolicyAssemblyError)) throw err;
    checks.push({ check: 'principal-policies', status: 'gap', detail: `Gap in the evidence: ${err.message} (another account's principal, or one deleted since).` });
    return { checks };
  }
  const identity = assembled.policies.identity ?? [];
  checks.push({
    check: 'principal-policies',
    status: 'info',
    detail: `${principalArn} has ${identity.length} identity-based polic${identity.length === 1 ? 'y' : 'ies'}${identity.length > 0 ? ` (${identity.map((p) => p.id).join(', ')})` : ''}${assembled.policies.boundary !== undefined ? ` and the permissions boundary ${assembled.policies.boundary.id}` : ' and no permissions boundary'}.`,
  });
  let set: PolicySet = assembled.policies;
  if (/^sts:(?:AssumeRole|TagSession|SetSourceIdentity)$/i.test(action) && /:role\//.test(resource)) {
    const target = details.RoleDetailList?.find((r) => r.Arn === resource);
    if (target?.AssumeRolePolicyDocument !== undefined) {
      const parsed = parsePolicy(decodeDocumentValue(target.AssumeRolePolicyDocument), 'trust', `trust policy of role/${target.RoleName}`);
      if (parsed.ok) set = { ...set, trust: parsed.policy };
      checks.push({ check: 'role-trust-policy', status: 'info', detail: `Read the trust policy of ${resource}.` });
    } else {
      checks.push({ check: 'role-trust-policy', status: target === undefined ? 'holds' : 'gap', detail: target === undefined ? `The role ${resource} is not in the account (a role that does not exist is denied as its trust policy denies).` : `The role ${resource} has no trust policy in the details.` });
    }
  } else if (resource !== '*' && !/^arn:aws[\w-]*:iam::/.test(resource)) {
    checks.push({ check: 'resource-policy', status: 'gap', detail: `Gap in the evidence: the resource-based policy of ${resource} is not read (the doctor reads IAM, STS and Organizations only).` });
  }
  const accountId = assembled.principal.accountId;
  if (accountId !== undefined) {
    const scps = await organizationPolicies(ctx, accountId, checks);
    if (scps !== undefined) set = { ...set, ...scps };
  }
  if (SESSION_PRINCIPAL.test(principalArn)) {
    checks.push({ check: 'session-policy', status: 'gap', detail: 'Gap in the evidence: the session\'s own session policies (if any were passed) cannot be read back; the engine ran without them.' });
  }
  const resourceAccount = /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(resource)?.[1];
  const request: RequestContext = {
    principal: assembled.principal,
    action,
    resource,
    ...(resourceAccount !== undefined ? { resourceAccount } : {}),
    context: { ...assembled.context, ...extraContext },
  };
  return { set, request, checks };
}

function decodeDocumentValue(d: string | Json): string | Json {
  if (typeof d !== 'string' || d.trimStart().startsWith('{')) return d;
  try {
    return decodeURIComponent(d);
  } catch {
    return d;
  }
}

/**
 * The SCPs that apply to an account, level by level from the root; undefined when the account is
 * in no organization, is its management account, or the organization cannot be read (a gap).
 */
async function organizationPolicies(ctx: CheckContext, accountId: string, checks: CheckResult[]): Promise<Pick<PolicySet, 'scps' | 'principalInManagementAccount'> | undefined> {
  let org: { Organization?: { MasterAccountId?: string; ManagementAccountId?: string } };
  try {
    org = await ctx.reader.call('organizations', 'DescribeOrganization');
  } catch (err) {
    if (!(err instanceof CallFailed)) throw err;
    if (/AWSOrganizationsNotInUse/.test(err.record.error ?? '')) {
      checks.push({ check: 'organization-policies', status: 'does-not-hold', detail: 'The account is in no organization: no SCP applies.' });
      return undefined;
    }
    checks.push({ check: 'organization-policies', status: 'gap', detail: `${gapText(err)} SCPs were not read.` });
    return undefined;
  }
  const management = org.Organization?.ManagementAccountId ?? org.Organization?.MasterAccountId;
  if (management === accountId) {
    checks.push({ check: 'organization-policies', status: 'does-not-hold', detail: `${accountId} is the organization's management account: SCPs do not apply to it.` });
    return { principalInManagementAccount: true };
  }
  try {
    const chain: string[] = [accountId];
    for (let id = accountId; chain.length < 8; ) {
      const parents = await ctx.reader.call<{ Parents?: { Id?: string; Type?: string }[] }>('organizations', 'ListParents', { ChildId: id });
      const parent = parents.Parents?.[0];
      if (parent?.Id === undefined) break;
      chain.unshift(parent.Id);
      if (parent.Type === 'ROOT') break;
      id = parent.Id;
    }
    const levels: CompiledPolicy[][] = [];
    const names: string[] = [];
    for (const target of chain) {
      const listed = await ctx.reader.pages('organizations', 'ListPoliciesForTarget', { TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' }, ['Policies']);
      const level: CompiledPolicy[] = [];
      for (const p of listed.Policies as { Id?: string; Name?: string }[]) {
        const d = await ctx.reader.call<{ Policy?: { Content?: string; PolicySummary?: { Arn?: string; Name?: string } } }>('organizations', 'DescribePolicy', { PolicyId: p.Id });
        const parsed = parsePolicy(d.Policy?.Content ?? '{}', 'scp', d.Policy?.PolicySummary?.Arn ?? p.Id ?? 'scp');
        if (parsed.ok) level.push(parsed.policy);
        names.push(`${p.Name ?? p.Id ?? '?'} on ${target}`);
      }
      levels.push(level);
    }
    checks.push({ check: 'organization-policies', status: 'info', detail: `SCPs read from the root to ${accountId}: ${names.join(', ') || 'none'}.` });
    return { scps: levels };
  } catch (err) {
    if (!(err instanceof CallFailed)) throw err;
    checks.push({ check: 'organization-policies', status: 'gap', detail: `${gapText(err)} SCPs were not read.` });
    return undefined;
  }
}
