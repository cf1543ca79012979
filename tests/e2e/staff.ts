/** The staff accounts the end-to-end server is seeded with (tests/e2e/serve.ts); test data only. */
export const E2E_PASSWORD = 'e2e-only-password-not-secret';
export const E2E_MODERATOR = 'e2e-moderator';
export const E2E_SUPERVISOR = 'e2e-supervisor';
