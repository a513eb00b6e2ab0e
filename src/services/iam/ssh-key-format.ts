/**
 * SSH public keys as IAM takes them for CodeCommit (UploadSSHPublicKey): RSA only, "encoded in
 * ssh-rsa format or PEM format", at least 2048 bits. Keys are read with node:crypto, and
 * fingerprinted as IAM reports them: the MD5 digest of the key in SSH wire format
 * (`ssh-rsa`, e, n), as colon-separated hex (what `ssh-keygen -l -E md5` prints).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export const MIN_RSA_BITS = 2048;

export type ParsedSshKey =
  | { readonly ok: true; readonly key: KeyObject; readonly fingerprint: string; readonly sshBody: string; readonly pemBody: string }
  | { readonly ok: false; readonly reason: 'unrecognized-encoding' | 'invalid-key' };

/** One SSH wire-format string (uint32 length + bytes) at `offset`. */
function readString(blob: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > blob.length) return undefined;
  const length = blob.readUInt32BE(offset);
  const end = offset + 4 + length;
  if (end > blob.length) return undefined;
  return { value: blob.subarray(offset + 4, end), next: end };
}

function writeString(value: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return Buffer.concat([length, value]);
}

/** An mpint: big-endian, with a leading zero byte when the high bit is set. */
function mpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const trimmed = unsigned.subarray(start);
  return (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

function unsignedOf(mp: Buffer): Buffer {
  let start = 0;
  while (start < mp.length - 1 && mp[start] === 0) start++;
  return mp.subarray(start);
}

/** The key in SSH wire format: string "ssh-rsa", mpint e, mpint n. */
function sshBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const e = Buffer.from(jwk.e ?? '', 'base64url');
  const n = Buffer.from(jwk.n ?? '', 'base64url');
  return Buffer.concat([writeString(Buffer.from('ssh-rsa')), writeString(mpint(e)), writeString(mpint(n))]);
}

function fromSshRsa(text: string): KeyObject | undefined {
  const fields = text.split(/\s+/);
  if (fields[0] !== 'ssh-rsa' || fields[1] === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(fields[1])) return undefined;
  const blob = Buffer.from(fields[1], 'base64');
  const type = readString(blob, 0);
  const e = type === undefined ? undefined : readString(blob, type.next);
  const n = e === undefined ? undefined : readString(blob, e.next);
  if (type?.value.toString() !== 'ssh-rsa' || e === undefined || n === undefined || n.next !== blob.length) return undefined;
  try {
    return createPublicKey({
      key: { kty: 'RSA', e: unsignedOf(e.value).toString('base64url'), n: unsignedOf(n.value).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
}

function fromPem(text: string): KeyObject | undefined {
  try {
    return createPublicKey({ key: text, format: 'pem' });
  } catch {
    return undefined;
  }
}

export function md5Fingerprint(blob: Buffer): string {
  return (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
}

/** Reads an uploaded SSH public key body. */
export function parseSshPublicKey(body: string): ParsedSshKey {
  const text = body.trim();
  const isSsh = text.startsWith('ssh-rsa ');
  const isPem = text.startsWith('-----BEGIN ');
  if (!isSsh && !isPem) return { ok: false, reason: 'unrecognized-encoding' };
  const key = isSsh ? fromSshRsa(text) : fromPem(text);
  if (key?.asymmetricKeyType !== 'rsa') return { ok: false, reason: isPem && key !== undefined ? 'unrecognized-encoding' : 'invalid-key' };
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) return { ok: false, reason: 'invalid-key' };
  const blob = sshBlob(key);
  return {
    ok: true,
    key,
    fingerprint: md5Fingerprint(blob),
    sshBody: `ssh-rsa ${blob.toString('base64')}`,
    pemBody: key.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
