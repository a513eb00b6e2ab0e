/**
 * Errors the store raises. The services layer maps them to AWS errors (a `DuplicateNameError` on
 * CreateUser becomes `EntityAlreadyExists`); the store itself knows no AWS wording.
 */
import type { CollectionName } from './entity-kinds.js';

/** Another record in the same account (and parent) already has this name, case-insensitively. */
export class DuplicateNameError extends Error {
  override readonly name = 'DuplicateNameError';
  constructor(
    readonly collection: CollectionName,
    readonly scope: string,
    readonly entityName: string,
    readonly existingId: string,
  ) {
    super(`${collection}: the name ${JSON.stringify(entityName)} is already taken in ${JSON.stringify(scope)}`);
  }
}

/** A paging marker or token that this store did not issue. */
export class InvalidMarkerError extends Error {
  override readonly name = 'InvalidMarkerError';
  constructor(readonly marker: string) {
    super(`invalid paging marker ${JSON.stringify(marker)}`);
  }
}

/** A transaction was used after it settled, or one was started inside another. */
export class TransactionMisuseError extends Error {
  override readonly name = 'TransactionMisuseError';
}

/** The store was used after `close()`. */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('the store is closed');
  }
}

/** The database was written by a newer Gatehouse whose schema this one does not know. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the database schema is version ${found}; this Gatehouse knows versions up to ${known}`);
  }
}
