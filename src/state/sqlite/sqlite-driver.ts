/**
 * better-sqlite3, in the release that runs on this Node.js: 12 on Node 20, 13 on Node 22 and
 * later. Release 13 does not run on Node 20, and release 12 aborts the process on Node 24 (from
 * 24.19 Node's ObjectWrap removes a cleanup hook when a wrapped object is collected, and 12's
 * statements are collected where no environment is current). Release 13 is built on Node-API and
 * ships its binaries, so it needs no compiler; release 12 is compiled on install where no
 * prebuilt binary can be downloaded. Both have the same API.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

/** The package name of the release this Node.js runs. */
export const SQLITE_DRIVER_PACKAGE = nodeMajor >= 22 ? 'better-sqlite3-node22' : 'better-sqlite3';

const Database = require(SQLITE_DRIVER_PACKAGE) as typeof BetterSqlite3;
export default Database;
