/**
 * `gatehouse doctor` as a command: the text as arguments, from standard input or from a file;
 * `--json` with the documented members; "not recognised" with exit status 2; `--explain-calls`
 * listing read-only calls without making any.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const E07 = 'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience';

function doctor(args: readonly string[], input?: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [MAIN, 'doctor', ...args], { input, encoding: 'utf8', env: { ...process.env, GATEHOUSE_ENDPOINT: 'http://127.0.0.1:9' } });
  return { code: r.status, out: r.stdout };
}

describe('gatehouse doctor (command)', () => {
  it('prints the entry, the cause and the fix from arguments, standard input and a file', () => {
    const text = doctor([E07]);
    assert.equal(text.code, 0);
    assert.match(text.out, /^E07: Incorrect token audience/);
    assert.match(text.out, /Fix: Inspect with aws iam get-open-id-connect-provider/);
    const piped = doctor(['--stdin', '--json'], `2026-12-01T10:00:00Z ERROR ${E07}\n`);
    const d = JSON.parse(piped.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(d), ['recognised', 'catalogueId', 'title', 'group', 'surface', 'catalogueMessage', 'client', 'fields', 'causes', 'fix', 'checks', 'related', 'source']);
    assert.equal(d.catalogueId, 'E07');
    assert.deepEqual(d.fields, { code: 'InvalidIdentityToken', operation: 'AssumeRoleWithWebIdentity', message: 'Incorrect token audience' });
    const dir = mkdtempSync(join(tmpdir(), 'doctor-file-'));
    try {
      writeFileSync(join(dir, 'err.txt'), 'error: You must be logged in to the server (Unauthorized)\n');
      assert.match(doctor([join(dir, 'err.txt')]).out, /^S02:/);
      assert.match(doctor(['-f', join(dir, 'err.txt'), '--json']).out, /"catalogueId": "S02"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers text of no entry with "not recognised", the closest entries and exit status 2', () => {
    const r = doctor(['--json', 'the OIDC thumbprint is odd']);
    assert.equal(r.code, 2);
    const d = JSON.parse(r.out) as { recognised: boolean; closest: { catalogueId: string }[] };
    assert.equal(d.recognised, false);
    assert.ok(d.closest.some((c) => c.catalogueId === 'E08'));
    assert.match(doctor(['nothing to see']).out, /^Not recognised/);
  });

  it('lists the read-only calls with --explain-calls and makes none', () => {
    const r = doctor(['--explain-calls', '--json', '--endpoint', 'http://127.0.0.1:9', E07]);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), {
      recognised: true,
      catalogueId: 'E07',
      readOnlyCalls: [{ check: 'oidc-audience', calls: ['iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider (each provider, or the one for the issuer)'] }],
    });
  });
});
