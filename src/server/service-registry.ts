/**
 * The services one Gatehouse port serves, each with its model (protocol, shapes), its operation
 * table, and how requests reach it.
 */
import { loadServiceModel, type LoadedModel, type ServiceName } from '../aws/model.js';
import type { OperationTable } from '../services/operation.js';
import { firstHeader, type HeaderMap } from './http/header-map.js';
import type { MessageStyle } from '../policy/index.js';
import { queryAction } from '../aws/query-protocol.js';

export interface ServiceEntry {
  readonly name: ServiceName;
  readonly model: LoadedModel;
  readonly operations: OperationTable;
  /** The region a request must be signed for (global services: us-east-1); undefined = any. */
  readonly signingRegion: string | undefined;
  /** How the service words access-denied messages. */
  readonly messageStyle: MessageStyle;
}

/** One service's table, as the server lists it. */
export interface ServiceTable {
  readonly operations: OperationTable;
  readonly signingRegion: string | undefined;
  readonly messageStyle?: MessageStyle;
}

export type ServiceRegistry = ReadonlyMap<ServiceName, ServiceEntry>;

export function serviceRegistry(tables: Partial<Record<ServiceName, ServiceTable>>): ServiceRegistry {
  const out = new Map<ServiceName, ServiceEntry>();
  for (const [name, t] of Object.entries(tables) as [ServiceName, ServiceTable][]) {
    out.set(name, { name, model: loadServiceModel(name), operations: t.operations, signingRegion: t.signingRegion, messageStyle: t.messageStyle ?? {} });
  }
  return out;
}

/**
 * The region a request to `service` must be signed for: the service's own (IAM, Organizations:
 * us-east-1), else the one its Host names — `sts.amazonaws.com` is STS's global endpoint, signed
 * for us-east-1, and `sts.<region>.amazonaws.com` a regional one — else any (the plain endpoint).
 */
export function expectedSigningRegion(service: ServiceEntry, headers: HeaderMap): string | undefined {
  if (service.signingRegion !== undefined) return service.signingRegion;
  const host = (firstHeader(headers, 'host') ?? '').replace(/:\d+$/, '').toLowerCase();
  const prefix = service.model.metadata.endpointPrefix;
  if (host === `${prefix}.amazonaws.com`) return 'us-east-1';
  let pattern = REGIONAL_HOSTS.get(prefix);
  if (pattern === undefined) {
    pattern = new RegExp(`^${prefix}(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?$`);
    REGIONAL_HOSTS.set(prefix, pattern);
  }
  return pattern.exec(host)?.[1];
}

/** `<prefix>.<region>.amazonaws.com` by endpoint prefix. */
const REGIONAL_HOSTS = new Map<string, RegExp>();

/** `X-Amz-Target` prefixes of the JSON services. */
const TARGET_PREFIXES: readonly [string, ServiceName][] = [
  ['com.amazonaws.cloudtrail.', 'cloudtrail'],
  ['CloudTrail_', 'cloudtrail'],
  ['AWSOrganizationsV', 'organizations'],
];

/** The STS actions clients send unsigned (`authtype: none` in the model). */
const UNSIGNED_STS_ACTIONS: ReadonlySet<string> = new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);

const CREDENTIAL_SERVICE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]*\/([^/,\s]+)\//;

/**
 * Which service a request is for: the service named in its SigV4 credential scope, else its
 * `X-Amz-Target`, else its Host name; IAM when nothing says otherwise.
 */
export function routeService(headers: HeaderMap, rawQuery: string, registry: ServiceRegistry, body?: Buffer): ServiceEntry | undefined {
  // A scope naming a service this port does not serve falls through to the other rules, so that
  // the service reached answers "Credential should be scoped to correct service".
  const auth = firstHeader(headers, 'authorization');
  let scoped: string | undefined;
  if (auth !== undefined) scoped = CREDENTIAL_SERVICE.exec(auth)?.[1];
  if (scoped === undefined && rawQuery.includes('X-Amz-Credential=')) {
    const cred = new URLSearchParams(rawQuery).get('X-Amz-Credential');
    scoped = cred?.split('/')[3];
  }
  const byScope = scoped !== undefined ? registry.get(scoped as ServiceName) : undefined;
  if (byScope !== undefined) return byScope;
  const target = firstHeader(headers, 'x-amz-target');
  if (target !== undefined) {
    for (const [prefix, name] of TARGET_PREFIXES) if (target.startsWith(prefix)) return registry.get(name);
  }
  const host = firstHeader(headers, 'host') ?? '';
  for (const name of registry.keys()) if (host.startsWith(`${name}.`)) return registry.get(name);
  // An unsigned request names no service; the two STS actions that are sent unsigned
  // (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) are STS's wherever they are sent.
  if (scoped === undefined && body !== undefined) {
    const action = queryAction(rawQuery, body);
    if (action !== undefined && UNSIGNED_STS_ACTIONS.has(action)) return registry.get('sts') ?? registry.get('iam');
  }
  return registry.get('iam');
}
