/**
 * Request IDs as AWS writes them in `<RequestId>` and `x-amzn-RequestId`: a lower-case UUID
 * (`8ea59e6c-6323-11e2-bdb9-7dc0419800e2`). Random (version 4) UUIDs are used.
 */
import { randomUUID } from 'node:crypto';

export type RequestId = string & { readonly __brand: 'RequestId' };

export function newRequestId(): RequestId {
  return randomUUID() as RequestId;
}

export function isRequestId(text: string): text is RequestId {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text);
}
