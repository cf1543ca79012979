/** Size limits of the check and chat input, shared by the API schemas and the checker island. */

/** Longest message or question, in characters (a long scam script fits easily). */
export const MAX_TEXT_CHARS = 5000;
/** Most turns a chat may carry; older turns add little and cost the LLM. */
export const MAX_CHAT_TURNS = 20;

/** Question words: a short text with one of them asks something rather than forwards a message. */
export const QUESTION_WORDS =
  /吗|呢|什么|怎么|怎样|如何|能不能|可不可以|是不是|会不会|要不要|有没有|行不行|是否|为什么|为啥|干嘛|啥|哪|多久|多少|几[天张个次]|还是[^，。,]{1,8}$|么$|？|\?/;

/** Questions are short; anything longer is a message or a story to check. */
export const MAX_QUESTION_CHARS = 40;

/** Links, long numbers and 【sender】 tags are what forwarded messages carry, not questions. */
export const LOOKS_LIKE_MESSAGE = /https?:\/\/|www\.|\d{7,}|【[^】]{2,12}】/i;

/**
 * A short question ("验证码能给吗？") typed where a message is pasted: the check page answers it in
 * the chat instead of checking it as a message.
 */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  return (
    t.length > 0 &&
    Array.from(t).length <= MAX_QUESTION_CHARS &&
    !LOOKS_LIKE_MESSAGE.test(t) &&
    QUESTION_WORDS.test(t)
  );
}
