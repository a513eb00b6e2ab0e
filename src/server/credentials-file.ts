/**
 * The root credentials of the management account, written on first start as the AWS
 * shared-credentials profile `gatehouse` in `<data dir>/credentials` (mode 0600), and read back by
 * the `gatehouse` commands as the last step of their credential chain.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT_PROFILE = 'gatehouse';

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export function credentialsPath(dataDir: string): string {
  return join(dataDir, 'credentials');
}

export function writeRootCredentials(dataDir: string, creds: StaticCredentials, region: string): void {
  const path = credentialsPath(dataDir);
  const text =
    `# Root user of the Gatehouse management account. Use with AWS_SHARED_CREDENTIALS_FILE=${path} AWS_PROFILE=${ROOT_PROFILE}\n` +
    `[${ROOT_PROFILE}]\naws_access_key_id = ${creds.accessKeyId}\naws_secret_access_key = ${creds.secretAccessKey}\nregion = ${region}\n`;
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Reads one profile from an AWS shared-credentials (INI) file; undefined when absent. */
export function readProfile(path: string, profile: string): StaticCredentials | undefined {
  if (!existsSync(path)) return undefined;
  let section: string | undefined;
  const values: Record<string, string> = {};
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (header !== null) {
      section = header[1];
      continue;
    }
    if (section !== profile) continue;
    const eq = line.indexOf('=');
    if (eq > 0) values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const id = values.aws_access_key_id;
  const secret = values.aws_secret_access_key;
  if (id === undefined || secret === undefined) return undefined;
  return { accessKeyId: id, secretAccessKey: secret, sessionToken: values.aws_session_token };
}
