/** Inserting a named entity and turning the store's duplicate-name error into IAM's message. */
import type { AwsError } from '../../aws/aws-error.js';
import { DuplicateNameError } from '../../state/store-errors.js';
import type { WriteCollection } from '../../state/store.js';

export async function putUnique<R>(collection: WriteCollection<R>, record: R, onDuplicate: () => AwsError): Promise<void> {
  try {
    await collection.put(record);
  } catch (error) {
    if (error instanceof DuplicateNameError) throw onDuplicate();
    throw error;
  }
}
