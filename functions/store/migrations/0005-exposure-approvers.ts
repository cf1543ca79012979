/**
 * Who proposed an exposure entry's current approval and who last withdrew it, so a confirmation by
 * either is refused (four eyes: a withdrawn entry re-approved by a supervisor must not go back to
 * pending under the original proposer's name and be confirmed by the same supervisor).
 */
export default {
  version: 5,
  name: 'exposure-approvers',
  sql: `
ALTER TABLE exposures ADD COLUMN proposed_by TEXT;
ALTER TABLE exposures ADD COLUMN withdrawn_by TEXT;
UPDATE exposures SET proposed_by = created_by;
`,
};
