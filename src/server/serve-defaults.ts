/**
 * `gatehouse serve`'s defaults, apart from the server so that the command line can show them
 * without loading the server.
 */
export const DEFAULT_PORT = 4599;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
/** Bodies above this size are refused before they are read. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Open connections served at once: far more than a laptop's clients need, a few tens of MB at most. */
export const DEFAULT_MAX_CONNECTIONS = 4096;
/** Bytes of request bodies held at once across all connections: four bodies of the largest size. */
export const DEFAULT_MAX_BODY_MEMORY = 4 * MAX_BODY_BYTES;
