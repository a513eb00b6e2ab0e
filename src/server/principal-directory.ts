/**
 * Who signed a request, and which policies apply to them: resolved from the store and cached
 * until the store's revision moves on. With a propagation delay, changes reach authorization only
 * that long after they were committed, as IAM's eventual consistency does.
 */
import type { CompiledPolicy, PolicySet } from '../policy/types.js';
import type { Store } from '../state/store.js';
import type { UserRecord } from '../state/records.js';
import type { Caller, HeldPolicies, HeldPolicy, PolicyDirectory, PolicyHolder } from '../services/operation.js';
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
}

export class PrincipalDirectory implements PolicyDirectory {
  readonly #store: Store;
  readonly #options: PrincipalDirectoryOptions;
  readonly #compiled = new CompiledPolicyCache();
  #keys = new Map<string, Promise<KeyEntry | undefined>>();
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
    this.#sets = new Map();
    this.#held = new Map();
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

  /** The policies that apply to a caller's requests (identity policies and boundary). */
  policySet(caller: Caller): Promise<PolicySet> {
    const cacheKey = caller.principal.arn;
    let hit = this.#sets.get(cacheKey);
    if (hit === undefined) {
      hit = this.#loadSet(caller);
      this.#sets.set(cacheKey, hit);
      hit.catch(() => this.#sets.delete(cacheKey));
    }
    return hit;
  }

  async #loadSet(caller: Caller): Promise<PolicySet> {
    if (caller.principal.type === 'root') return {};
    if (caller.principal.type === 'user') {
      const user = await this.#store.read.users.getById(caller.userId);
      if (user === undefined) return { identity: [] };
      const held = await this.heldPolicies({ kind: 'user', record: user });
      return { identity: held.identity.map((h) => h.policy), boundary: held.boundary?.policy };
    }
    return { identity: [] };
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
  async managedPolicy(accountId: string, arn: string, kind: 'identity' | 'boundary'): Promise<CompiledPolicy | undefined> {
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
