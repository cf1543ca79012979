/**
 * The search page's results: loads the prebuilt lunr index (only on this page), runs the query
 * from the address bar (?q=) and shows title, type and a snippet with the match highlighted.
 */
import { useEffect, useState } from 'preact/hooks';
import { loadIndex, search, snippet, type SerializedSearch, type StoredDoc } from '../../bot/search/indexer.ts';

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error' }
  | { kind: 'done'; query: string; results: StoredDoc[] };

export default function SearchResults() {
  const [state, setState] = useState<State>({ kind: 'idle' });

  useEffect(() => {
    const query = new URLSearchParams(location.search).get('q')?.trim() ?? '';
    if (!query) return;
    setState({ kind: 'loading' });
    fetch('/search-index.json')
      .then((r) => (r.ok ? (r.json() as Promise<SerializedSearch>) : Promise.reject(new Error(String(r.status)))))
      .then((data) => {
        const index = loadIndex(data.index);
        const byId = new Map(data.docs.map((d) => [d.id, d]));
        const results = search(index, query)
          .map((id) => byId.get(id))
          .filter((d): d is StoredDoc => d !== undefined);
        setState({ kind: 'done', query, results });
      })
      .catch(() => setState({ kind: 'error' }));
  }, []);

  return (
    <div aria-live="polite">
      {state.kind === 'loading' && <p>正在搜索…</p>}
      {state.kind === 'error' && <p>搜索暂时用不了，请稍后再试，或者直接拨打 96110 咨询。</p>}
      {state.kind === 'done' && (
        <>
          <h2>
            找到 {state.results.length} 条和“{state.query}”有关的内容
          </h2>
          {state.results.length === 0 ? (
            <p>
              没有找到。换个说法试试，比如“刷单”“安全账户”“客服退款”；也可以把收到的消息粘贴到
              <a href="/check/">查一查</a>。
            </p>
          ) : (
            <ol class="results">
              {state.results.map((d) => {
                const s = snippet(d.text, state.query);
                return (
                  <li key={d.id}>
                    <a href={d.url}>
                      <strong>{d.title}</strong>
                    </a>{' '}
                    <span class="tag">{d.type}</span>
                    {s && (
                      <p>
                        {s.before}
                        <mark>{s.match}</mark>
                        {s.after}
                      </p>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
    </div>
  );
}
