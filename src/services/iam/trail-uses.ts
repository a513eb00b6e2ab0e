/**
 * Last use of each service by each entity, read from the audit trail (CloudTrail's record shape):
 * every authenticated attempt counts, allowed or denied, as in IAM's last-accessed data ("includes
 * all attempts to access an AWS API, not just the successful ones"); unauthenticated requests do
 * not. A user's events carry its unique ID as `userIdentity.principalId`; a role session's carry
 * `<role ID>:<session name>`. The service is the event source's (`iam.amazonaws.com` → `iam`), the
 * action the event name. The trail is read newest first, so the first event seen of each service
 * and entity is the last use.
 *
 * The trail keeps 90 days (CloudTrail's lookup window); IAM reports at least 400. Events reach
 * the trail within moments; IAM says recent activity usually appears within four hours.
 */
import type { AccessReportEntity, AccessReportUse, AuditEventRecord } from '../../state/records.js';
import type { AuditFilter, AuditReader } from '../../state/store.js';

const PAGE = 50;

function principalIdOf(event: AuditEventRecord): string | undefined {
  const identity = event.CloudTrailEvent.userIdentity;
  if (identity === null || typeof identity !== 'object' || Array.isArray(identity)) return undefined;
  const id = identity.principalId;
  return typeof id === 'string' ? id : undefined;
}

function regionOf(event: AuditEventRecord): string {
  const region = event.CloudTrailEvent.awsRegion;
  return typeof region === 'string' ? region : 'us-east-1';
}

/**
 * The last use of every service by each of `entities`, and for the services in `tracked` of each
 * action too.
 */
export async function trailUses(audit: AuditReader, accountId: string, entities: readonly AccessReportEntity[], tracked: ReadonlySet<string>): Promise<AccessReportUse[]> {
  if (entities.length === 0) return [];
  const users = new Map<string, number>();
  const roles = new Map<string, number>();
  entities.forEach((e, i) => (e.Type === 'ROLE' ? roles : users).set(e.Id, i));
  const entityOf = (principalId: string): number | undefined => {
    const user = users.get(principalId);
    if (user !== undefined) return user;
    const colon = principalId.indexOf(':');
    return colon < 0 ? undefined : roles.get(principalId.slice(0, colon));
  };
  // A single user's events are found by its name first (then checked by ID: a name can be reused).
  const only = entities.length === 1 && entities[0]?.Type === 'USER' ? entities[0] : undefined;
  const filter: AuditFilter = only === undefined ? { AccountId: accountId } : { AccountId: accountId, Username: only.Name };

  const uses = new Map<string, { use: AccessReportUse; actions: Map<string, { ActionName: string; LastAccessedTime: string; Region: string }> }>();
  let nextToken: string | undefined;
  do {
    const page = await audit.query({ filter, maxResults: PAGE, ...(nextToken === undefined ? {} : { nextToken }) });
    for (const event of page.events) {
      const principalId = principalIdOf(event);
      const entity = principalId === undefined ? undefined : entityOf(principalId);
      if (entity === undefined) continue;
      const namespace = event.EventSource.replace(/\.amazonaws\.com$/, '');
      const key = `${namespace}\u0000${entity}`;
      let entry = uses.get(key);
      if (entry === undefined) {
        entry = { use: { ServiceNamespace: namespace, Entity: entity, LastAuthenticated: event.EventTime, Region: regionOf(event) }, actions: new Map() };
        uses.set(key, entry);
      }
      if (tracked.has(namespace) && !entry.actions.has(event.EventName)) {
        entry.actions.set(event.EventName, { ActionName: event.EventName, LastAccessedTime: event.EventTime, Region: regionOf(event) });
      }
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return [...uses.values()].map(({ use, actions }) => (tracked.has(use.ServiceNamespace) ? { ...use, Actions: [...actions.values()] } : use));
}
