/** The serialized search index, built once at build time and loaded by the search page only. */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { searchDocuments } from '../search/documents.ts';
import { serializeSearch } from '../../bot/search/indexer.ts';
import { pageUrl } from '../lib/urls.ts';

export const GET: APIRoute = async () => {
  const [patterns, alerts, notices, pages] = await Promise.all([
    getCollection('patterns'),
    getCollection('alerts'),
    getCollection('notices'),
    getCollection('pages'),
  ]);
  const docs = searchDocuments({
    patterns: patterns.map((p) => ({ id: p.id, data: p.data, body: p.body ?? '' })),
    alerts: alerts.map((a) => ({ id: a.id, data: a.data, body: a.body ?? '' })),
    notices: notices.map((n) => ({ id: n.id, data: n.data })),
    pages: pages.map((p) => ({ id: p.id, data: p.data, body: p.body ?? '', url: pageUrl(p.id) })),
  });
  return new Response(JSON.stringify(serializeSearch(docs)), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
