/**
 * The key that seals secrets at rest (virtual MFA seeds): from `GATEHOUSE_SEALING_KEY` (32 bytes,
 * base64) when set, else `<data dir>/sealing.key`, created with 32 random bytes (mode 0600) on
 * first start. The key is never written to the store, so a copy of the database alone does not
 * reveal the seeds. Several Gatehouse processes sharing one PostgreSQL store must share the key:
 * set `GATEHOUSE_SEALING_KEY` to the same value for each.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEALING_KEY_BYTES } from '../state/secret-sealer.js';

export const SEALING_KEY_ENV = 'GATEHOUSE_SEALING_KEY';

export function sealingKeyPath(dataDir: string): string {
  return join(dataDir, 'sealing.key');
}

export class SealingKeyError extends Error {
  constructor(where: string) {
    super(`${where} must hold ${SEALING_KEY_BYTES} bytes, base64-encoded`);
    this.name = 'SealingKeyError';
  }
}

function decode(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== SEALING_KEY_BYTES) throw new SealingKeyError(where);
  return key;
}

export function loadSealingKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env[SEALING_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return decode(fromEnv, SEALING_KEY_ENV);
  const path = sealingKeyPath(dataDir);
  if (existsSync(path)) return decode(readFileSync(path, 'utf8'), path);
  const key = randomBytes(SEALING_KEY_BYTES);
  // 'wx': a concurrent first start that won the race keeps its key; this one reads it.
  try {
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return decode(readFileSync(path, 'utf8'), path);
    throw error;
  }
  chmodSync(path, 0o600);
  return key;
}
