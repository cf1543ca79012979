/**
 * The end-to-end server: empties FANZHA_DATA_DIR, seeds the staff accounts the specs sign in
 * with, then starts the real Node adapter. Done here rather than in a Playwright globalSetup
 * because Playwright starts `webServer` BEFORE globalSetup: cleaning the data directory there
 * unlinks the database the running server already has open (and its uploads directory).
 */
import { rmSync } from 'node:fs';
import { main as adminCli } from '../../functions/admin-cli.ts';
import { E2E_MODERATOR, E2E_PASSWORD, E2E_SUPERVISOR } from './staff.ts';

const dataDir = process.env['FANZHA_DATA_DIR'];
if (!dataDir || !/e2e/.test(dataDir))
  throw new Error('tests/e2e/serve.ts: FANZHA_DATA_DIR must name an e2e directory');
rmSync(dataDir, { recursive: true, force: true });

process.env['FANZHA_ADMIN_PASSWORD'] = E2E_PASSWORD;
for (const [name, role] of [
  [E2E_MODERATOR, 'moderator'],
  [E2E_SUPERVISOR, 'supervisor'],
] as const) {
  if ((await adminCli(['create-user', name, '--role', role])) !== 0) process.exit(1);
}
delete process.env['FANZHA_ADMIN_PASSWORD'];

await import('../../functions/node.ts');
