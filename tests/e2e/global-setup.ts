/** Starts every end-to-end run from empty data, so reports and approvals of earlier runs don't leak in. */
import { rmSync } from 'node:fs';

export default function globalSetup() {
  rmSync('data/e2e', { recursive: true, force: true });
}
