/**
 * The exposure-board lookup box: is this number, link or account on the board? Checks the
 * build-time list in the browser and, on the server, the approved tip-offs and the people's phones,
 * ID and card numbers (which no public file holds). Says "未在曝光库中" when not found — never
 * "safe": a new scam number is not listed yet.
 */
import { useRef, useState } from 'preact/hooks';
import type { BlocklistEntry } from '../../bot/types.ts';
import { answer, api } from '../lib/api.ts';
import { lookupExposure } from '../lib/exposure-lookup.ts';
import { loadKnowledge } from '../lib/knowledge-client.ts';
import { EXPOSURE_KINDS } from '../lib/taxonomy.ts';
import { t } from '../i18n/t.ts';

type Result =
  | { query: string; entries: BlocklistEntry[]; personalChecked: boolean }
  | { query: string; error: true };

/**
 * Approved tip-offs and personal entries are only known to the server; a static deployment has
 * none, and that's fine. `personalChecked` is false when the server's look-up budget ran out.
 */
async function liveLookup(
  q: string,
): Promise<{ entries: BlocklistEntry[]; personalChecked: boolean }> {
  try {
    const body = await answer(api.lookup.$get({ query: { q } }));
    return { entries: body.listed ? body.entries : [], personalChecked: body.personalChecked };
  } catch {
    return { entries: [], personalChecked: true };
  }
}

export default function ExposureLookup() {
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const out = useRef<HTMLDivElement>(null);

  async function onSubmit(ev: Event) {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const query = String(new FormData(form).get('q') ?? '').trim();
    if (!query) return;
    setBusy(true);
    try {
      const k = await loadKnowledge();
      const local = lookupExposure(k.blocklist, query);
      const live = await liveLookup(query);
      const seen = new Set(local.map((e) => `${e.kind}|${e.key}`));
      setResult({
        query,
        entries: [...local, ...live.entries.filter((e) => !seen.has(`${e.kind}|${e.key}`))],
        personalChecked: live.personalChecked,
      });
    } catch {
      setResult({ query, error: true });
    } finally {
      setBusy(false);
      queueMicrotask(() => out.current?.focus());
    }
  }

  return (
    <div>
      <form onSubmit={onSubmit} class="lookup-form">
        <label for="lookup-q">
          输入电话号码、网址、App 名称或账号
          <span class="hint">例如：0635-0000101（示例号码），或 https://safe-check.example</span>
        </label>
        <div class="row">
          <input id="lookup-q" name="q" type="search" autocomplete="off" required />
          <button class="btn btn-primary" type="submit" disabled={busy}>
            查询
          </button>
        </div>
      </form>
      <div ref={out} tabIndex={-1} aria-live="polite" class="lookup-result">
        {result && 'error' in result && <p>暂时查不了，请稍后再试，或拨打 96110 咨询。</p>}
        {result && 'entries' in result && result.entries.length > 0 && (
          <div class="panel panel-danger">
            <h2>
              {result.entries.every((e) => e.sample) ? `【${t('sample.tag')}】` : ''}
              已被公安机关通报：
              {result.query}
            </h2>
            {result.entries.some((e) => e.sample) && (
              <p>
                <strong>{t('sample.lookup')}</strong>
              </p>
            )}
            <p>
              <strong>这是诈骗！</strong>
              不要接听、不要回拨、不要点链接、不要转账。已经转账请立即拨打 110。
            </p>
            <ul>
              {result.entries.map((e) => (
                <li key={`${e.kind}|${e.key}`}>
                  {e.sample && <span class="tag">{t('sample.tag')}</span>}
                  {EXPOSURE_KINDS[e.kind]}：<strong>{e.display}</strong>，见
                  {e.source.href ? <a href={e.source.href}>{e.source.title}</a> : e.source.title}（
                  {e.source.date}）
                  {e.pattern && (
                    <>
                      ，<a href={`/patterns/${e.pattern}/`}>了解这种骗局</a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result && 'entries' in result && result.entries.length === 0 && (
          <div class="panel panel-warn">
            <h2>未在曝光库中：{result.query}</h2>
            <p>
              曝光库里没有这个号码或网址。<strong>没查到，不等于没问题</strong>
              ：骗子经常换新号码、新网址。 只要对方让您转账、要验证码、让您下载 App
              或屏幕共享，就一定是诈骗。拿不准就拨打 96110 问一问。
            </p>
            {!result.personalChecked && (
              <p>这次查询太频繁，没能核对涉诈人员的电话、证件号和银行账户，请过几分钟再查。</p>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
