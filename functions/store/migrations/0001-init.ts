/**
 * The first schema. Portable SQL that SQLite and PostgreSQL both run unchanged: TEXT ids and ISO
 * timestamps, INTEGER 0/1 for booleans, personal fields only as AES-GCM ciphertext (`*_enc`).
 */
export default {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE tipoffs (
  id TEXT PRIMARY KEY,
  receipt_hash TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL,
  description_enc TEXT NOT NULL,
  occurred_at TEXT,
  district TEXT,
  lost_money INTEGER NOT NULL DEFAULT 0,
  contact_enc TEXT,
  contact_masked TEXT,
  status TEXT NOT NULL DEFAULT 'received',
  merged_into TEXT REFERENCES tipoffs (id),
  group_id TEXT NOT NULL,
  score INTEGER NOT NULL DEFAULT 0,
  verdict_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  purged_at TEXT
);
CREATE INDEX tipoffs_status ON tipoffs (status, created_at);
CREATE INDEX tipoffs_group ON tipoffs (group_id);
CREATE INDEX tipoffs_closed ON tipoffs (closed_at);

CREATE TABLE tipoff_entities (
  tipoff_id TEXT NOT NULL REFERENCES tipoffs (id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  key TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (tipoff_id, key)
);
CREATE INDEX tipoff_entities_key ON tipoff_entities (key);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  tipoff_id TEXT NOT NULL REFERENCES tipoffs (id),
  storage_name TEXT NOT NULL UNIQUE,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_tipoff ON attachments (tipoff_id);

CREATE TABLE tipoff_messages (
  id TEXT PRIMARY KEY,
  tipoff_id TEXT NOT NULL REFERENCES tipoffs (id),
  at TEXT NOT NULL,
  author TEXT NOT NULL,
  kind TEXT NOT NULL,
  text_enc TEXT,
  public INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tipoff_messages_tipoff ON tipoff_messages (tipoff_id, at);

CREATE TABLE rewards (
  tipoff_id TEXT PRIMARY KEY REFERENCES tipoffs (id),
  state TEXT NOT NULL,
  amount_cents INTEGER,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE exposures (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  display TEXT NOT NULL,
  value TEXT,
  value_enc TEXT,
  pattern TEXT,
  public_note TEXT NOT NULL,
  status TEXT NOT NULL,
  report_count INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  confirmed_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  UNIQUE (kind, key)
);
CREATE INDEX exposures_status ON exposures (status, published_at);
CREATE INDEX exposures_key ON exposures (key);

CREATE TABLE exposure_tipoffs (
  exposure_id TEXT NOT NULL REFERENCES exposures (id),
  tipoff_id TEXT NOT NULL REFERENCES tipoffs (id),
  PRIMARY KEY (exposure_id, tipoff_id)
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target, at);
`,
};
