/**
 * One AWS request, start to finish: route → verify SigV4 → resolve the caller → decode → authorize
 * with the policy engine → run the operation → encode → audit. Every outcome, including every
 * error, is an AWS-shaped response; nothing escapes as a 500 except a genuine fault, which is
 * answered as AWS's ServiceFailure / InternalFailure.
 */
import { AwsError, awsErrors } from '../aws/aws-error.js';
import { decodeQueryRequest, encodeQueryError, encodeQueryResponse, queryAction, queryParams } from '../aws/query-protocol.js';
import { decodeJsonRequest, encodeJsonError, encodeJsonResponse, jsonTargetOperation } from '../aws/json-protocol.js';
import type { EncodedResponse } from '../aws/encoded-response.js';
import { newRequestId } from '../aws/request-id.js';
import type { WireRecord } from '../aws/wire-value.js';
import { verifyRequest } from '../aws/sigv4/verify-request.js';
import { SigningKeyCache } from '../aws/sigv4/signing-key.js';
import { explainBrief } from '../policy/index.js';
import type { Explanation, PolicySet, RequestContext } from '../policy/types.js';
import type { Store } from '../state/store.js';
import type { SecretSealer } from '../state/secret-sealer.js';
import type { AuditResource } from '../state/records.js';
import type { Authorization, Caller, OperationContext, OperationDef, SessionSealer } from '../services/operation.js';
import { sessionRestriction } from '../services/sts/session-restrictions.js';
import type { PrincipalDirectory, KeyEntry } from './principal-directory.js';
import type { OrganizationPolicies } from '../services/organizations/index.js';
import type { AuditWriter } from './audit-writer.js';
import type { KeyUseRecorder } from './key-use-recorder.js';
import { auditFacts } from './cloudtrail-record.js';
import { globalConditionKeys, type TransportFacts } from './global-condition-keys.js';
import { fullJsonTarget } from './json-target.js';
import { decodeRestJsonRequest, encodeRestJsonError, encodeRestJsonResponse, restJsonOperation } from '../aws/rest-json-protocol.js';
import { expectedSigningRegion, routeService, type ServiceEntry, type ServiceRegistry } from './service-registry.js';
import { authorizationMessage } from '../services/sts/authorization-message.js';
import { firstHeader, type HeaderMap } from './http/header-map.js';
import type { IssuerKeySource } from '../services/sts/federation-context.js';

export interface IncomingAwsRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** Each header's values by lowercase name, kept apart as sent (signers sign them so). */
  readonly headers: HeaderMap;
  readonly body: Buffer;
  readonly remoteAddress: string;
  readonly secure: boolean;
  /** The TLS session, for a request that came over TLS (through the proxy). */
  readonly tls?: { readonly version: string; readonly cipherSuite: string } | undefined;
}

export interface EndpointDeps {
  readonly store: Store;
  readonly sealer: SecretSealer;
  readonly directory: PrincipalDirectory;
  /** The organization's SCPs and RCPs, which limit requests of and on member accounts. */
  readonly organizations: OrganizationPolicies;
  readonly audit: AuditWriter;
  readonly keyUse: KeyUseRecorder;
  readonly services: ServiceRegistry;
  /** Seals and opens session tokens. */
  readonly sessions: SessionSealer;
  /** The server's clock (tests may pin it). */
  readonly clock: () => Date;
  /** OIDC issuers' signing keys, fetched and cached (AssumeRoleWithWebIdentity). */
  readonly issuerKeys: IssuerKeySource;
}

type Secret = { secretAccessKey: string; status: 'Active' | 'Inactive'; entry: KeyEntry };

export class AwsEndpoint {
  readonly #deps: EndpointDeps;
  readonly #keyCache = new SigningKeyCache();

  constructor(deps: EndpointDeps) {
    this.#deps = deps;
  }

  async handle(req: IncomingAwsRequest): Promise<EncodedResponse> {
    const requestId = newRequestId();
    const now = this.#deps.clock();
    const q = req.url.indexOf('?');
    const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
    const service = routeService(req.headers, rawQuery, this.#deps.services, req.body);
    if (service === undefined) {
      // A JSON target of a service this port does not serve yet: answered as awsJson services
      // answer a target they do not know.
      return {
        status: 400,
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': 'UnknownOperationException' },
        body: JSON.stringify({ __type: 'UnknownOperationException' }),
      };
    }
    const userAgent = firstHeader(req.headers, 'user-agent');
    const audit: AuditDraft = { operation: 'Unknown', input: undefined, output: undefined, caller: undefined, accessKeyId: undefined, explanation: undefined, encodedMessage: undefined, region: undefined, readOnly: true, resources: [] };
    let response: EncodedResponse;
    let error: AwsError | undefined;
    try {
      const output = await this.#run(req, service, rawQuery, requestId, now, userAgent, audit);
      response = this.#encode(service, audit.operation, output, requestId);
    } catch (err) {
      error = err instanceof AwsError ? err : internalFailure(err);
      response = this.#encodeError(service, error, requestId);
    }
    this.#deps.audit.append(
      auditFacts({
        requestId,
        time: now,
        service: service.name,
        operation: audit.operation,
        region: audit.region ?? service.signingRegion ?? 'us-east-1',
        sourceIp: req.remoteAddress,
        userAgent,
        readOnly: audit.readOnly,
        caller: audit.caller,
        accessKeyId: audit.accessKeyId,
        accountId: audit.caller?.accountId ?? audit.recipientAccountId ?? '',
        input: audit.input,
        output: audit.output,
        errorCode: error?.code,
        errorMessage: error?.message,
        explanation: audit.explanation,
        encodedMessage: audit.encodedMessage,
        resources: audit.resources,
        tlsDetails: req.tls !== undefined ? { tlsVersion: req.tls.version, cipherSuite: req.tls.cipherSuite, clientProvidedHostHeader: firstHeader(req.headers, 'host') ?? '' } : undefined,
      }),
    );
    return response;
  }

  /**
   * Authenticates a SigV4-signed request to one of Gatehouse's own APIs (`/_gatehouse/...`) as the
   * AWS endpoint authenticates AWS requests, and authorizes `need` for its caller with the same
   * policies and guardrails. Returns the caller and the region signed for; throws AwsError.
   */
  async authorizeOwnApi(req: IncomingAwsRequest, service: string, need: (ctx: OperationContext) => Authorization): Promise<{ readonly caller: Caller; readonly region: string }> {
    const now = this.#deps.clock();
    const verified = await verifyRequest<Secret>(
      { method: req.method, path: req.url, headers: req.headers, body: req.body },
      {
        now,
        expectedService: service,
        expectedRegion: undefined,
        keyCache: this.#keyCache,
        lookupSecret: async (accessKeyId, sessionToken) => {
          const entry = await this.#credential(accessKeyId, sessionToken);
          return entry === undefined ? undefined : { secretAccessKey: entry.secret, status: entry.active ? 'Active' : 'Inactive', entry };
        },
      },
    );
    if (!verified.ok) throw new AwsError(verified.code, verified.message, verified.httpStatus, 'Sender');
    const caller = verified.secret.entry.caller;
    if (caller.session !== undefined && caller.session.expiresAt * 1000 <= now.getTime()) throw new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
    const ctx: OperationContext = {
      store: this.#deps.store,
      sealer: this.#deps.sealer,
      caller,
      policies: this.#deps.directory,
      accountId: caller.accountId,
      region: verified.scope.region,
      requestId: newRequestId(),
      now,
      sessions: this.#deps.sessions,
      requestHost: firstHeader(req.headers, 'host'),
    };
    const op: OperationDef = { name: 'GatehouseApi', readOnly: true, authorize: () => need(ctx), handler: () => Promise.resolve({}) };
    const transport: TransportFacts = { sourceIp: req.remoteAddress, secure: req.secure, userAgent: firstHeader(req.headers, 'user-agent'), region: verified.scope.region, now };
    const draft: AuditDraft = { operation: 'GatehouseApi', input: undefined, output: undefined, caller, accessKeyId: verified.accessKeyId, explanation: undefined, encodedMessage: undefined, region: verified.scope.region, readOnly: true, resources: [] };
    const plain = this.#deps.services.get('eks') ?? [...this.#deps.services.values()][0]!;
    await this.#authorize(op, {}, ctx, transport, draft, plain);
    return { caller, region: verified.scope.region };
  }

  async #run(req: IncomingAwsRequest, service: ServiceEntry, rawQuery: string, requestId: string, now: Date, userAgent: string | undefined, audit: AuditDraft): Promise<WireRecord> {
    const model = service.model;
    const protocol = model.metadata.protocol;
    const target = protocol !== 'json' ? undefined : fullJsonTarget(firstHeader(req.headers, 'x-amz-target'), model.metadata.targetPrefix);
    // The operation is named for the trail from the Action parameter, the target or the method and
    // path alone: AWS authenticates before it reads the input, and an unauthenticated body is never parsed.
    audit.operation =
      (protocol === 'query' ? queryAction(rawQuery, req.body) : protocol === 'rest-json' ? restJsonOperation(model, req.method, req.url)?.operation.name : jsonTargetOperation(model, target)) ?? 'Unknown';
    const unsignedOp = service.operations.get(audit.operation);
    if (unsignedOp?.unsigned === true && isUnsigned(req.headers, rawQuery)) return this.#runUnsigned(req, service, unsignedOp, rawQuery, requestId, now, userAgent, audit);

    const verified = await verifyRequest<Secret>(
      { method: req.method, path: req.url, headers: req.headers, body: req.body },
      {
        now,
        expectedService: service.name,
        expectedRegion: expectedSigningRegion(service, req.headers),
        keyCache: this.#keyCache,
        lookupSecret: async (accessKeyId, sessionToken) => {
          audit.accessKeyId = accessKeyId;
          const entry = await this.#credential(accessKeyId, sessionToken);
          if (entry === undefined) return undefined;
          return { secretAccessKey: entry.secret, status: entry.active ? 'Active' : 'Inactive', entry };
        },
      },
    );
    if (!verified.ok) throw new AwsError(verified.code, verified.message, verified.httpStatus, 'Sender');
    const caller = verified.secret.entry.caller;
    audit.caller = caller;
    audit.region = verified.scope.region;
    const session = caller.session;
    if (session !== undefined && session.expiresAt * 1000 <= now.getTime()) throw new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
    if (session === undefined) this.#deps.keyUse.record(verified.accessKeyId, now, service.name, verified.scope.region);
    const bodyText = req.body.toString('utf8');
    const decoded =
      protocol === 'query'
        ? decodeQueryRequest(model, queryParams(rawQuery, bodyText))
        : protocol === 'rest-json'
          ? decodeRestJsonRequest(model, req.method, req.url, req.headers, bodyText)
          : decodeJsonRequest(model, target, bodyText);
    audit.operation = decoded.operation;
    if (session !== undefined) {
      const refused = sessionRestriction(session, service.name, decoded.operation);
      if (refused !== undefined) throw refused;
    }

    const op = service.operations.get(decoded.operation);
    if (op === undefined) {
      // An operation AWS has but Gatehouse does not serve yet: refused as a client error (so no
      // client retries it), saying plainly why; AWS itself never answers this.
      throw new AwsError('InvalidAction', `Gatehouse does not implement ${service.model.metadata.serviceId} ${decoded.operation} yet.`, 400, 'Sender');
    }
    audit.readOnly = op.readOnly;
    audit.input = decoded.input;
    const ctx: OperationContext = {
      store: this.#deps.store,
      sealer: this.#deps.sealer,
      caller,
      policies: this.#deps.directory,
      accountId: caller.accountId,
      region: verified.scope.region,
      requestId,
      now,
      sessions: this.#deps.sessions,
      requestHost: firstHeader(req.headers, 'host'),
    };
    const transport: TransportFacts = { sourceIp: req.remoteAddress, secure: req.secure, userAgent, region: verified.scope.region, now };
    await this.#authorize(op, decoded.input, ctx, transport, audit, service);
    const output = await op.handler(decoded.input, ctx);
    audit.output = output;
    return output;
  }

  /**
   * An operation AWS takes unsigned (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): no caller to
   * authenticate or authorize; the handler verifies the token or assertion and decides alone.
   */
  async #runUnsigned(req: IncomingAwsRequest, service: ServiceEntry, op: OperationDef, rawQuery: string, requestId: string, now: Date, userAgent: string | undefined, audit: AuditDraft): Promise<WireRecord> {
    const decoded = decodeQueryRequest(service.model, queryParams(rawQuery, req.body.toString('utf8')));
    audit.operation = decoded.operation;
    // The token or assertion is a bearer credential: the trail keeps the rest of the request, as
    // CloudTrail does.
    const { WebIdentityToken: _token, SAMLAssertion: _assertion, ...logged } = decoded.input;
    audit.input = logged;
    audit.readOnly = op.readOnly;
    const roleAccount = typeof logged.RoleArn === 'string' ? /^arn:[^:]+:iam::(\d{12}):role\//.exec(logged.RoleArn)?.[1] : undefined;
    if (roleAccount !== undefined) audit.recipientAccountId = roleAccount;
    const region = expectedSigningRegion(service, req.headers) ?? 'us-east-1';
    audit.region = region;
    const caller: Caller = { principal: { type: 'anonymous', arn: 'anonymous' }, accountId: '', userId: 'anonymous', accessKeyId: '', tags: {} };
    const transport: TransportFacts = { sourceIp: req.remoteAddress, secure: req.secure, userAgent, region, now };
    const global = globalConditionKeys(caller, transport);
    const { 'aws:PrincipalArn': _arn, 'aws:PrincipalAccount': _account, 'aws:PrincipalType': _type, 'aws:userid': _userid, ...globalKeys } = global;
    const directory = this.#deps.directory;
    const ctx: OperationContext = {
      store: this.#deps.store,
      sealer: this.#deps.sealer,
      caller,
      policies: directory,
      accountId: '',
      region,
      requestId,
      now,
      sessions: this.#deps.sessions,
      federation: { issuerKeys: this.#deps.issuerKeys, globalKeys, compileTrust: (id, doc) => directory.compile('trust', id, doc) },
    };
    const output = await op.handler(decoded.input, ctx);
    audit.output = output;
    return output;
  }

  /**
   * Authenticates a request that is not an AWS operation (Gatehouse's own JSON APIs under
   * `/_gatehouse/`) by its SigV4 signature for `service`, and authorizes the action on the
   * resource the caller's account and signing region name, through the same policies (and SCPs)
   * as any AWS request. Throws AWS's error.
   */
  async authorizeSigned(
    req: IncomingAwsRequest,
    service: string,
    need: (accountId: string, region: string) => { readonly action: string; readonly resource: string },
  ): Promise<{ readonly caller: Caller; readonly region: string }> {
    return this.authorizeOwnApi(req, service, (ctx) => need(ctx.accountId, ctx.region));
  }

  async #authorize(op: OperationDef, input: WireRecord, ctx: OperationContext, transport: TransportFacts, audit: AuditDraft, service: ServiceEntry): Promise<void> {
    const needs = await op.authorize(input, ctx);
    const list: readonly Authorization[] = isAuthorizationList(needs) ? needs : [needs];
    const caller = ctx.caller;
    const directory = this.#deps.directory;
    const baseSet = await directory.policySet(caller);
    const global = globalConditionKeys(caller, transport);
    let last: Explanation | undefined;
    for (const need of list) {
      const trust = need.trustPolicy === undefined ? undefined : directory.compile('trust', `${need.resource} trust policy`, need.trustPolicy ?? NO_SUCH_ROLE_TRUST);
      const set: PolicySet = trust !== undefined ? { ...baseSet, trust } : baseSet;
      const guarded = await this.#deps.organizations.limit(set, caller.accountId, need.resourceAccount ?? caller.accountId, need.action);
      const request: RequestContext = {
        principal: caller.principal,
        action: need.action,
        resource: need.resource,
        resourceAccount: need.resourceAccount,
        context: guarded.keys === undefined && need.keys === undefined ? global : { ...global, ...guarded.keys, ...need.keys },
      };
      const type = need.resource !== '*' ? resourceType(need.resource) : undefined;
      audit.resources = type !== undefined ? [{ ResourceType: type, ResourceName: need.resource }] : [];
      last = explainBrief(guarded.set, request, service.messageStyle);
      if (last.decision !== 'Allow') {
        audit.explanation = last;
        audit.encodedMessage = this.#deps.sessions.sealMessage(authorizationMessage(caller, request, last));
        const plain = `User: ${caller.principal.arn} is not authorized to perform: ${need.action}`;
        throw awsErrors.accessDenied(need.omitsResourceInMessage === true ? plain : (last.message ?? plain));
      }
    }
    audit.explanation = last;
  }

  #encode(service: ServiceEntry, operation: string, output: WireRecord, requestId: string): EncodedResponse {
    const protocol = service.model.metadata.protocol;
    if (protocol === 'rest-json') return encodeRestJsonResponse(service.model, operation, output, requestId);
    return protocol === 'query' ? encodeQueryResponse(service.model, operation, output, requestId) : encodeJsonResponse(service.model, operation, output, requestId);
  }

  /**
   * The holder of an access key: long-term keys (`AKIA…`) from the store; temporary ones (`ASIA…`)
   * only with the session token they were issued with. A token sent with a long-term key, or a
   * temporary key without its token, is refused as an invalid security token.
   */
  #credential(accessKeyId: string, sessionToken: string | undefined): Promise<KeyEntry | undefined> {
    if (accessKeyId.startsWith('ASIA')) return sessionToken === undefined ? Promise.resolve(undefined) : this.#deps.directory.session(accessKeyId, sessionToken);
    return sessionToken === undefined ? this.#deps.directory.key(accessKeyId) : Promise.resolve(undefined);
  }

  /**
   * The answer to a request refused before it was read whole (too large, or the server is at its
   * limits), in the protocol of the service its head names.
   */
  refuse(head: { readonly url: string; readonly headers: HeaderMap }, error: AwsError): EncodedResponse {
    const q = head.url.indexOf('?');
    const service = routeService(head.headers, q < 0 ? '' : head.url.slice(q + 1), this.#deps.services);
    const requestId = newRequestId();
    if (service === undefined) return { status: error.httpStatus, headers: { 'x-amzn-RequestId': requestId }, body: '' };
    return this.#encodeError(service, error, requestId);
  }

  #encodeError(service: ServiceEntry, error: AwsError, requestId: string): EncodedResponse {
    if (service.model.metadata.protocol === 'query') return encodeQueryError(service.model, error, requestId);
    const jsonCode = jsonErrorCode(service, error.code);
    if (service.model.metadata.protocol === 'rest-json') return encodeRestJsonError(service.model, jsonCode !== undefined ? new AwsError(jsonCode, error.message, error.httpStatus, error.fault) : error, requestId, error.fields);
    return encodeJsonError(service.model, jsonCode !== undefined ? new AwsError(jsonCode, error.message, error.httpStatus, error.fault) : error, requestId, error.fields);
  }
}

/**
 * The trust policy of a role that does not exist: it allows nobody, so the request is denied as
 * AWS denies it, by the role trust policy, without saying that the role is missing.
 */
const NO_SUCH_ROLE_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'TheRoleDoesNotExist', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
});

/**
 * The code a JSON service gives where the Query services say `code`: `AccessDeniedException`, and
 * for throttling the exception the service's model names (Organizations: TooManyRequestsException).
 */
function jsonErrorCode(service: ServiceEntry, code: string): string | undefined {
  if (code === 'AccessDenied') return 'AccessDeniedException';
  if (code === 'Throttling') return service.model.errorShape('TooManyRequestsException') !== undefined ? 'TooManyRequestsException' : 'ThrottlingException';
  return undefined;
}

interface AuditDraft {
  operation: string;
  input: WireRecord | undefined;
  output: WireRecord | undefined;
  caller: Caller | undefined;
  accessKeyId: string | undefined;
  explanation: Explanation | undefined;
  /** For denials: the encoded authorization message (DecodeAuthorizationMessage reads it). */
  encodedMessage: string | undefined;
  /** The region the request was signed for. */
  region: string | undefined;
  readOnly: boolean;
  resources: readonly AuditResource[];
  /** The account whose trail has the event when no caller names one (unsigned calls: the role's). */
  recipientAccountId?: string;
}

/** A request that carries no signature at all: no Authorization header and no presigned query. */
function isUnsigned(headers: HeaderMap, rawQuery: string): boolean {
  return firstHeader(headers, 'authorization') === undefined && !rawQuery.includes('X-Amz-Signature=') && !rawQuery.includes('X-Amz-Credential=');
}

function isAuthorizationList(a: Authorization | readonly Authorization[]): a is readonly Authorization[] {
  return Array.isArray(a);
}

/** Resource type names by ARN prefix (the ARN up to its first `/`); '' for an ARN that names none. */
const resourceTypes = new Map<string, string>();

/**
 * CloudTrail's resource type names, e.g. `AWS::IAM::User`; undefined for an ARN that names no
 * resource type (the root user's), which the trail lists no resource for.
 */
function resourceType(resource: string): string | undefined {
  // The type depends only on the ARN up to its first `/`: remembered so.
  const slash = resource.indexOf('/');
  const key = slash < 0 ? resource : resource.slice(0, slash);
  let type = resourceTypes.get(key);
  if (type === undefined) {
    type = computeResourceType(resource);
    if (resourceTypes.size < 10_000) resourceTypes.set(key, type);
  }
  return type === '' ? undefined : type;
}

/** The type name, or '' when the ARN names no resource type. */
function computeResourceType(resource: string): string {
  const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:([a-z-]+)[/:]/.exec(resource);
  if (m === null) return '';
  const title = (s: string): string => s.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return `AWS::${m[1]!.toUpperCase()}::${title(m[2]!)}`;
}

function internalFailure(err: unknown): AwsError {
  process.emitWarning(`internal failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return new AwsError('ServiceFailure', 'An internal error occurred.', 500, 'Receiver');
}
