/**
 * Checks the site's search from the command line:
 *   npm run --silent search -- --docs FILE.jsonl --query 词
 * FILE holds one {"id","title","text"} per line; prints a JSON array of matching ids, best first.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildIndex, search, type SearchDoc } from '../../bot/search/indexer.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { docs: { type: 'string' }, query: { type: 'string' } },
  strict: true,
});
if (!values.docs || values.query === undefined) {
  fail('用法：npm run --silent search -- --docs FILE.jsonl --query 词');
}

let text: string;
try {
  text = readFileSync(values.docs, 'utf8');
} catch {
  fail(`读不到文件：${values.docs}`);
}

const docs: SearchDoc[] = [];
text.split('\n').forEach((line, i) => {
  if (!line.trim()) return;
  let d: unknown;
  try {
    d = JSON.parse(line);
  } catch {
    fail(`第 ${i + 1} 行不是有效的 JSON`);
  }
  const o = d as Record<string, unknown>;
  if (typeof o.id !== 'string' && typeof o.id !== 'number') fail(`第 ${i + 1} 行缺少 id`);
  docs.push({ id: String(o.id), title: String(o.title ?? ''), text: String(o.text ?? '') });
});

process.stdout.write(`${JSON.stringify(search(buildIndex(docs), values.query))}\n`);
