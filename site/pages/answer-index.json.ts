/**
 * The chat-bot's answer passages (explainers, plain pages, 常见问题), built from content at build
 * time. The /check/ chat fetches it only when someone asks a question; the server reads it too.
 */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { buildAnswerIndex } from '../../bot/answers/passages.ts';
import { getPatterns } from '../lib/content.ts';

export const GET: APIRoute = async () => {
  const [patterns, pages, faq] = await Promise.all([
    getPatterns(),
    getCollection('pages'),
    getCollection('faq'),
  ]);
  const answers = buildAnswerIndex(
    {
      patterns: patterns.map((p) => ({
        slug: p.id,
        title: p.data.title,
        summary: p.data.summary,
        aliases: p.data.aliases,
        redFlags: p.data.redFlags,
        steps: p.data.steps,
        dos: p.data.dos,
        donts: p.data.donts,
        body: p.body ?? '',
      })),
      pages: pages.map((p) => ({
        id: p.id,
        title: p.data.title,
        description: p.data.description,
        body: p.body ?? '',
      })),
      faq: faq
        .sort((a, b) => a.data.order - b.data.order)
        .map((g) => ({
          title: g.data.title,
          entries: g.data.entries.map((e) => ({
            id: e.id,
            q: e.q,
            also: e.also,
            a: e.a,
            page: e.page?.id,
            pattern: e.pattern?.id,
          })),
        })),
    },
    new Date().toISOString().slice(0, 10),
  );
  return new Response(JSON.stringify(answers), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
