/**
 * Writes imported records into a store in batches (one transaction each), so a large account
 * loads without holding one huge transaction, reporting progress as it goes. An entity whose name
 * is taken in its account by another entity (another ID) is skipped and counted as a conflict;
 * one with the same ID is replaced. Accounts Gatehouse does not hold yet are created with root
 * credentials of their own (profile `gatehouse-<account ID>` in the data directory), so they can
 * be signed in to and exported like member accounts.
 */
import type { Store, StoreTransaction } from '../state/store.js';
import type { AccessKeyRecord } from '../state/records.js';
import { DuplicateNameError } from '../state/store-errors.js';
import { newAccessKeyId, newSecretAccessKey } from '../aws/ids.js';
import { asAccountId } from '../aws/arn.js';
import { isoSeconds } from '../aws/iso-seconds.js';
import { DEFAULT_ACCOUNT_ID } from '../server/serve-defaults.js';
import type { DetailRecords } from './authorization-details.js';

export interface LoadSummary {
  readonly accounts: readonly string[];
  /** Accounts created by this import, with the profile of their root credentials. */
  readonly accountsCreated: readonly { readonly accountId: string; readonly profile: string }[];
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly policies: number;
  readonly policyVersions: number;
  readonly inlinePolicies: number;
  readonly attachments: number;
  readonly groupMemberships: number;
  /** Entities skipped because another entity holds the name: `<kind> <name> in <account>`. */
  readonly conflicts: readonly string[];
  /** Group memberships whose group is in none of the files nor the store. */
  readonly missingGroups: readonly string[];
}

export interface LoadOptions {
  readonly batchSize?: number;
  /** Told after each batch: records written so far and in all. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Writes a created account's root credentials where clients find them. */
  readonly saveRootCredentials?: (accountId: string, creds: { accessKeyId: string; secretAccessKey: string }) => void;
  readonly now?: Date;
  /** The management account: `gatehouse serve` makes it and its root profile, so import never does. */
  readonly managementAccountId?: string;
}

type Put = (tx: StoreTransaction) => Promise<'ok' | 'conflict'>;

export async function loadRecords(store: Store, r: DetailRecords, o: LoadOptions = {}): Promise<LoadSummary> {
  const now = isoSeconds(o.now ?? new Date());
  const created: { accountId: string; profile: string }[] = [];
  for (const accountId of [...r.accounts].sort()) {
    if (accountId === (o.managementAccountId ?? DEFAULT_ACCOUNT_ID)) continue;
    const fresh = await store.transaction(async (tx) => {
      if ((await tx.accounts.getById(accountId)) !== undefined) return undefined;
      await tx.accounts.put({ Id: accountId, Arn: `arn:aws:organizations::${accountId}:account/o-gatehouse/${accountId}`, Name: `imported-${accountId}`, Email: `root@${accountId}.gatehouse.local`, Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: now });
      const key: AccessKeyRecord = { AccountId: accountId, UserId: accountId, AccessKeyId: newAccessKeyId(asAccountId(accountId)), SecretAccessKey: newSecretAccessKey(), Status: 'Active', CreateDate: now };
      await tx.accessKeys.put(key);
      return key;
    });
    if (fresh !== undefined) {
      o.saveRootCredentials?.(accountId, { accessKeyId: fresh.AccessKeyId, secretAccessKey: fresh.SecretAccessKey });
      created.push({ accountId, profile: `gatehouse-${accountId}` });
    }
  }
  const conflicts: string[] = [];
  const named = <R>(kind: string, name: (x: R) => string, account: (x: R) => string, put: (tx: StoreTransaction, x: R) => Promise<void>) => (x: R): Put => async (tx) => {
    try {
      await put(tx, x);
      return 'ok';
    } catch (err) {
      if (!(err instanceof DuplicateNameError)) throw err;
      conflicts.push(`${kind} ${name(x)} in ${account(x)}`);
      return 'conflict';
    }
  };
  const puts: Put[] = [
    ...r.groups.map(named('group', (g) => g.GroupName, (g) => g.AccountId, (tx, g) => tx.groups.put(g))),
    ...r.users.map(named('user', (u) => u.UserName, (u) => u.AccountId, (tx, u) => tx.users.put(u))),
    ...r.roles.map(named('role', (x) => x.RoleName, (x) => x.AccountId, (tx, x) => tx.roles.put(x))),
    ...r.policies.map(named('policy', (p) => p.PolicyName, (p) => p.AccountId, (tx, p) => tx.policies.put(p))),
    ...r.versions.map((v): Put => async (tx) => (await tx.policyVersions.put(v), 'ok')),
    ...r.inline.map(named('inline policy', (p) => p.PolicyName, (p) => p.AccountId, (tx, p) => tx.inlinePolicies.put(p))),
    ...r.attachments.map((a): Put => async (tx) => (await tx.policyAttachments.put(a), 'ok')),
  ];
  const missingGroups: string[] = [];
  let memberships = 0;
  const total = puts.length + r.memberships.length;
  const batch = o.batchSize ?? 2000;
  let done = 0;
  for (let i = 0; i < puts.length; i += batch) {
    const slice = puts.slice(i, i + batch);
    await store.transaction(async (tx) => {
      for (const p of slice) await p(tx);
    });
    done += slice.length;
    o.onProgress?.(done, total);
  }
  for (let i = 0; i < r.memberships.length; i += batch) {
    const slice = r.memberships.slice(i, i + batch);
    memberships += await store.transaction(async (tx) => {
      let n = 0;
      for (const m of slice) {
        const g = await tx.groups.getByName(m.accountId, m.groupName);
        if (g === undefined) {
          missingGroups.push(`${m.groupName} in ${m.accountId}`);
          continue;
        }
        await tx.groupMemberships.put({ AccountId: m.accountId, GroupId: g.GroupId, UserId: m.userId });
        n++;
      }
      return n;
    });
    done += slice.length;
    o.onProgress?.(done, total);
  }
  return {
    accounts: [...r.accounts].sort(),
    accountsCreated: created,
    users: r.users.length,
    groups: r.groups.length,
    roles: r.roles.length,
    policies: r.policies.length,
    policyVersions: r.versions.length,
    inlinePolicies: r.inline.length,
    attachments: r.attachments.length,
    groupMemberships: memberships,
    conflicts,
    missingGroups: [...new Set(missingGroups)],
  };
}
