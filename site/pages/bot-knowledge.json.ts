/**
 * What the scam-check engine learns from content, emitted at build time: each explainer's red
 * flags (id, label, phrases, reason) become pattern signals, and the build fails on a matcher
 * without one; each exposure notice entry of a public kind becomes a blocklist entry. Personal
 * entries are left out altogether (the server matches them by keyed HMAC). The browser engine,
 * the exposure lookup and the server all load it.
 */
import type { APIRoute } from 'astro';
import { buildKnowledge, redFlagIdProblems } from '../../bot/knowledge.ts';
import { getNotices, getPatterns, isoDate } from '../lib/content.ts';
import { noticeUrl } from '../lib/urls.ts';
import { sampleTitle } from '../lib/sample.ts';

export const GET: APIRoute = async () => {
  const [patterns, notices] = await Promise.all([getPatterns(), getNotices()]);
  const knowledge = buildKnowledge({
    version: notices[0] ? isoDate(notices[0].data.date) : 'none',
    patterns: patterns.map((p) => ({
      slug: p.id,
      title: p.data.title,
      summary: p.data.summary,
      aliases: p.data.aliases,
      redFlags: p.data.redFlags,
      dos: p.data.dos,
      donts: p.data.donts,
    })),
    entries: notices.flatMap((n) =>
      n.data.entries.map((e) => ({
        kind: e.kind,
        value: e.value,
        ...(e.pattern ? { pattern: e.pattern.id } : {}),
        note: e.note,
        source: {
          title: sampleTitle(n.data.title, n.data.sample),
          date: isoDate(n.data.date),
          href: noticeUrl(n.id),
        },
        ...(n.data.sample ? { sample: true } : {}),
      })),
    ),
  });
  // A matcher whose red flag was removed from content would flag messages nobody can explain.
  const problems = redFlagIdProblems(knowledge.patterns);
  if (problems.length > 0) throw new Error(`bot-knowledge.json：${problems.join('；')}`);
  return new Response(JSON.stringify(knowledge), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
