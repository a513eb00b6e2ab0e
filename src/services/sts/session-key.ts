/**
 * The key that seals session tokens: made once, kept with the state (so that every Gatehouse
 * process sharing a PostgreSQL store uses the same one, and sessions outlive restarts), and never
 * shown.
 */
import type { Store } from '../../state/store.js';
import { isoSeconds } from '../../aws/iso-seconds.js';
import { newSessionKey } from './session-token.js';

const SECRET_NAME = 'session-token-key';

/** The session key, made on first use. */
export async function loadSessionKey(store: Store, now: Date): Promise<Buffer> {
  const existing = await store.read.secrets.getById(SECRET_NAME);
  if (existing !== undefined) return Buffer.from(existing.Value, 'base64');
  return store.transaction(async (tx) => {
    const again = await tx.secrets.getById(SECRET_NAME);
    if (again !== undefined) return Buffer.from(again.Value, 'base64');
    const key = newSessionKey();
    await tx.secrets.put({ Name: SECRET_NAME, Value: key.toString('base64'), CreateDate: isoSeconds(now) });
    return key;
  });
}
