/** Size limits of the check and chat input, shared by the API schemas and the checker island. */

/** Longest message or question, in characters (a long scam script fits easily). */
export const MAX_TEXT_CHARS = 5000;
/** Most turns a chat may carry; older turns add little and cost the LLM. */
export const MAX_CHAT_TURNS = 20;
