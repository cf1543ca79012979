/**
 * The one migration history, in order; both databases run every step. Append new steps, never edit
 * an applied one: schema_migrations records which versions a database has.
 */
import m0001 from './0001-init.ts';
import m0002 from './0002-queue-filters.ts';
import m0003 from './0003-entity-groups.ts';
import m0004 from './0004-data-key.ts';
import m0005 from './0005-exposure-approvers.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005];
