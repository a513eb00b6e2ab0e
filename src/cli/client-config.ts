/**
 * How `gatehouse` commands reach a running Gatehouse: `--endpoint`, else `GATEHOUSE_ENDPOINT`,
 * else http://127.0.0.1:4599; credentials from the standard AWS chain (environment, then the
 * shared-credentials profile), falling back to the root profile in the data directory.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readProfile, credentialsPath, ROOT_PROFILE, type StaticCredentials } from '../server/credentials-file.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4599';
export const DEFAULT_DATA_DIR = '.gatehouse';

export function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (flag ?? env.GATEHOUSE_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

export function resolveCredentials(dataDir: string, env: NodeJS.ProcessEnv = process.env): StaticCredentials | undefined {
  if (env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  }
  const sharedFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  const fromProfile = readProfile(sharedFile, env.AWS_PROFILE ?? 'default');
  if (fromProfile !== undefined) return fromProfile;
  return readProfile(credentialsPath(resolve(dataDir)), ROOT_PROFILE);
}
