// The tables of store.sqlite. Record, file and attachment *versions* are stored once by content
// hash; the snapshot_* tables say which version each snapshot saw (membership), so an unchanged
// record costs one membership row per snapshot and nothing more.
export const STORE_FORMAT = 1;

export const STORE_DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schemas (hash TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  org_id TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  completed_at TEXT,
  complete INTEGER NOT NULL DEFAULT 0,
  schema_hash TEXT,
  described_at TEXT,
  -- 1 when the backup read only chosen objects (or left files or attachments out).
  partial INTEGER NOT NULL DEFAULT 0,
  records INTEGER NOT NULL DEFAULT 0,
  files INTEGER NOT NULL DEFAULT 0,
  attachments INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS snapshots_org ON snapshots (org_id, complete, taken_at);

CREATE TABLE IF NOT EXISTS record_versions (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  record_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  fields TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot_records (
  snapshot INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (snapshot, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS snapshot_records_type ON snapshot_records (snapshot, type, record_id);
CREATE TABLE IF NOT EXISTS snapshot_objects (
  snapshot INTEGER NOT NULL,
  type TEXT NOT NULL,
  count INTEGER NOT NULL,
  -- The latest SystemModstamp among the object's records: where the next backup's delta query starts.
  max_modstamp TEXT,
  PRIMARY KEY (snapshot, type)
) WITHOUT ROWID;

-- Links out of each record version, indexed by target so "who points at X" is one index range.
CREATE TABLE IF NOT EXISTS version_refs (
  target_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  field TEXT NOT NULL,
  source_id TEXT NOT NULL,
  follow INTEGER NOT NULL,
  PRIMARY KEY (target_id, version, field)
) WITHOUT ROWID;

-- Contentless full-text index over record versions (rowid = record_versions.id).
CREATE VIRTUAL TABLE IF NOT EXISTS version_text USING fts5 (name, body, content = '');

CREATE TABLE IF NOT EXISTS file_versions (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  content_document_id TEXT NOT NULL,
  latest_version_id TEXT NOT NULL,
  title TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS file_versions_version ON file_versions (latest_version_id);
CREATE TABLE IF NOT EXISTS file_links (
  linked_entity_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (linked_entity_id, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshot_files (
  snapshot INTEGER NOT NULL,
  content_document_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (snapshot, content_document_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS attachment_versions (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  attachment_id TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  name TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachment_versions_parent ON attachment_versions (parent_id);
CREATE INDEX IF NOT EXISTS attachment_versions_attachment ON attachment_versions (attachment_id);
CREATE TABLE IF NOT EXISTS snapshot_attachments (
  snapshot INTEGER NOT NULL,
  attachment_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (snapshot, attachment_id)
) WITHOUT ROWID;
-- Share links handed out (shares.ts): which item, until when, and whether revoked. The link itself
-- (its signature) is never stored; the signing secret is in meta ('share_secret').
CREATE TABLE IF NOT EXISTS shares (
  id TEXT PRIMARY KEY,
  snapshot_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  item_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
-- Records restores re-created under new ids, per org (old -> new), so a later restore can point
-- a child at the copy of its parent an earlier job brought back (R08).
CREATE TABLE IF NOT EXISTS restored_ids (
  org_id TEXT NOT NULL,
  old_id TEXT NOT NULL,
  new_id TEXT NOT NULL,
  restored_at TEXT NOT NULL,
  PRIMARY KEY (org_id, old_id)
) WITHOUT ROWID;
`;
