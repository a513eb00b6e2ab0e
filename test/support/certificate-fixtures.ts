/** The test certificates of `test/fixtures/certificates` (see its README), read from the source tree. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// From dist/test/support/ back to the repository's test/fixtures/.
const DIR = fileURLToPath(new URL('../../../test/fixtures/certificates/', import.meta.url));

export type FixtureName = 'root' | 'intermediate' | 'server' | 'other' | 'third';

export function certificatePem(name: FixtureName): string {
  return readFileSync(`${DIR}${name}.pem`, 'utf8');
}

export function privateKeyPem(name: FixtureName): string {
  return readFileSync(`${DIR}${name}.key`, 'utf8');
}
