/**
 * For the IAM handler tests: a real SQLite store in a temporary directory, and operation contexts
 * for the root user, an IAM user or a role session of one account. Runs each operation the way
 * the server does: authorize, then handler.
 */
import { newSessionKey, sessionSealer } from '../sts/session-token.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { WireRecord } from '../../aws/wire-value.js';
import { openStore, type Store } from '../../state/index.js';
import type { Authorization, Caller, OperationContext, PolicyDirectory } from '../operation.js';
import { PrincipalDirectory } from '../../server/principal-directory.js';
import { secretSealer, type SecretSealer } from '../../state/secret-sealer.js';
import { iamOperations } from './index.js';
import { awsManagedPolicies, awsManagedPolicy } from './aws-managed-policies.js';

export const ACCOUNT = '123456789012';
export const NOW = new Date('2024-05-01T12:00:00Z');

export interface TestStore {
  readonly store: Store;
  close(): Promise<void>;
}

export async function openTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-iam-'));
  const store = await openStore(undefined, dir);
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const rootCaller: Caller = {
  principal: { type: 'root', arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
  accountId: ACCOUNT,
  userId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  tags: {},
};

export function userCaller(userName: string, userId = 'AIDAEXAMPLEUSER00001'): Caller {
  return {
    principal: { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`, accountId: ACCOUNT },
    accountId: ACCOUNT,
    userId,
    userName,
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    tags: {},
  };
}

export const roleSessionCaller: Caller = {
  principal: {
    type: 'assumed-role',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/session`,
    accountId: ACCOUNT,
    identityArn: `arn:aws:iam::${ACCOUNT}:role/Admin`,
  },
  accountId: ACCOUNT,
  userId: 'AROAEXAMPLEROLE00001:session',
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  tags: {},
};

const TEST_SESSIONS = sessionSealer(newSessionKey());

/** One policy directory per store, as the server has (closed with the store's test directory). */
const directories = new WeakMap<Store, PolicyDirectory>();

function directoryFor(store: Store): PolicyDirectory {
  let d = directories.get(store);
  if (d === undefined) {
    d = new PrincipalDirectory(store, { propagationDelayMs: 0, awsManagedPolicy: (arn) => (awsManagedPolicy(arn) === undefined ? undefined : awsManagedPolicies().defaultVersion(arn)?.Document), sessions: TEST_SESSIONS });
    directories.set(store, d);
  }
  return d;
}

/** One sealing key for every test context of this process. */
export const testSealer: SecretSealer = secretSealer(randomBytes(32));

export function context(store: Store, caller: Caller = rootCaller, now: Date = NOW): OperationContext {
  return { store, sealer: testSealer, caller, policies: directoryFor(store), accountId: ACCOUNT, region: 'us-east-1', requestId: randomUUID(), now, sessions: TEST_SESSIONS };
}

/** Runs `authorize` then `handler`, like the server (without the policy decision). */
export async function call(ctx: OperationContext, operation: string, input: WireRecord = {}): Promise<WireRecord> {
  const op = iamOperations.get(operation);
  if (op === undefined) throw new Error(`no IAM operation ${operation}`);
  await op.authorize(input, ctx);
  return op.handler(input, ctx);
}

/** The authorization an operation asks for. */
export async function authorization(ctx: OperationContext, operation: string, input: WireRecord = {}): Promise<readonly Authorization[]> {
  const op = iamOperations.get(operation);
  if (op === undefined) throw new Error(`no IAM operation ${operation}`);
  const result = await op.authorize(input, ctx);
  return Array.isArray(result) ? (result as readonly Authorization[]) : [result as Authorization];
}

/** For `assert.rejects`: matches an AwsError by code and exact message. */
export function awsError(code: string, message: string): { name: string; code: string; message: string } {
  return { name: 'AwsError', code, message };
}
