/**
 * The data key's canary and rotation state (one row; with the receipt key of earlier versions,
 * sealed, while their receipts remain), receipts' encrypted digests (so a rotation can re-key their
 * hashes), and tip-off entity values encrypted: the table is rebuilt with
 * `value_enc`, existing values marked `plain:` until the first start with the key encrypts them
 * and replaces their grouping keys by keyed hashes (functions/data-key.ts).
 */
export default {
  version: 4,
  name: 'data-key',
  sql: `
CREATE TABLE data_key (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  canary_enc TEXT NOT NULL,
  next_fingerprint TEXT,
  next_canary_enc TEXT,
  rotation_step TEXT,
  rotation_cursor TEXT,
  rotation_done INTEGER NOT NULL DEFAULT 0,
  legacy_receipt_key_enc TEXT,
  next_legacy_receipt_key_enc TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
ALTER TABLE tipoffs ADD COLUMN receipt_digest_enc TEXT;
CREATE TABLE tipoff_entities_v5 (
  tipoff_id TEXT NOT NULL REFERENCES tipoffs (id),
  kind TEXT NOT NULL,
  value_enc TEXT NOT NULL,
  key TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (tipoff_id, key)
);
INSERT INTO tipoff_entities_v5 (tipoff_id, kind, value_enc, key, source)
  SELECT tipoff_id, kind, 'plain:' || value, key, source FROM tipoff_entities;
DROP TABLE tipoff_entities;
ALTER TABLE tipoff_entities_v5 RENAME TO tipoff_entities;
CREATE INDEX tipoff_entities_key ON tipoff_entities (key);
`,
};
