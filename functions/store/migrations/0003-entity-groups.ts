/**
 * Duplicate groups by entity key in their own table: finding a new report's group reads one row
 * per key instead of every earlier report of the same number (which made hot numbers slow).
 */
export default {
  version: 3,
  name: 'entity-groups',
  sql: `
CREATE TABLE entity_groups (
  key TEXT PRIMARY KEY,
  group_id TEXT NOT NULL
);
CREATE INDEX entity_groups_group ON entity_groups (group_id);
INSERT INTO entity_groups (key, group_id)
  SELECT e.key, MIN(t.group_id) FROM tipoff_entities e JOIN tipoffs t ON t.id = e.tipoff_id
  WHERE e.kind <> 'other' GROUP BY e.key;
`,
};
