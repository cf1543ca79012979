/** The moderation API's one body limit: enough for an approval with 20 entries, no more. */
export const ADMIN_JSON_MAX = 64 * 1024;
