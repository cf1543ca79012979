/**
 * Search quality over the project's own content: for every 2-4 character Chinese term drawn from
 * it, the pages that contain the term must be found. Prints recall (and the recall a plain
 * word-segmenter index would get, for comparison) so the figure can be reported.
 */
import { expect, test } from 'vitest';
import lunr from 'lunr';
import { buildIndex, search, type SearchDoc } from '../../bot/search/indexer.ts';
import { searchDocuments } from '../../site/search/documents.ts';
import { readContentForSearch } from '../../site/search/content-files.ts';

const HAN_TERM = /^\p{Script=Han}{2,4}$/u;

function termsFrom(docs: SearchDoc[]): string[] {
  const seg = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  const terms = new Set<string>();
  let i = 0;
  for (const d of docs) {
    const text = [d.title, d.keywords ?? '', d.text].join('\n');
    for (const s of seg.segment(text)) if (HAN_TERM.test(s.segment)) terms.add(s.segment);
    // Also raw 3- and 4-character spans (names, phrases the segmenter splits): every 7th one.
    for (const run of text.match(/\p{Script=Han}{3,}/gu) ?? []) {
      const chars = Array.from(run);
      for (let k = 0; k + 3 <= chars.length; k++) {
        if (i++ % 7 === 0) terms.add(chars.slice(k, k + 3 + (k % 2)).join(''));
      }
    }
  }
  return [...terms];
}

/** A plain word-segmenter index (what lunr would do with a Chinese word tokenizer), for comparison. */
function wordIndex(docs: SearchDoc[]) {
  const seg = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  const words = (s: string) => [...seg.segment(s)].filter((x) => x.isWordLike).map((x) => x.segment);
  const idx = lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    (this as unknown as { tokenizer: (o: unknown) => lunr.Token[] }).tokenizer = (o) =>
      o == null ? [] : words(String(o)).map((w) => new lunr.Token(w, {}));
    this.ref('id');
    this.field('title');
    this.field('keywords');
    this.field('text');
    docs.forEach((d) => this.add({ ...d, keywords: d.keywords ?? '' }));
  });
  return (q: string) =>
    idx
      .query((query) => words(q).forEach((w) => query.term(w, { presence: lunr.Query.presence.REQUIRED, usePipeline: false })))
      .map((r) => r.ref);
}

test('every 2-4 character term in the content finds the pages that contain it (recall ≥ 0.98)', () => {
  const docs = searchDocuments(readContentForSearch(process.cwd()));
  expect(docs.length).toBeGreaterThanOrEqual(14 + 8 + 6);
  const index = buildIndex(docs);
  const baseline = wordIndex(docs);
  const terms = termsFrom(docs);
  let expected = 0;
  let found = 0;
  let baselineFound = 0;
  const misses: string[] = [];
  for (const term of terms) {
    const truth = docs.filter((d) => [d.title, d.keywords ?? '', d.text].join('\n').includes(term)).map((d) => d.id);
    const got = new Set(search(index, term));
    const base = new Set(baseline(term));
    expected += truth.length;
    for (const id of truth) {
      if (got.has(id)) found++;
      else if (misses.length < 10) misses.push(`${term} → ${id}`);
      if (base.has(id)) baselineFound++;
    }
  }
  const recall = found / expected;
  console.log(
    `search recall over ${terms.length} terms, ${expected} (term, page) pairs: ${recall.toFixed(4)}; ` +
      `plain word-segmenter index: ${(baselineFound / expected).toFixed(4)}`,
  );
  expect(misses).toEqual([]);
  expect(recall).toBeGreaterThanOrEqual(0.98);
});
