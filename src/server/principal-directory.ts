/**
 * Who signed a request, and which policies apply to them: resolved from the store and cached
 * until the store's revision moves on. With a propagation delay, changes reach authorization only
 * that long after they were committed, as IAM's eventual consistency does.
 */
import type { CompiledPolicy, PolicySet } from '../policy/types.js';
import type { Store } from '../state/store.js';
import type { UserRecord } from '../state/records.js';
import type { Caller, HeldPolicies, HeldPolicy, PolicyDirectory, PolicyHolder, SessionSealer } from '../services/operation.js';
import type { SessionClaims } from '../services/sts/session-token.js';
import { CompiledPolicyCache } from './policy-cache.js';

export interface KeyEntry {
  readonly accessKeyId: string;
  readonly secret: string;
  readonly active: boolean;
  readonly caller: Caller;
}

/** Looks up the document of an AWS managed policy by ARN (`arn:aws:iam::aws:policy/...`). */
export type AwsManagedPolicyLookup = (arn: string) => string | undefined;

export interface PrincipalDirectoryOptions {
  readonly propagationDelayMs: number;
  readonly awsManagedPolicy: AwsManagedPolicyLookup;
  /** Opens session tokens (temporary credentials). */
  readonly sessions: SessionSealer;
}

/** Sessions whose callers are remembered at once (each token opened once while it is in use). */
const MAX_CACHED_SESSIONS = 10_000;

export class PrincipalDirectory implements PolicyDirectory {
  readonly #store: Store;
  readonly #options: PrincipalDirectoryOptions;
  readonly #compiled = new CompiledPolicyCache();
  #keys = new Map<string, Promise<KeyEntry | undefined>>();
  /** Session callers by token. */
  #sessions = new Map<string, Promise<KeyEntry | undefined>>();
  #sets = new Map<string, Promise<PolicySet>>();
  #held = new Map<string, Promise<HeldPolicies>>();
  readonly #unsubscribe: () => void;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(store: Store, options: PrincipalDirectoryOptions) {
    this.#store = store;
    this.#options = options;
    this.#unsubscribe = store.onRevision(() => this.#changed());
  }

  close(): void {
    this.#unsubscribe();
    for (const t of this.#timers) clearTimeout(t);
  }

  #changed(): void {
    const delay = this.#options.propagationDelayMs;
    if (delay <= 0) {
      this.#invalidate();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#invalidate();
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }

  #invalidate(): void {
    this.#keys = new Map();
    this.#sessions = new Map();
    this.#sets = new Map();
    this.#held = new Map();
  }

  /**
   * Temporary credentials: the caller a session token names, when the token opens under
   * Gatehouse's key and was issued with this access key ID. Expiry is the caller's to check (after
   * the signature, as AWS does).
   */
  session(accessKeyId: string, token: string): Promise<KeyEntry | undefined> {
    let hit = this.#sessions.get(token);
    if (hit === undefined) {
      hit = this.#loadSession(token);
      if (this.#sessions.size >= MAX_CACHED_SESSIONS) this.#sessions.clear();
      this.#sessions.set(token, hit);
      hit.catch(() => this.#sessions.delete(token));
    }
    return hit.then((entry) => (entry?.accessKeyId === accessKeyId ? entry : undefined));
  }

  /** The session a token names, whichever key it is presented with (the caller compares). */
  async #loadSession(token: string): Promise<KeyEntry | undefined> {
    const claims = this.#options.sessions.open(token);
    if (claims === undefined) return undefined;
    const caller = await this.#sessionCaller(claims);
    return caller === undefined ? undefined : { accessKeyId: claims.accessKeyId, secret: claims.secretAccessKey, active: true, caller };
  }

  async #sessionCaller(c: SessionClaims): Promise<Caller | undefined> {
    const sessionTags = Object.fromEntries(c.tags ?? []);
    switch (c.kind) {
      case 'role': {
        if (c.roleArn === undefined || c.roleId === undefined || c.name === undefined) return undefined;
        const roleName = c.roleArn.slice(c.roleArn.lastIndexOf('/') + 1);
        // The role's tags as they are now, with the session's over them; a role deleted since
        // (or re-created under its name) lends the session nothing.
        const role = await this.#store.read.roles.getById(c.roleId);
        const roleTags = role !== undefined ? Object.fromEntries(role.Tags.map((t) => [t.Key, t.Value])) : {};
        return {
          principal: {
            type: 'assumed-role',
            arn: `arn:aws:sts::${c.accountId}:assumed-role/${roleName}/${c.name}`,
            accountId: c.accountId,
            identityArn: c.roleArn,
            ...(c.federation !== undefined ? { federatedProvider: c.federation.provider } : {}),
          },
          accountId: c.accountId,
          userId: `${c.roleId}:${c.name}`,
          accessKeyId: c.accessKeyId,
          tags: { ...roleTags, ...sessionTags },
          session: c,
        };
      }
      case 'federated': {
        if (c.userId === undefined || c.name === undefined) return undefined;
        const user = await this.#store.read.users.getById(c.userId);
        const userArn = user?.Arn ?? (c.userId === c.accountId ? `arn:aws:iam::${c.accountId}:root` : undefined);
        return {
          principal: { type: 'federated-user', arn: `arn:aws:sts::${c.accountId}:federated-user/${c.name}`, accountId: c.accountId, ...(userArn !== undefined ? { identityArn: userArn } : {}) },
          accountId: c.accountId,
          userId: `${c.accountId}:${c.name}`,
          accessKeyId: c.accessKeyId,
          tags: sessionTags,
          session: c,
        };
      }
      case 'user': {
        if (c.userId === undefined) return undefined;
        if (c.userId === c.accountId) {
          return { principal: { type: 'root', arn: `arn:aws:iam::${c.accountId}:root`, accountId: c.accountId }, accountId: c.accountId, userId: c.accountId, accessKeyId: c.accessKeyId, tags: {}, session: c };
        }
        const user = await this.#store.read.users.getById(c.userId);
        if (user === undefined) return undefined;
        return { ...userCaller(user, c.accessKeyId), session: c };
      }
    }
  }

  /** The access key and its holder; undefined when no such key exists (or its user is gone). */
  key(accessKeyId: string): Promise<KeyEntry | undefined> {
    let hit = this.#keys.get(accessKeyId);
    if (hit === undefined) {
      hit = this.#loadKey(accessKeyId);
      this.#keys.set(accessKeyId, hit);
      hit.catch(() => this.#keys.delete(accessKeyId));
    }
    return hit;
  }

  async #loadKey(accessKeyId: string): Promise<KeyEntry | undefined> {
    const key = await this.#store.read.accessKeys.getById(accessKeyId);
    if (key === undefined) return undefined;
    let caller: Caller;
    if (key.UserId === key.AccountId) {
      caller = {
        principal: { type: 'root', arn: `arn:aws:iam::${key.AccountId}:root`, accountId: key.AccountId },
        accountId: key.AccountId,
        userId: key.AccountId,
        accessKeyId,
        tags: {},
      };
    } else {
      const user = await this.#store.read.users.getById(key.UserId);
      if (user === undefined) return undefined;
      caller = userCaller(user, accessKeyId);
    }
    return { accessKeyId, secret: key.SecretAccessKey, active: key.Status === 'Active', caller };
  }

  /** The policies that apply to a caller's requests (identity policies, boundary, session policies). */
  policySet(caller: Caller): Promise<PolicySet> {
    // Two sessions of one role may carry different session policies: sessions are keyed apart.
    const cacheKey = caller.session !== undefined ? `session ${caller.accessKeyId}` : caller.principal.arn;
    let hit = this.#sets.get(cacheKey);
    if (hit === undefined) {
      hit = this.#loadSet(caller);
      this.#sets.set(cacheKey, hit);
      hit.catch(() => this.#sets.delete(cacheKey));
    }
    return hit;
  }

  async #loadSet(caller: Caller): Promise<PolicySet> {
    const s = caller.session;
    switch (caller.principal.type) {
      case 'root':
        return {};
      case 'user':
        return this.#userSet(caller.userId);
      case 'assumed-role': {
        if (s?.roleId === undefined) return { identity: [] };
        // A session belongs to the role's ID: a role deleted (or re-created under its name) lends it nothing.
        const role = await this.#store.read.roles.getById(s.roleId);
        if (role === undefined) return { identity: [], session: await this.#sessionPolicies(s) };
        const held = await this.heldPolicies({ kind: 'role', record: role });
        return { identity: held.identity.map((h) => h.policy), boundary: held.boundary?.policy, session: await this.#sessionPolicies(s) };
      }
      case 'federated-user': {
        if (s?.userId === undefined) return { identity: [] };
        const base = s.userId === s.accountId ? {} : await this.#userSet(s.userId);
        return { ...base, session: await this.#sessionPolicies(s) };
      }
      default:
        return { identity: [] };
    }
  }

  /** An IAM user's identity policies (its own and its groups') and boundary. */
  async #userSet(userId: string): Promise<PolicySet> {
    const user = await this.#store.read.users.getById(userId);
    if (user === undefined) return { identity: [] };
    const held = await this.heldPolicies({ kind: 'user', record: user });
    return { identity: held.identity.map((h) => h.policy), boundary: held.boundary?.policy };
  }

  /** A session's policies: the inline one and each managed one passed when it was made (none: undefined). */
  async #sessionPolicies(s: SessionClaims): Promise<CompiledPolicy[] | undefined> {
    if (s.policy === undefined && (s.policyArns === undefined || s.policyArns.length === 0)) return undefined;
    const out: CompiledPolicy[] = [];
    if (s.policy !== undefined) {
      const inline = this.#compiled.get('session', 'session policy', s.policy);
      if (inline !== undefined) out.push(inline);
    }
    for (const arn of s.policyArns ?? []) {
      const managed = await this.managedPolicy(s.accountId, arn, 'session');
      if (managed !== undefined) out.push(managed);
    }
    return out;
  }

  /** A policy document compiled once per text (trust policies, resource policies). */
  compile(kind: 'trust' | 'resource', id: string, document: string): CompiledPolicy | undefined {
    return this.#compiled.get(kind, id, document);
  }

  /**
   * The identity-based policies (a user's with its groups', a group's, a role's) and permissions
   * boundary of one entity, compiled, each with its name and origin; cached until the store's
   * revision moves on, like the policy sets.
   */
  heldPolicies(holder: PolicyHolder): Promise<HeldPolicies> {
    const r = holder.record;
    const cacheKey = `${holder.kind}\u0000${r.AccountId}\u0000${holder.kind === 'user' ? holder.record.UserId : holder.kind === 'group' ? holder.record.GroupId : holder.record.RoleId}`;
    let hit = this.#held.get(cacheKey);
    if (hit === undefined) {
      hit = this.#loadHeld(holder);
      this.#held.set(cacheKey, hit);
      hit.catch(() => this.#held.delete(cacheKey));
    }
    return hit;
  }

  async #loadHeld(holder: PolicyHolder): Promise<HeldPolicies> {
    const read = this.#store.read;
    const unreadable: string[] = [];
    const identity: HeldPolicy[] = [];
    let boundaryArn: string | undefined;
    switch (holder.kind) {
      case 'user': {
        const user = holder.record;
        identity.push(...(await this.#holderPolicies(user.AccountId, user.UserId, `user/${user.UserName}`, 'user', unreadable)));
        const memberships = await listAll((marker) => read.groupMemberships.list({ scope: user.AccountId, ref: user.UserId, marker, maxItems: 1000 }));
        for (const m of memberships) {
          const group = await read.groups.getById(m.GroupId);
          if (group !== undefined) identity.push(...(await this.#holderPolicies(user.AccountId, group.GroupId, `group/${group.GroupName}`, 'group', unreadable)));
        }
        boundaryArn = user.PermissionsBoundary?.PermissionsBoundaryArn;
        break;
      }
      case 'group':
        identity.push(...(await this.#holderPolicies(holder.record.AccountId, holder.record.GroupId, `group/${holder.record.GroupName}`, 'group', unreadable)));
        break;
      case 'role':
        identity.push(...(await this.#holderPolicies(holder.record.AccountId, holder.record.RoleId, `role/${holder.record.RoleName}`, 'role', unreadable)));
        boundaryArn = holder.record.PermissionsBoundary?.PermissionsBoundaryArn;
        break;
    }
    let boundary: HeldPolicy | undefined;
    if (boundaryArn !== undefined) {
      const policy = await this.managedPolicy(holder.record.AccountId, boundaryArn, 'boundary');
      if (policy === undefined) unreadable.push(policyName(boundaryArn));
      else boundary = { policy, name: policyName(boundaryArn), origin: managedOrigin(boundaryArn) };
    }
    return { identity, boundary, unreadable };
  }

  /** Inline and attached managed policies of one user, group or role. */
  async #holderPolicies(accountId: string, holderId: string, label: string, origin: 'user' | 'group' | 'role', unreadable: string[]): Promise<HeldPolicy[]> {
    const read = this.#store.read;
    const out: HeldPolicy[] = [];
    const inline = await listAll((marker) => read.inlinePolicies.list({ scope: accountId, parent: holderId, marker, maxItems: 1000 }));
    for (const p of inline) {
      const compiled = this.#compiled.get('identity', `${label} inline policy ${p.PolicyName}`, p.PolicyDocument);
      if (compiled !== undefined) out.push({ policy: compiled, name: p.PolicyName, origin });
      else unreadable.push(p.PolicyName);
    }
    const attached = await listAll((marker) => read.policyAttachments.list({ scope: accountId, parent: holderId, marker, maxItems: 1000 }));
    for (const a of attached) {
      const compiled = await this.managedPolicy(accountId, a.PolicyArn, 'identity');
      if (compiled !== undefined) out.push({ policy: compiled, name: policyName(a.PolicyArn), origin: managedOrigin(a.PolicyArn) });
      else unreadable.push(policyName(a.PolicyArn));
    }
    return out;
  }

  /** A managed policy's default version, compiled; customer managed from the store, AWS managed from the catalogue. */
  async managedPolicy(accountId: string, arn: string, kind: 'identity' | 'boundary' | 'session'): Promise<CompiledPolicy | undefined> {
    if (arn.startsWith('arn:aws:iam::aws:policy/')) {
      const doc = this.#options.awsManagedPolicy(arn);
      return doc === undefined ? undefined : this.#compiled.get(kind, arn, doc);
    }
    const read = this.#store.read;
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const policy = await read.policies.getByName(accountId, name);
    if (policy === undefined || policy.Arn !== arn) return undefined;
    const version = await read.policyVersions.getById(`${policy.PolicyId}|${policy.DefaultVersionId}`);
    if (version === undefined) return undefined;
    return this.#compiled.get(kind, arn, version.Document);
  }
}

function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function managedOrigin(arn: string): 'aws-managed' | 'user-managed' {
  return arn.startsWith('arn:aws:iam::aws:policy/') ? 'aws-managed' : 'user-managed';
}

export function userCaller(user: UserRecord, accessKeyId: string): Caller {
  return {
    principal: { type: 'user', arn: user.Arn, accountId: user.AccountId },
    accountId: user.AccountId,
    userId: user.UserId,
    userName: user.UserName,
    accessKeyId,
    tags: Object.fromEntries(user.Tags.map((t) => [t.Key, t.Value])),
  };
}

async function listAll<R>(page: (marker: string | undefined) => Promise<{ items: readonly R[]; isTruncated: boolean; marker?: string }>): Promise<R[]> {
  const out: R[] = [];
  let marker: string | undefined;
  for (;;) {
    const p = await page(marker);
    out.push(...p.items);
    if (!p.isTruncated || p.marker === undefined) return out;
    marker = p.marker;
  }
}
