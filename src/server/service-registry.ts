/**
 * The services one Gatehouse port serves, each with its model (protocol, shapes), its operation
 * table, and how requests reach it.
 */
import { loadServiceModel, type LoadedModel, type ServiceName } from '../aws/model.js';
import type { OperationTable } from '../services/operation.js';
import type { MessageStyle } from '../policy/index.js';

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

/** `X-Amz-Target` prefixes of the JSON services. */
const TARGET_PREFIXES: readonly [string, ServiceName][] = [
  ['com.amazonaws.cloudtrail.', 'cloudtrail'],
  ['CloudTrail_', 'cloudtrail'],
  ['AWSOrganizationsV', 'organizations'],
];

const CREDENTIAL_SERVICE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]*\/([^/,\s]+)\//;

/**
 * Which service a request is for: the service named in its SigV4 credential scope, else its
 * `X-Amz-Target`, else its Host name; IAM when nothing says otherwise.
 */
export function routeService(headers: Readonly<Record<string, string | string[] | undefined>>, rawQuery: string, registry: ServiceRegistry): ServiceEntry | undefined {
  // A scope naming a service this port does not serve falls through to the other rules, so that
  // the service reached answers "Credential should be scoped to correct service".
  const auth = headers.authorization;
  let scoped: string | undefined;
  if (typeof auth === 'string') scoped = CREDENTIAL_SERVICE.exec(auth)?.[1];
  if (scoped === undefined && rawQuery.includes('X-Amz-Credential=')) {
    const cred = new URLSearchParams(rawQuery).get('X-Amz-Credential');
    scoped = cred?.split('/')[3];
  }
  const byScope = scoped !== undefined ? registry.get(scoped as ServiceName) : undefined;
  if (byScope !== undefined) return byScope;
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    for (const [prefix, name] of TARGET_PREFIXES) if (target.startsWith(prefix)) return registry.get(name);
  }
  const host = typeof headers.host === 'string' ? headers.host : '';
  for (const name of registry.keys()) if (host.startsWith(`${name}.`)) return registry.get(name);
  return registry.get('iam');
}
