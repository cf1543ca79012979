/**
 * Entries approved from citizens' tip-offs, newest first, from `GET /api/exposures`. They are
 * published between builds, so they come from the server; a static deployment without the API
 * simply shows nothing here.
 */
import { useEffect, useState } from 'preact/hooks';
import { answer, api, nonEmpty, type Answer } from '../lib/api.ts';
import { patternUrl } from '../lib/urls.ts';

type PublicExposure = Answer<Awaited<ReturnType<typeof api.exposures.$get>>>['items'][number];

const PAGE_SIZE = 20;

export default function LatestExposures() {
  const [items, setItems] = useState<PublicExposure[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [failed, setFailed] = useState(false);

  async function load(next: number) {
    try {
      const body = await answer(
        api.exposures.$get({ query: nonEmpty({ page: next, pageSize: PAGE_SIZE }) }),
      );
      setItems((prev) => (next === 1 ? body.items : [...prev, ...body.items]));
      setTotal(body.total);
      setPage(next);
    } catch {
      setFailed(true);
    }
  }

  useEffect(() => {
    void load(1);
  }, []);

  if (failed || (page > 0 && items.length === 0)) return null;
  if (page === 0) return null;
  return (
    <section aria-labelledby="latest-title">
      <h2 id="latest-title">最新核实的群众举报（{total} 条）</h2>
      <p>这些号码、网址经群众举报、反诈中心核实后公布。个人信息已遮挡。</p>
      <table class="exposure-table">
        <thead>
          <tr>
            <th scope="col">类型</th>
            <th scope="col">内容</th>
            <th scope="col">说明</th>
            <th scope="col">公布日期</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td>{e.kindLabel}</td>
              <td class="value">{e.display}</td>
              <td>
                {e.note}
                {e.reportCount > 1 && `（${e.reportCount} 人举报）`}
                {e.pattern && (
                  <>
                    {' '}
                    <a href={patternUrl(e.pattern)}>了解这种骗局</a>
                  </>
                )}
              </td>
              <td>{(e.publishedAt ?? '').slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length < total && (
        <button type="button" class="btn" onClick={() => void load(page + 1)}>
          显示更多
        </button>
      )}
      <p>
        开放数据：<a href="/api/exposures.csv">下载 CSV</a>、<a href="/api/exposures.json">JSON</a>
        （供通信运营商、银行等单位使用）
      </p>
    </section>
  );
}
