/** Indexes for the moderation queue's district and category filters. */
export default {
  version: 2,
  name: 'queue-filters',
  sql: `
CREATE INDEX tipoffs_district ON tipoffs (district, status);
CREATE INDEX tipoffs_category ON tipoffs (category, status);
`,
};
