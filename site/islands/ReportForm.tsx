/**
 * The /report/ island. The page works without it (a plain multipart form to /report/submit); once
 * it runs, it lists the numbers and links it finds in the description for the citizen to confirm,
 * shows the 110 panel only when "lost money" is ticked, validates with the same zod schema as the
 * API, sends to /api/tipoffs and shows the receipt in place.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  TIPOFF_ENTITY_KINDS,
  TIPOFF_LIMITS,
  TipoffInputSchema,
  guessEntityKind,
  tipoffFromForm,
  type TipoffEntityKind,
} from '../../functions/schemas/tipoff.ts';
import { extractEntities } from '../../bot/entities.ts';
import { normalize } from '../../bot/normalize.ts';
import { t } from '../i18n/t.ts';
import { siteConfig } from '../lib/site-config.ts';
import { focusErrorTarget, FieldErrorText, type FormError } from '../views/form-parts.ts';
import {
  EMPTY_REPORT_VALUES,
  REPORT_FIELD_IDS,
  ReportFormView,
  reportFormErrors,
  type ReportFormValues,
} from '../views/report-form-view.ts';
import { ReceiptView, receiptImageLines } from '../views/receipt-view.ts';
import { downloadReceiptImage } from './receipt-image.ts';
import { takeDraft } from '../lib/drafts.ts';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

interface EntityItem {
  kind: TipoffEntityKind;
  value: string;
  /** Found in the description, or added by hand. */
  source: 'found' | 'manual';
}

const entityId = (value: string) => value.replace(/[\s-]/g, '').toLowerCase();

/** The numbers, links, cards and QQ/WeChat ids the bot's extractor finds in the description. */
function findEntities(text: string): EntityItem[] {
  if (!text.trim()) return [];
  const e = extractEntities(normalize(text), text);
  const found: (EntityItem & { at: number })[] = [
    ...e.phones.map((p) => ({ kind: 'phone' as const, value: p.value, at: p.span[0] })),
    ...e.urls.map((u) => ({ kind: 'url' as const, value: u.value, at: u.span[0] })),
    ...e.bankCards.map((b) => ({ kind: 'account' as const, value: b.value, at: b.span[0] })),
    ...e.accounts.map((a) => ({ kind: a.kind, value: a.value, at: a.span[0] })),
  ].map((x) => ({ ...x, source: 'found' as const }));
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...item }) => item);
}

/**
 * Reads the draft the checker's 举报这条 button left (once, never in the URL), accepting a list of
 * strings or of {value, kind}.
 */
function readDraft(): { description: string; entities: EntityItem[] } | null {
  const raw = takeDraft('report');
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as { description?: unknown; entities?: unknown };
    const list = Array.isArray(d.entities)
      ? d.entities
      : typeof d.entities === 'string'
        ? d.entities.split('\n')
        : [];
    const entities: EntityItem[] = [];
    for (const x of list as unknown[]) {
      const o =
        typeof x === 'string' ? { value: x } : (x as { value?: unknown; kind?: unknown } | null);
      if (!o || typeof o.value !== 'string' || !o.value.trim()) continue;
      const value = o.value.trim();
      // Keep the checker's kind when it is one the form knows; otherwise guess from the value.
      const kind =
        typeof o.kind === 'string' && o.kind in TIPOFF_ENTITY_KINDS
          ? (o.kind as TipoffEntityKind)
          : guessEntityKind(value);
      entities.push({ kind, value, source: 'manual' });
    }
    return { description: typeof d.description === 'string' ? d.description : '', entities };
  } catch {
    return null;
  }
}

/** FormData as the record `tipoffFromForm` reads: repeated names become arrays, files are left out. */
function formRecord(form: HTMLFormElement): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new FormData(form)) {
    if (typeof v !== 'string') continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function checkFiles(files: File[]): string | undefined {
  if (files.length > TIPOFF_LIMITS.attachmentsMax)
    return t('report.screenshots.tooMany', { max: TIPOFF_LIMITS.attachmentsMax });
  if (files.some((f) => !IMAGE_TYPES.includes(f.type))) return t('report.screenshots.badType');
  if (files.some((f) => f.size > TIPOFF_LIMITS.attachmentBytesMax)) {
    return t('report.screenshots.tooBig', { mb: TIPOFF_LIMITS.attachmentBytesMax / 1024 / 1024 });
  }
  return undefined;
}

/** The editable list of numbers that replaces the textarea once JS runs. */
function EntitiesEditor(props: {
  items: EntityItem[];
  error: string | undefined;
  onRemove: (item: EntityItem) => void;
  onAdd: (value: string) => void;
}) {
  const [draft, setDraft] = useState('');
  const id = REPORT_FIELD_IDS['entities']!;
  const add = () => {
    if (draft.trim()) props.onAdd(draft.trim());
    setDraft('');
  };
  return (
    <fieldset aria-describedby={`${id}-hint`}>
      <legend>
        <span class="legend-text">{t('report.entities.label')}</span>
      </legend>
      <p id={`${id}-hint`} class="hint">
        {t('report.entities.found.hint')}
      </p>
      <FieldErrorText id={`${id}-error`} message={props.error} />
      {props.items.length > 0 ? (
        <ul class="entity-list">
          {props.items.map((item) => (
            <li key={entityId(item.value)}>
              <span class="tag">{TIPOFF_ENTITY_KINDS[item.kind]}</span>
              <span class="entity-value">{item.value}</span>
              <button type="button" class="btn" onClick={() => props.onRemove(item)}>
                {t('report.entities.remove')}
                <span class="visually-hidden"> {item.value}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('report.entities.empty')}</p>
      )}
      <p class="visually-hidden" aria-live="polite">
        {props.items.length > 0 ? t('report.entities.count', { n: props.items.length }) : ''}
      </p>
      <label for={id}>{t('report.entities.add.label')}</label>
      <div class="entity-add">
        <input
          id={id}
          type="text"
          value={draft}
          autoComplete="off"
          spellcheck={false}
          maxLength={TIPOFF_LIMITS.entityValueMax}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter adds the number instead of sending the whole form half-filled.
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="btn" onClick={add}>
          {t('report.entities.add')}
        </button>
      </div>
    </fieldset>
  );
}

function ReceiptActions(props: { code: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.code);
      setSaid(t('report.receipt.copied'));
    } catch {
      // No clipboard permission (old WebViews): select the code so a long-press copies it.
      const el = document.getElementById('receipt-code');
      if (el) getSelection()?.selectAllChildren(el);
      setSaid(t('report.receipt.copyManual'));
    }
  };
  const save = async () => {
    try {
      await downloadReceiptImage(document, {
        siteName: siteConfig.siteName,
        title: t('report.receipt.codeLabel'),
        code: props.code,
        lines: receiptImageLines(),
      });
      setSaid(t('report.receipt.saved'));
    } catch {
      setSaid(t('report.receipt.saveFailed'));
    }
  };
  return (
    <div class="no-print">
      <p class="tel-row receipt-actions">
        <button type="button" class="btn btn-primary" onClick={copy}>
          {t('report.receipt.copy')}
        </button>
        <button type="button" class="btn" onClick={() => window.print()}>
          {t('report.receipt.print')}
        </button>
        <button type="button" class="btn" onClick={save}>
          {t('report.receipt.save')}
        </button>
      </p>
      <p role="status" class="receipt-said">
        {said}
      </p>
    </div>
  );
}

export default function ReportForm() {
  const [enhanced, setEnhanced] = useState(false);
  const [values, setValues] = useState<ReportFormValues>(EMPTY_REPORT_VALUES);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [formMessage, setFormMessage] = useState<string | undefined>();
  const [receipt, setReceipt] = useState<string | null>(null);
  const [manual, setManual] = useState<EntityItem[]>([]);
  const [removed, setRemoved] = useState<Set<string>>(() => new Set());
  const [scanned, setScanned] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);
  const baseTitle = useRef('');

  useEffect(() => {
    baseTitle.current = document.title.replace(/^错误：/, '');
    const draft = readDraft();
    if (draft) {
      setValues((v) => ({ ...v, description: draft.description }));
      setScanned(draft.description);
      setManual(draft.entities);
    }
    setEnhanced(true);
  }, []);

  // Look for numbers a moment after typing stops, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setScanned(values.description), 300);
    return () => clearTimeout(timer);
  }, [values.description]);

  const items = useMemo(() => {
    const seen = new Set<string>();
    const out: EntityItem[] = [];
    for (const item of [...findEntities(scanned), ...manual]) {
      const id = entityId(item.value);
      if (seen.has(id) || (item.source === 'found' && removed.has(id))) continue;
      seen.add(id);
      out.push(item);
    }
    return out.slice(0, TIPOFF_LIMITS.entitiesMax);
  }, [scanned, manual, removed]);

  useEffect(() => {
    if (errors.length > 0) summaryRef.current?.focus();
    document.title = (errors.length > 0 ? '错误：' : '') + baseTitle.current;
  }, [errors]);

  useEffect(() => {
    if (receipt) {
      receiptRef.current?.focus();
      document.title = `${t('report.receipt.title')} - ${siteConfig.siteName}`;
    }
  }, [receipt]);

  const onInput = (e: Event) => {
    const el = e.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const map: Record<string, keyof ReportFormValues> = {
      category: 'category',
      description: 'description',
      entities: 'entities',
      occurredAt: 'occurredAt',
      district: 'district',
      lostMoney: 'lostMoney',
      'contact.name': 'contactName',
      'contact.phone': 'contactPhone',
      'contact.other': 'contactOther',
      consent: 'consent',
    };
    const key = map[el.name];
    if (!key) return;
    const value = el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value;
    setValues((v) => ({ ...v, [key]: value }));
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    const form = e.currentTarget as HTMLFormElement;
    const fileInput = form.elements.namedItem('screenshots') as HTMLInputElement | null;
    const files = Array.from(fileInput?.files ?? []);

    // The same mapping and schema as the server: what passes here passes there.
    const record = formRecord(form);
    delete record['entities'];
    const input = tipoffFromForm(record);
    if (items.length > 0) input['entities'] = items.map(({ kind, value }) => ({ kind, value }));
    const parsed = TipoffInputSchema.safeParse(input);
    const issues = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          field: i.path.map(String).join('.'),
          message: i.message,
        }));
    const fileError = checkFiles(files);
    if (fileError) issues.push({ field: 'screenshots', message: fileError });
    const found = reportFormErrors(issues);
    setFormMessage(undefined);
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      let res: Response;
      if (files.length > 0) {
        const body = new FormData();
        for (const [k, v] of Object.entries(record)) for (const x of [v].flat()) body.append(k, x);
        // The server reads numbers one per line; a prefix keeps a WeChat id from passing for another kind.
        body.set(
          'entities',
          items
            .map((i) =>
              i.kind === 'wechat' && guessEntityKind(i.value) !== 'wechat'
                ? `微信：${i.value}`
                : i.value,
            )
            .join('\n'),
        );
        for (const f of files) body.append('screenshots', f, f.name);
        res = await fetch('/api/tipoffs', {
          method: 'POST',
          body,
          headers: { Accept: 'application/json' },
        });
      } else {
        res = await fetch('/api/tipoffs', {
          method: 'POST',
          body: JSON.stringify(input),
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        });
      }
      const data = (await res.json().catch(() => ({}))) as {
        receipt?: string;
        error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
      };
      if (res.ok && data.receipt) {
        setReceipt(data.receipt);
        return;
      }
      if (res.status === 422 && data.error?.details?.length) {
        const serverErrors = reportFormErrors(data.error.details);
        if (serverErrors.length > 0) {
          setErrors(serverErrors);
          return;
        }
      }
      if (res.status === 413) {
        setErrors([
          {
            field: 'screenshots',
            target: REPORT_FIELD_IDS['screenshots']!,
            message: t('report.screenshots.tooBig', { mb: 5 }),
          },
        ]);
        return;
      }
      setFormMessage(data.error?.message ?? t('report.error.server'));
    } catch {
      setFormMessage(t('report.error.network'));
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <ReceiptView
        code={receipt}
        headingRef={receiptRef}
        actions={<ReceiptActions code={receipt} />}
      />
    );
  }

  return (
    <ReportFormView
      values={values}
      errors={errors}
      enhanced={enhanced}
      busy={busy}
      formMessage={formMessage}
      summaryRef={summaryRef}
      onErrorLinkClick={focusErrorTarget}
      onInput={onInput}
      onSubmit={onSubmit}
      entitiesEditor={
        <EntitiesEditor
          items={items}
          error={errors.find((x) => x.field === 'entities')?.message}
          onRemove={(item) => {
            const id = entityId(item.value);
            if (item.source === 'found') setRemoved((s) => new Set(s).add(id));
            setManual((m) => m.filter((x) => entityId(x.value) !== id));
          }}
          onAdd={(value) => {
            const id = entityId(value);
            setRemoved((s) => {
              const next = new Set(s);
              next.delete(id);
              return next;
            });
            setManual((m) => [...m, { kind: guessEntityKind(value), value, source: 'manual' }]);
          }}
        />
      }
    />
  );
}
