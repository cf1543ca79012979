/**
 * The /check/ island: paste a message, get a verdict from the same engine as the server, run IN THE
 * BROWSER on the build-time knowledge (nothing is sent). Questions are answered in the browser too,
 * from the site's content (the same answers as /api/chat without an LLM); only with an LLM set up
 * do they go to /api/chat, with the verdict's level and pattern, never the checked message.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatLink } from '../../bot/chat.ts';
import { looksLikeQuestion, MAX_CHAT_TURNS, MAX_TEXT_CHARS } from '../../bot/chat-limits.ts';
import type { AnswerIndex } from '../../bot/answers/passages.ts';
import type { Entities, Knowledge, Level, Span, Verdict } from '../../bot/types.ts';
import { t } from '../i18n/t.ts';
import { putDraft, takeDraft } from '../lib/drafts.ts';
import { loadKnowledge } from '../lib/knowledge-client.ts';
import { patternUrl } from '../lib/urls.ts';

/** The message pasted on the home page, if any; taken out of storage so it is checked once. */
const takeCheckDraft = () => takeDraft('check') ?? '';

/** How many steps and reasons show at once; more are one tap away. */
const SHOWN_ADVICE = 5;
const SHOWN_REASONS = 4;

const EXAMPLES = ['police', 'brushing', 'service', 'family'] as const;
const QUICK_QUESTIONS = ['paid', 'police', 'code', 'report'] as const;

type Analyze = typeof import('../../bot/analyze.ts').analyze;

/**
 * The engine and its knowledge, fetched once, in parallel, after the page shows: the engine is a
 * separate chunk so the page's first load stays small on a slow phone connection.
 */
let enginePromise: Promise<{ analyze: Analyze; knowledge: Knowledge }> | undefined;
const loadEngine = () =>
  (enginePromise ??= Promise.all([import('../../bot/analyze.ts'), loadKnowledge()]).then(
    ([m, knowledge]) => ({ analyze: m.analyze, knowledge }),
  )).catch((err: unknown) => {
    enginePromise = undefined; // let the next tap try again
    throw err;
  });

type ChatModule = typeof import('../../bot/chat.ts');
type AnswersModule = typeof import('../../bot/answers/answer.ts');

/**
 * The chat's answerer and the site's answer passages, fetched the first time someone uses the
 * chat (not with the page: most visitors only check a message).
 */
let answererPromise:
  Promise<{ chat: ChatModule; answers: ReturnType<AnswersModule['preparedAnswers']> }> | undefined;
const loadAnswerer = () =>
  (answererPromise ??= Promise.all([
    import('../../bot/chat.ts'),
    import('../../bot/answers/answer.ts'),
    fetch('/answer-index.json').then((r) => {
      if (!r.ok) throw new Error(`answers ${r.status}`);
      return r.json() as Promise<AnswerIndex>;
    }),
  ]).then(([chat, m, index]) => ({ chat, answers: m.preparedAnswers(index) }))).catch(
    (err: unknown) => {
      answererPromise = undefined; // let the next question try again
      throw err;
    },
  );

const LEVEL_KEY: Record<Level, 'high' | 'suspicious' | 'none'> = {
  高风险: 'high',
  可疑: 'suspicious',
  未发现明显诈骗特征: 'none',
};
const LEVEL_PANEL: Record<Level, string> = {
  高风险: 'panel panel-danger',
  可疑: 'panel panel-warn',
  未发现明显诈骗特征: 'panel',
};

/** Merges overlapping red-flag spans so each character is marked at most once. */
export function mergeSpans(spans: readonly Span[], length: number): Span[] {
  const sorted = spans
    .map(([s, e]): Span => [Math.max(0, s), Math.min(length, e)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The message as text nodes with <mark> around red flags: Preact escapes text, no innerHTML. */
function HighlightedMessage(props: { text: string; spans: readonly Span[] }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const [s, e] of mergeSpans(props.spans, props.text.length)) {
    if (s > at) parts.push(props.text.slice(at, s));
    parts.push(<mark key={s}>{props.text.slice(s, e)}</mark>);
    at = e;
  }
  if (at < props.text.length) parts.push(props.text.slice(at));
  return <blockquote class="check-message">{parts}</blockquote>;
}

/** What the /report/ form can prefill: kinds it understands, values as found. */
function reportEntities(e: Entities): { kind: string; value: string }[] {
  return [
    ...e.phones.map((p) => ({ kind: 'phone', value: p.value })),
    ...e.urls.map((u) => ({ kind: 'url', value: u.value })),
    ...e.bankCards.map((b) => ({ kind: 'account', value: b.value })),
    ...e.accounts.map((a) => ({ kind: a.kind, value: a.value })),
    ...e.apps.map((a) => ({ kind: 'app', value: a.name })),
  ];
}

interface Checked {
  text: string;
  paid: boolean;
  verdict: Verdict;
}

interface Turn {
  role: 'user' | 'assistant';
  content: string;
  links?: ChatLink[];
}

function ResultCard(props: { checked: Checked }) {
  const { text, paid, verdict } = props.checked;
  // The server adds the model's plain-words reply when an LLM took part.
  const explanation = (verdict as Verdict & { explanation?: string }).explanation;
  const key = LEVEL_KEY[verdict.level];
  const spans = verdict.signals.flatMap((s) => s.spans);
  // Strongest first; a long list overwhelms, so the rest wait behind 更多.
  const reasons = verdict.signals.filter((s) => s.reason).sort((a, b) => b.weight - a.weight);

  function saveDraft() {
    // Storage blocked (private mode): the report page still opens, just empty.
    putDraft(
      'report',
      JSON.stringify({ description: text, entities: reportEntities(verdict.entities) }),
    );
  }

  return (
    <div class={`${LEVEL_PANEL[verdict.level]} check-card check-${key}`}>
      <div id="check-summary">
        <h2 id="check-result-title" class="check-level">
          <span aria-hidden="true" class="check-icon">
            {t(`check.level.${key}.icon`)}
          </span>{' '}
          {t('check.result.title', { level: verdict.level })}
        </h2>
        <p class="check-say">{t(`check.level.${key}.say`)}</p>
        {paid && (
          <div class="check-paid-alert">
            <p>
              <strong>{t('check.paid.title')}</strong>
            </p>
            <p>{t('check.paid.say')}</p>
          </div>
        )}
        {verdict.pattern && (
          <p class="check-pattern">
            {t('check.pattern')}
            <a href={patternUrl(verdict.pattern.slug)}>{verdict.pattern.title}</a>
          </p>
        )}
        {verdict.advice.length > 0 && (
          <>
            <h3>{t('check.advice.title')}</h3>
            <ol class="check-advice">
              {verdict.advice.slice(0, SHOWN_ADVICE).map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ol>
            {verdict.advice.length > SHOWN_ADVICE && (
              <details class="check-more">
                <summary>
                  {t('check.advice.more', { n: verdict.advice.length - SHOWN_ADVICE })}
                </summary>
                <ol start={SHOWN_ADVICE + 1}>
                  {verdict.advice.slice(SHOWN_ADVICE).map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ol>
              </details>
            )}
          </>
        )}
      </div>

      <div class="tel-row">
        <a class={`btn btn-big ${paid || key === 'high' ? 'btn-danger' : ''}`} href="tel:110">
          {t('check.call110')}
        </a>
        <a class="btn btn-big" href="tel:96110">
          {t('check.call96110')}
        </a>
      </div>

      {verdict.listed && verdict.listed.length > 0 && (
        <>
          <h3>{t('check.listed.title')}</h3>
          <ul>
            {verdict.listed.map((l) => (
              <li key={`${l.kind}:${l.key}`}>
                {l.source.href ? (
                  <a href={l.source.href}>
                    {t('check.listed.item', { value: l.display, source: l.source.title })}
                  </a>
                ) : (
                  t('check.listed.item', { value: l.display, source: l.source.title })
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {reasons.length > 0 && (
        <>
          <h3>{t('check.signals.title')}</h3>
          <ul class="check-signals">
            {reasons.slice(0, SHOWN_REASONS).map((s) => (
              <li key={s.id}>
                <strong>{s.label}</strong>：{s.reason}
              </li>
            ))}
          </ul>
          {reasons.length > SHOWN_REASONS && (
            <details class="check-more">
              <summary>{t('check.signals.more', { n: reasons.length - SHOWN_REASONS })}</summary>
              <ul>
                {reasons.slice(SHOWN_REASONS).map((s) => (
                  <li key={s.id}>
                    <strong>{s.label}</strong>：{s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}

      <h3>{t('check.message.title')}</h3>
      {spans.length > 0 && <p class="hint">{t('check.message.hint')}</p>}
      <HighlightedMessage text={text} spans={spans} />

      {verdict.fallback && <p class="muted">{t('check.fallback')}</p>}
      {verdict.source === 'engine+llm' && (
        <>
          <h3>{t('check.llm.explanation')}</h3>
          {explanation && <p>{explanation}</p>}
          <p class="hint">{t('check.llm.note')}</p>
        </>
      )}

      <div class="check-actions">
        <button
          type="button"
          class="btn read-aloud"
          data-read-aloud="#check-summary"
          aria-pressed="false"
        >
          <span aria-hidden="true">🔊</span> {t('check.readAloud')}
        </button>
        <a class="btn" href="/report/" onClick={saveDraft}>
          {t('check.report')}
        </a>
        {verdict.pattern && (
          <a class="btn" href={patternUrl(verdict.pattern.slug)}>
            {t('check.pattern.more')}
          </a>
        )}
      </div>
    </div>
  );
}

/** Reads an SSE answer from /api/chat: streamed text, or the offline reply on `fallback`. */
async function readChatStream(
  res: Response,
  onText: (text: string) => void,
): Promise<{ reply: string; links: ChatLink[] }> {
  const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error('no body');
  let buffer = '';
  let text = '';
  let links: ChatLink[] = [];
  let fallback: { reply: string; links: ChatLink[] } | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      const json = data ? (JSON.parse(data) as Record<string, unknown>) : {};
      if (event === 'verdict' && Array.isArray(json.links)) links = json.links as ChatLink[];
      if (event === 'delta' && typeof json.text === 'string') onText((text += json.text));
      if (event === 'fallback') fallback = json as { reply: string; links: ChatLink[] };
    }
    if (done) break;
  }
  return fallback ?? { reply: text, links };
}

interface ChatProps {
  checked: Checked | null;
  /** An LLM is set up on the server: questions go there, streamed; else they are answered here. */
  llm: boolean;
  /** The city's area code, for the 96110 caller-ID answer. */
  areaCode: string;
  /** A question typed into the message box, to be asked here; `n` changes with each one. */
  incoming?: { text: string; n: number } | undefined;
  /** The island's code has run (buttons work). */
  ready: boolean;
}

function Chat(props: ChatProps) {
  const [turns, setTurns] = useState<Turn[]>([]);
  // Like the message box: a question typed before this code ran survives hydration.
  const [question, setQuestion] = useState(() => {
    if (typeof document === 'undefined') return '';
    const box = document.getElementById('check-chat-input');
    return box instanceof HTMLInputElement ? box.value : '';
  });
  const [streaming, setStreaming] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function ask(q: string) {
    // Not `disabled` while busy: that would drop the keyboard focus to the page's start.
    if (busy) return;
    const content = q.trim();
    if (!content) {
      setError(t('check.chat.empty'));
      input.current?.focus();
      return;
    }
    if (content.length > MAX_TEXT_CHARS) {
      setError(t('check.text.tooLong', { max: MAX_TEXT_CHARS }));
      return;
    }
    const history: Turn[] = [...turns, { role: 'user', content }];
    setTurns(history);
    setQuestion('');
    setError('');
    setBusy(true);
    const verdict = props.checked?.verdict;
    const paid = props.checked?.paid ?? false;
    const context = { level: verdict?.level, pattern: verdict?.pattern?.slug, paid };
    const messages = history
      .slice(-MAX_CHAT_TURNS)
      .map(({ role, content: c }) => ({ role, content: c }));
    /** The offline answer, here in the browser: what /api/chat answers without an LLM. */
    const answerHere = async () => {
      const [{ chat, answers }, engine] = await Promise.all([loadAnswerer(), loadEngine()]);
      const r = chat.answerChat(messages, engine.knowledge, context, {
        areaCode: props.areaCode,
        answers,
      });
      return { reply: r.reply, links: r.links };
    };
    try {
      if (!props.llm) {
        const answer = await answerHere();
        setTurns([...history, { role: 'assistant', content: answer.reply, links: answer.links }]);
        return;
      }
      const res = await fetch('/api/chat', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'text/event-stream, application/json',
        },
        body: JSON.stringify({ messages, context }),
      }).catch(() => null);
      let answer: { reply: string; links: ChatLink[] };
      if (!res || res.status >= 500) {
        // The server is away or failing: the answer from the content here is the same, minus the LLM.
        answer = await answerHere();
      } else if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        throw new Error(body?.error?.message ?? t('check.chat.failed'));
      } else if (res.headers.get('content-type')?.includes('text/event-stream')) {
        setStreaming('');
        answer = await readChatStream(res, setStreaming);
      } else {
        answer = (await res.json()) as { reply: string; links: ChatLink[] };
      }
      setTurns([...history, { role: 'assistant', content: answer.reply, links: answer.links }]);
    } catch (err) {
      setError(
        err instanceof Error && /[\u4e00-\u9fff]/.test(err.message)
          ? err.message
          : t('check.chat.failed'),
      );
    } finally {
      setStreaming(null);
      setBusy(false);
    }
  }

  const full = turns.length >= MAX_CHAT_TURNS - 1;

  // A question typed into the message box is asked here.
  const lastIncoming = useRef(0);
  useEffect(() => {
    const q = props.incoming;
    if (!q || q.n === lastIncoming.current) return;
    lastIncoming.current = q.n;
    void ask(q.text);
  }, [props.incoming]);

  return (
    <section class="check-chat" aria-labelledby="check-chat-title">
      <h2 id="check-chat-title">
        {props.checked ? t('check.chat.title') : t('check.chat.titleAsk')}
      </h2>
      <p class="hint">{props.llm ? t('check.chat.privacy') : t('check.chat.privacyLocal')}</p>
      <div role="log" aria-live="polite" aria-relevant="additions" class="chat-log">
        {turns.map((m, i) => (
          <div key={i} class={`chat-turn chat-${m.role}`}>
            <p class="chat-who">{m.role === 'user' ? t('check.chat.you') : t('check.chat.bot')}</p>
            <p class="chat-text" id={`chat-text-${i}`}>
              {m.content}
            </p>
            {m.role === 'assistant' && (
              <p class="chat-links">
                {m.links?.map((l) => (
                  <a key={l.href} class="btn" href={l.href}>
                    {l.label}
                  </a>
                ))}
                <button
                  type="button"
                  class="btn read-aloud"
                  data-read-aloud={`#chat-text-${i}`}
                  aria-pressed="false"
                >
                  <span aria-hidden="true">🔊</span> {t('check.chat.readAloud')}
                </button>
              </p>
            )}
          </div>
        ))}
      </div>
      {streaming !== null && (
        // Shown while it arrives, outside the live region: the finished answer is announced once.
        <div class="chat-turn chat-assistant" aria-hidden="true">
          <p class="chat-who">{t('check.chat.bot')}</p>
          <p class="chat-text">{streaming || t('check.chat.sending')}</p>
        </div>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {full ? (
        <p>{t('check.chat.tooMany')}</p>
      ) : (
        <>
          <p class="chat-quick-title">{t('check.chat.quick')}</p>
          <ul class="chat-quick">
            {QUICK_QUESTIONS.map((q) => (
              <li key={q}>
                <button
                  type="button"
                  class="btn"
                  disabled={!props.ready}
                  onClick={() => void ask(t(`check.chat.q.${q}`))}
                >
                  {t(`check.chat.q.${q}`)}
                </button>
              </li>
            ))}
          </ul>
          <form
            class="chat-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              void ask(question);
            }}
          >
            <label for="check-chat-input">{t('check.chat.label')}</label>
            <div class="chat-row">
              <input
                ref={input}
                id="check-chat-input"
                type="text"
                autocomplete="off"
                maxLength={MAX_TEXT_CHARS}
                placeholder={t('check.chat.placeholder')}
                value={question}
                // Someone about to ask: fetch the answers now, so the reply comes at once.
                onFocus={() => loadAnswerer().catch(() => {})}
                onInput={(ev) => setQuestion(ev.currentTarget.value)}
              />
              <button
                type="submit"
                class="btn btn-primary"
                // Server-rendered, a tap before the code runs would reload the page: wait for it.
                disabled={!props.ready}
                aria-disabled={busy ? 'true' : undefined}
              >
                {busy ? t('check.chat.sending') : t('check.chat.send')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

/**
 * What the person typed or ticked in the server-rendered form before this code ran. Read while the
 * island first renders, BEFORE Preact hydrates: hydration writes the state's value into a
 * <textarea> (Preact always sets a textarea's value, even when hydrating), which wiped the text.
 */
function typedBeforeHydration(): { text: string; paid: boolean } {
  if (typeof document === 'undefined') return { text: '', paid: false };
  const box = document.getElementById('check-text');
  const paid = document.getElementById('check-paid');
  return {
    text: box instanceof HTMLTextAreaElement ? box.value : '',
    paid: paid instanceof HTMLInputElement ? paid.checked : false,
  };
}

export default function Checker(props: { areaCode: string }) {
  const [typed] = useState(typedBeforeHydration);
  // A question typed into the message box goes to the chat (n counts them, to ask each once).
  const [incoming, setIncoming] = useState<{ text: string; n: number }>();
  const [text, setText] = useState(typed.text);
  const [paid, setPaid] = useState(typed.paid);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState<Checked | null>(null);
  // The server-rendered buttons stay disabled until this code runs: a tap before then would do
  // nothing (or reload the page), which on a slow phone looks broken.
  const [ready, setReady] = useState(false);
  // An LLM is set up on the server: the result card then offers a deeper look, on request only.
  const [llm, setLlm] = useState(false);
  const [deep, setDeep] = useState<'idle' | 'busy' | 'failed'>('idle');
  const result = useRef<HTMLElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const paidBox = useRef<HTMLInputElement>(null);
  const focusResult = useRef(false);

  useEffect(() => {
    setReady(true);
    // Pasted on the home page: check it straight away, as the person already asked.
    const draft = takeCheckDraft();
    if (draft.trim()) {
      setText(draft);
      void runCheck(draft, paidBox.current?.checked ?? false);
    }
    // Start fetching the engine and knowledge early so the first tap answers at once.
    loadEngine().catch(() => {});
    fetch('/api/health')
      .then((r): Promise<{ llm?: boolean }> => (r.ok ? r.json() : Promise.resolve({})))
      .then((h) => setLlm(h.llm === true))
      .catch(() => {}); // a static deployment has no API: the offline check is the whole answer
  }, []);

  useEffect(() => {
    if (focusResult.current && checked) {
      focusResult.current = false;
      result.current?.focus();
      result.current?.scrollIntoView({ block: 'start' });
    }
  }, [checked]);

  function onSubmit(ev: Event) {
    ev.preventDefault();
    if (looksLikeQuestion(text)) {
      setError('');
      setIncoming({ text: text.trim(), n: (incoming?.n ?? 0) + 1 });
      setText('');
      return;
    }
    void runCheck(text, paid);
  }

  async function runCheck(text: string, paid: boolean) {
    if (!text.trim()) {
      setError(t('check.text.empty'));
      box.current?.focus();
      return;
    }
    if (text.length > MAX_TEXT_CHARS) {
      setError(t('check.text.tooLong', { max: MAX_TEXT_CHARS }));
      box.current?.focus();
      return;
    }
    setError('');
    setBusy(true);
    try {
      const { analyze, knowledge } = await loadEngine();
      focusResult.current = true;
      setDeep('idle');
      setChecked({ text, paid, verdict: analyze(text, knowledge, { paid }) });
    } catch {
      setError(t('check.loadFailed'));
    } finally {
      setBusy(false);
    }
  }

  /** Sends the message to the server's LLM-assisted check — only when the person asks for it. */
  async function deepCheck() {
    if (!checked) return;
    setDeep('busy');
    try {
      const res = await fetch('/api/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ text: checked.text, paid: checked.paid }),
      });
      if (!res.ok) throw new Error(String(res.status));
      const verdict = (await res.json()) as Verdict;
      focusResult.current = true;
      setChecked({ ...checked, verdict });
      setDeep('idle');
    } catch {
      setDeep('failed');
    }
  }

  function fillExample(key: (typeof EXAMPLES)[number]) {
    setText(t(`check.example.${key}.text`));
    setError('');
    box.current?.focus();
  }

  function again() {
    setText('');
    setChecked(null);
    setPaid(false);
    box.current?.focus();
  }

  return (
    <div class="checker-island">
      {/* No `name` on the fields: without JS a submit sends nothing, so the message never leaves. */}
      <form class="check-form" onSubmit={onSubmit} noValidate>
        <div class={`field ${error ? 'field-has-error' : ''}`}>
          <label for="check-text">{t('check.text.label')}</label>
          <span class="hint" id="check-text-hint">
            {t('check.privacy')}
          </span>
          {error && (
            <span class="field-error" id="check-text-error" role="alert">
              {error}
            </span>
          )}
          <textarea
            ref={box}
            id="check-text"
            rows={6}
            value={text}
            aria-describedby={error ? 'check-text-hint check-text-error' : 'check-text-hint'}
            aria-invalid={error ? 'true' : undefined}
            onInput={(ev) => setText(ev.currentTarget.value)}
          />
        </div>
        <div class="field check-paid-field">
          <input
            ref={paidBox}
            type="checkbox"
            id="check-paid"
            checked={paid}
            aria-describedby="check-paid-hint"
            onChange={(ev) => setPaid(ev.currentTarget.checked)}
          />
          <label for="check-paid">{t('check.paid.label')}</label>
          <span class="hint" id="check-paid-hint">
            {t('check.paid.hint')}
          </span>
        </div>
        <div class="check-buttons">
          <button type="submit" class="btn btn-primary btn-big" disabled={!ready || busy}>
            {busy ? t('check.checking') : t('check.submit')}
          </button>
          {text && (
            <button type="button" class="btn" onClick={again}>
              {t('check.clear')}
            </button>
          )}
        </div>
      </form>

      <section class="check-examples" aria-labelledby="check-examples-title">
        <h2 id="check-examples-title">{t('check.examples.title')}</h2>
        <p class="hint">{t('check.examples.hint')}</p>
        <ul class="check-example-list">
          {EXAMPLES.map((k) => (
            <li key={k}>
              <button type="button" class="btn" disabled={!ready} onClick={() => fillExample(k)}>
                {t(`check.example.${k}.label`)}
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section
        ref={result}
        id="check-result"
        class="check-result"
        tabIndex={-1}
        aria-live="polite"
        aria-labelledby={checked ? 'check-result-title' : undefined}
      >
        {checked && <ResultCard checked={checked} />}
      </section>

      {checked && llm && checked.verdict.source === 'engine' && (
        <section class="panel check-llm" aria-labelledby="check-llm-title">
          <h2 id="check-llm-title">{t('check.llm.title')}</h2>
          <p class="hint">{t('check.llm.privacy')}</p>
          <button
            type="button"
            class="btn"
            aria-disabled={deep === 'busy' ? 'true' : undefined}
            onClick={() => deep !== 'busy' && void deepCheck()}
          >
            {deep === 'busy' ? t('check.llm.busy') : t('check.llm.button')}
          </button>
          {deep === 'failed' && (
            <p class="field-error" role="alert">
              {t('check.llm.failed')}
            </p>
          )}
        </section>
      )}

      <Chat
        key={checked ? `${checked.text}|${checked.paid}` : ''}
        checked={checked}
        llm={llm}
        areaCode={props.areaCode}
        incoming={incoming}
        ready={ready}
      />
      {checked && (
        <p>
          <button type="button" class="btn" onClick={again}>
            {t('check.again')}
          </button>
        </p>
      )}
    </div>
  );
}
