/**
 * Markdown/MDX body to plain text, whole or by `##` section, for the search index and the
 * chat-bot's answer passages. Pure string work, so the build, the server and the browser agree.
 */

/** Markdown/MDX body to plain text: no markup, links keep their words. */
export function markdownToText(md: string): string {
  return md
    .replace(/^---[\s\S]*?---\s*/, '')
    .replace(/^\s*(import|export)\s.*$/gm, '')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** One `##` section of a page: its heading and its text, one paragraph or list item a line. */
export interface MarkdownSection {
  heading: string;
  lines: string[];
}

/**
 * Splits a body at its `##` headings (deeper headings stay inside their section). Text before the
 * first heading is a section with an empty heading. Each paragraph or list item becomes one line,
 * numbered items keep their number so "1. … 2. …" still reads as steps.
 */
export function markdownSections(md: string): MarkdownSection[] {
  const body = md.replace(/^---[\s\S]*?---\s*/, '').replace(/```[\s\S]*?```/g, ' ');
  const out: MarkdownSection[] = [];
  let current: MarkdownSection = { heading: '', lines: [] };
  for (const raw of body.split(/\r?\n/)) {
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(raw);
    if (heading) {
      if (current.heading || current.lines.length) out.push(current);
      current = { heading: markdownToText(heading[1]!), lines: [] };
      continue;
    }
    const numbered = /^\s{0,3}(\d+)\.\s+/.exec(raw);
    const text = markdownToText(raw);
    if (!text) continue;
    current.lines.push(numbered ? `${numbered[1]}. ${text}` : text);
  }
  if (current.heading || current.lines.length) out.push(current);
  return out;
}
