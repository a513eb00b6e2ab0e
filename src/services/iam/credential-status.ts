/**
 * The Status an Update* request may set on a user's SSH key, signing certificate or
 * service-specific credential: `Active` or `Inactive`. The model's enum also has `Expired`, which
 * IAM reports for credentials past their expiration and does not let callers set.
 */
import { iamMessages } from './iam-messages.js';

export type SettableStatus = 'Active' | 'Inactive';

export function settableStatus(status: string): SettableStatus {
  if (status === 'Active' || status === 'Inactive') return status;
  throw iamMessages.statusNotSettable(status);
}
