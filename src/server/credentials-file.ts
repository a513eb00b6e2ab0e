/**
 * The root credentials of Gatehouse's accounts, as AWS shared-credentials profiles in
 * `<data dir>/credentials` (mode 0600): `gatehouse` for the management account, written on first
 * start, and `gatehouse-<account ID>` for each member account Organizations creates. The
 * `gatehouse` commands read the file back as the last step of their credential chain. Writing one
 * profile keeps the others.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/** The profile of a member account's root user. */
export function memberProfile(accountId: string): string {
  return `${ROOT_PROFILE}-${accountId}`;
}

/** Writes the management account's root credentials as profile `gatehouse`. */
export function writeRootCredentials(dataDir: string, creds: StaticCredentials, region: string): void {
  writeProfile(dataDir, ROOT_PROFILE, creds, region);
}

/** Writes a member account's root credentials as profile `gatehouse-<account ID>`. */
export function writeMemberRootCredentials(dataDir: string, accountId: string, creds: StaticCredentials, region: string): void {
  writeProfile(dataDir, memberProfile(accountId), creds, region);
}

const HEADER_PREFIX = '# Root users of the Gatehouse accounts';

/** Replaces (or adds) one profile, keeping the others, through a new file renamed into place. */
function writeProfile(dataDir: string, profile: string, creds: StaticCredentials, region: string): void {
  const path = credentialsPath(dataDir);
  const sections = existsSync(path) ? profileSections(readFileSync(path, 'utf8')).filter((s) => s.name !== profile) : [];
  const section = `[${profile}]\naws_access_key_id = ${creds.accessKeyId}\naws_secret_access_key = ${creds.secretAccessKey}\nregion = ${region}\n`;
  const ordered = profile === ROOT_PROFILE ? [section, ...sections.map((s) => s.text)] : [...sections.map((s) => s.text), section];
  const header =
    `${HEADER_PREFIX}: profile ${ROOT_PROFILE} is the management account, ${ROOT_PROFILE}-<account ID> each member account.\n` +
    `# Use with AWS_SHARED_CREDENTIALS_FILE=${path} AWS_PROFILE=${ROOT_PROFILE}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, header + ordered.join('\n'), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

interface Section {
  readonly name: string;
  /** The section's lines, ending with a newline. */
  readonly text: string;
}

/** The profile sections of a credentials file, each with its lines; comments outside them are dropped. */
function profileSections(text: string): Section[] {
  const out: { name: string; lines: string[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]\s*$/.exec(raw);
    if (header?.[1] !== undefined) {
      out.push({ name: header[1], lines: [raw] });
      continue;
    }
    const current = out[out.length - 1];
    if (current !== undefined && raw.trim() !== '' && !raw.trim().startsWith('#')) current.lines.push(raw);
  }
  return out.map((s) => ({ name: s.name, text: `${s.lines.join('\n')}\n` }));
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

/** Whether the file holds a profile of this name. */
export function hasProfile(path: string, profile: string): boolean {
  return existsSync(path) && profileSections(readFileSync(path, 'utf8')).some((s) => s.name === profile);
}
