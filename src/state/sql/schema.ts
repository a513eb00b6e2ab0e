/**
 * The schema, as numbered migrations applied in order when a store opens; the versions applied are
 * recorded in `gatehouse_schema_version`. Statements are generated per dialect from one
 * description, so both stores hold the same tables with the same semantics. Key columns compare
 * bytewise in both (SQLite's BINARY collation, PostgreSQL's "C"), so listing order is identical.
 *
 * To add an entity kind: add it to ENTITY_KINDS and append a migration with
 * `entityTableStatements(table, dialect)`. Never edit a migration that has shipped.
 */
import { ENTITY_KINDS } from '../entity-kinds.js';
import type { Dialect } from './sql-runner.js';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: (dialect: Dialect) => readonly string[];
}

function keyText(dialect: Dialect): string {
  return dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
}

function autoIncrementKey(dialect: Dialect): string {
  return dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
}

/** The table of one entity collection (see entity-kinds.ts for what the key columns mean). */
export function entityTableStatements(table: string, dialect: Dialect): readonly string[] {
  const key = keyText(dialect);
  return [
    `CREATE TABLE ${table} (
      id ${key} PRIMARY KEY,
      scope ${key} NOT NULL,
      parent ${key} NOT NULL,
      ref ${key} NOT NULL,
      name_key ${key},
      path ${key} NOT NULL,
      sort_key ${key} NOT NULL,
      data TEXT NOT NULL
    )`,
    // NULL names (unnamed kinds) never collide: both databases treat NULLs as distinct here.
    `CREATE UNIQUE INDEX ${table}_name ON ${table} (scope, parent, name_key)`,
    `CREATE INDEX ${table}_list ON ${table} (scope, parent, sort_key, id)`,
    `CREATE INDEX ${table}_ref ON ${table} (scope, ref, sort_key, id)`,
  ];
}

/** The audit trail's tables (in the main database for PostgreSQL; in their own file for SQLite). */
export function auditTableStatements(d: Dialect): readonly string[] {
  return [
    `CREATE TABLE audit_events (
      seq ${autoIncrementKey(d)},
      event_id ${keyText(d)} NOT NULL UNIQUE,
      event_time_ms BIGINT NOT NULL,
      event_name ${keyText(d)} NOT NULL,
      event_source ${keyText(d)} NOT NULL,
      account_id ${keyText(d)} NOT NULL,
      username ${keyText(d)},
      access_key_id ${keyText(d)},
      read_only INTEGER NOT NULL,
      error_code ${keyText(d)},
      record TEXT NOT NULL
      )`,
    `CREATE INDEX audit_events_time ON audit_events (event_time_ms, seq)`,
    `CREATE INDEX audit_events_name ON audit_events (event_name, event_time_ms)`,
    `CREATE INDEX audit_events_username ON audit_events (username, event_time_ms)`,
    `CREATE INDEX audit_events_access_key ON audit_events (access_key_id, event_time_ms)`,
    `CREATE TABLE audit_event_resources (
      seq BIGINT NOT NULL,
      resource_type ${keyText(d)} NOT NULL,
      resource_name ${keyText(d)} NOT NULL
      )`,
    `CREATE INDEX audit_event_resources_type ON audit_event_resources (resource_type, seq)`,
    `CREATE INDEX audit_event_resources_name ON audit_event_resources (resource_name, seq)`,
  ];
}

const INITIAL_COLLECTIONS = [
  ENTITY_KINDS.accounts,
  ENTITY_KINDS.users,
  ENTITY_KINDS.groups,
  ENTITY_KINDS.groupMemberships,
  ENTITY_KINDS.roles,
  ENTITY_KINDS.policies,
  ENTITY_KINDS.policyVersions,
  ENTITY_KINDS.inlinePolicies,
  ENTITY_KINDS.policyAttachments,
  ENTITY_KINDS.accessKeys,
];

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'IAM entities, organization accounts, revision and change log, audit trail',
    statements: (d) => [
      ...INITIAL_COLLECTIONS.flatMap((kind) => entityTableStatements(kind.table, d)),
      // One row: the revision. Write transactions lock it first, which orders them.
      `CREATE TABLE gatehouse_revision (id INTEGER PRIMARY KEY, revision BIGINT NOT NULL)`,
      `INSERT INTO gatehouse_revision (id, revision) VALUES (1, 0)`,
      // What each revision changed, as JSON; only recent revisions are kept.
      `CREATE TABLE gatehouse_changes (revision BIGINT PRIMARY KEY, committed_at ${keyText(d)} NOT NULL, changes TEXT NOT NULL)`,
      ...auditTableStatements(d),
    ],
  },
  {
    version: 2,
    description: 'IAM identity providers, instance profiles, service-linked role deletions, account alias and settings, organization root access features',
    statements: (d) =>
      [
        ENTITY_KINDS.oidcProviders,
        ENTITY_KINDS.samlProviders,
        ENTITY_KINDS.instanceProfiles,
        ENTITY_KINDS.serviceLinkedRoleDeletions,
        ENTITY_KINDS.accountAliases,
        ENTITY_KINDS.accountSettings,
        ENTITY_KINDS.organizationFeatures,
      ].flatMap((kind) => entityTableStatements(kind.table, d)),
  },
  {
    version: 3,
    description: 'IAM credentials: login profiles, password policy, virtual MFA devices, SSH keys, signing and server certificates, service-specific credentials, credential reports',
    statements: (d) =>
      [
        ENTITY_KINDS.loginProfiles,
        ENTITY_KINDS.passwordPolicies,
        ENTITY_KINDS.virtualMfaDevices,
        ENTITY_KINDS.sshPublicKeys,
        ENTITY_KINDS.signingCertificates,
        ENTITY_KINDS.serverCertificates,
        ENTITY_KINDS.serviceSpecificCredentials,
        ENTITY_KINDS.credentialReports,
      ].flatMap((kind) => entityTableStatements(kind.table, d)),
  },
  {
    version: 4,
    description: 'IAM service last-accessed reports',
    statements: (d) => entityTableStatements(ENTITY_KINDS.accessReports.table, d),
  },
  {
    version: 5,
    description: 'Organizations: the organization and its root, OUs, policies, policy attachments, CreateAccount requests',
    statements: (d) =>
      [
        ENTITY_KINDS.organizations,
        ENTITY_KINDS.organizationalUnits,
        ENTITY_KINDS.orgPolicies,
        ENTITY_KINDS.orgPolicyAttachments,
        ENTITY_KINDS.createAccountStatuses,
      ].flatMap((kind) => entityTableStatements(kind.table, d)),
  },
  {
    version: 6,
    description: 'EKS: clusters with their OIDC issuer keys, access entries with their access policies, pod identity associations',
    statements: (d) => [ENTITY_KINDS.eksClusters, ENTITY_KINDS.eksAccessEntries, ENTITY_KINDS.eksPodIdentityAssociations].flatMap((kind) => entityTableStatements(kind.table, d)),
  },
  {
    version: 7,
    description: 'EKS cluster objects loaded from Kubernetes manifests',
    statements: (d) => entityTableStatements(ENTITY_KINDS.kubernetesObjects.table, d),
  },
  {
    version: 8,
    description: 'EKS cluster updates (DescribeUpdate, ListUpdates)',
    statements: (d) => entityTableStatements(ENTITY_KINDS.eksUpdates.table, d),
  },
];

export const SCHEMA_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS gatehouse_schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
