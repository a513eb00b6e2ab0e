/**
 * The doctor's only way into an account: read-only API calls, each recorded with its outcome. A
 * call the credentials may not make is a gap in the evidence (`denied`), never a failure of the
 * diagnosis. The calls each check makes are listed in `PLANNED_CALLS` for `--explain-calls`.
 */
import type { AccountCheck } from './catalogue.js';

export type AwsService = 'iam' | 'sts' | 'organizations' | 'eks';

export interface CallRecord {
  readonly service: AwsService;
  readonly operation: string;
  /** The parameters given, as sent. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly outcome: 'ok' | 'denied' | 'not-found' | 'error';
  /** The error code and message for an outcome other than `ok`. */
  readonly error?: string;
}

/** Thrown by `AccountReader.call` for an outcome other than `ok`; the call is recorded all the same. */
export class CallFailed extends Error {
  readonly record: CallRecord;

  constructor(record: CallRecord) {
    super(`${record.service}:${record.operation} ${record.outcome}${record.error !== undefined ? `: ${record.error}` : ''}`);
    this.name = 'CallFailed';
    this.record = record;
  }
}

/** Makes one read-only call; the answer as the SDK returns it. */
export type SendCall = (service: AwsService, operation: string, input: Readonly<Record<string, unknown>>) => Promise<Record<string, unknown>>;

/** Operations the doctor may call: reads only (Get, List, Describe, Simulate). */
const READ_ONLY = /^(?:Get|List|Describe|Simulate)[A-Z]/;

export class AccountReader {
  readonly calls: CallRecord[] = [];
  readonly #send: SendCall;

  constructor(send: SendCall) {
    this.#send = send;
  }

  /** Calls `service:operation`; throws CallFailed (recorded) for a denial, a missing entity or another error. */
  async call<T = Record<string, unknown>>(service: AwsService, operation: string, input: Readonly<Record<string, unknown>> = {}): Promise<T> {
    if (!READ_ONLY.test(operation)) throw new Error(`the doctor makes read-only calls only, not ${operation}`);
    try {
      const out = await this.#send(service, operation, input);
      this.calls.push({ service, operation, input, outcome: 'ok' });
      return out as T;
    } catch (err) {
      const e = err as { name?: string; Code?: string; message?: string };
      const code = e.Code ?? e.name ?? 'Error';
      const outcome: CallRecord['outcome'] = /AccessDenied|UnauthorizedOperation|AWSOrganizationsNotInUse/.test(code)
        ? 'denied'
        : /NoSuchEntity|NotFound/.test(code)
          ? 'not-found'
          : 'error';
      const record: CallRecord = { service, operation, input, outcome, error: `${code}: ${e.message ?? String(err)}` };
      this.calls.push(record);
      throw new CallFailed(record);
    }
  }

  /** Every page of a marker-paged call, concatenating the list members named. */
  async pages(service: AwsService, operation: string, input: Readonly<Record<string, unknown>>, lists: readonly string[]): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = Object.fromEntries(lists.map((l) => [l, []]));
    let marker: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      // IAM pages with Marker, Organizations with NextToken, EKS with nextToken.
      const tokenName = service === 'organizations' ? 'NextToken' : service === 'eks' ? 'nextToken' : 'Marker';
      const answer = await this.call(service, operation, { ...input, ...(marker !== undefined ? { [tokenName]: marker } : {}) });
      for (const l of lists) out[l]!.push(...((answer[l] as unknown[] | undefined) ?? []));
      marker = (service === 'eks' ? answer.nextToken : answer.IsTruncated === true ? answer.Marker : answer.NextToken) as string | undefined;
      if (marker === undefined || marker === '') break;
    }
    return out;
  }
}

/** The calls each check may make, in order, for `--explain-calls`. */
export const PLANNED_CALLS: Readonly<Record<AccountCheck, readonly string[]>> = {
  'caller-identity': ['sts:GetCallerIdentity'],
  'principal-policies': ['iam:GetAccountAuthorizationDetails (every page)'],
  'resource-policy': ['iam:GetRole (the role trust policy, when the resource is a role; other services\' resource policies are not read)'],
  'role-trust-policy': ['iam:GetRole', 'iam:ListOpenIDConnectProviders (for a Federated principal)'],
  'organization-policies': ['organizations:DescribeOrganization', 'organizations:ListParents (each level up to the root)', 'organizations:ListPoliciesForTarget (SERVICE_CONTROL_POLICY, each level)', 'organizations:DescribePolicy (each SCP)'],
  'session-policy': [],
  'oidc-provider': ['iam:ListOpenIDConnectProviders'],
  'oidc-audience': ['iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider (each provider, or the one for the issuer)'],
  'oidc-thumbprint': ['iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider'],
  'role-exists': ['iam:GetRole'],
  'role-max-session-duration': ['iam:GetRole'],
  'access-key-count': ['sts:GetCallerIdentity (when the message names no user)', 'iam:ListAccessKeys'],
  'virtual-mfa-devices': ['iam:ListVirtualMFADevices (AssignmentStatus Unassigned)'],
  'policy-default-version': ['iam:ListPolicies (Scope Local)', 'iam:GetPolicy'],
};
