/**
 * First start: the organization's management account and its root credentials. Later starts keep
 * everything; root credentials given in the environment are added if the store lacks them, and the
 * profile of each member account missing from the credentials file (another process sharing the
 * store created the account, or the file was removed) is written again.
 */
import type { Store } from '../state/store.js';
import type { AccessKeyRecord } from '../state/records.js';
import { newAccessKeyId, newSecretAccessKey } from '../aws/ids.js';
import { asAccountId } from '../aws/arn.js';
import { credentialsPath, hasProfile, memberProfile, writeMemberRootCredentials, writeRootCredentials, type StaticCredentials } from './credentials-file.js';
import { existsSync } from 'node:fs';
import { isoSeconds } from '../aws/iso-seconds.js';
import { listAll } from '../services/iam/paging.js';

export interface BootstrapOptions {
  readonly accountId: string;
  readonly region: string;
  readonly dataDir: string;
  readonly rootCredentials: StaticCredentials | undefined;
  readonly now: Date;
}

export interface BootstrapResult {
  readonly created: boolean;
  /** The root credentials written to the credentials file on this start, if any. */
  readonly rootAccessKeyId: string | undefined;
}

export async function bootstrap(store: Store, o: BootstrapOptions): Promise<BootstrapResult> {
  const result = await bootstrapManagementAccount(store, o);
  await restoreMemberProfiles(store, o);
  return result;
}

async function bootstrapManagementAccount(store: Store, o: BootstrapOptions): Promise<BootstrapResult> {
  const now = isoSeconds(o.now);
  return store.transaction(async (tx) => {
    let created = false;
    if ((await tx.accounts.getById(o.accountId)) === undefined) {
      await tx.accounts.put({
        Id: o.accountId,
        Arn: `arn:aws:organizations::${o.accountId}:account/o-gatehouse/${o.accountId}`,
        Name: 'management',
        Email: `root@${o.accountId}.gatehouse.local`,
        Status: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: now,
      });
      created = true;
    }
    const rootKeys = await tx.accessKeys.list({ scope: o.accountId, parent: o.accountId });
    let wanted = o.rootCredentials;
    if (wanted !== undefined && (await tx.accessKeys.getById(wanted.accessKeyId)) !== undefined) wanted = undefined;
    if (wanted === undefined && rootKeys.items.length === 0) {
      wanted = { accessKeyId: newAccessKeyId(asAccountId(o.accountId)), secretAccessKey: newSecretAccessKey() };
    }
    if (wanted !== undefined) {
      const key: AccessKeyRecord = {
        AccountId: o.accountId,
        UserId: o.accountId,
        AccessKeyId: wanted.accessKeyId,
        SecretAccessKey: wanted.secretAccessKey,
        Status: 'Active',
        CreateDate: now,
      };
      await tx.accessKeys.put(key);
      writeRootCredentials(o.dataDir, wanted, o.region);
      return { created, rootAccessKeyId: wanted.accessKeyId };
    }
    if (!existsSync(credentialsPath(o.dataDir)) && rootKeys.items[0] !== undefined) {
      const k = rootKeys.items[0];
      writeRootCredentials(o.dataDir, { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey }, o.region);
    }
    return { created, rootAccessKeyId: undefined };
  });
}

/** Writes the root profile of each member account the credentials file lacks. */
async function restoreMemberProfiles(store: Store, o: BootstrapOptions): Promise<void> {
  const path = credentialsPath(o.dataDir);
  const accounts = await listAll((marker) => store.read.accounts.list({ scope: '', maxItems: 1000, ...(marker === undefined ? {} : { marker }) }));
  for (const account of accounts) {
    if (account.Id === o.accountId || hasProfile(path, memberProfile(account.Id))) continue;
    const keys = await store.read.accessKeys.list({ scope: account.Id, parent: account.Id });
    const key = keys.items.find((k) => k.Status === 'Active');
    if (key !== undefined) writeMemberRootCredentials(o.dataDir, account.Id, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, o.region);
  }
}
