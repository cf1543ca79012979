/**
 * The islands' one way to fetch the engine's knowledge (/bot-knowledge.json, made by the build):
 * fetched once per page and shared by the checker, the exposure look-up and the console; a failed
 * fetch is forgotten, so the next use tries again.
 */
import type { Knowledge } from '../../bot/types.ts';

let knowledge: Promise<Knowledge> | undefined;

export function loadKnowledge(): Promise<Knowledge> {
  knowledge ??= fetch('/bot-knowledge.json')
    .then((r) => {
      if (!r.ok) throw new Error(`knowledge ${r.status}`);
      return r.json() as Promise<Knowledge>;
    })
    .catch((err: unknown) => {
      knowledge = undefined;
      throw err;
    });
  return knowledge;
}
