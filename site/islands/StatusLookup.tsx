/**
 * The /report/status/ island. Without it the page posts to /report/status and gets an HTML answer;
 * with it, the code goes to /api/tipoffs/status in a POST body (never the URL) and the status,
 * messages and add-information form appear in place.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  TIPOFF_LIMITS,
  TipoffInfoSchema,
  TipoffStatusSchema,
} from '../../functions/schemas/tipoff.ts';
import { normalizeReceipt } from '../../functions/security/receipt.ts';
import { t } from '../i18n/t.ts';
import { focusErrorTarget, type FormError } from '../views/form-parts.ts';
import {
  ADD_INFO_FIELD_IDS,
  AddInfoForm,
  STATUS_FIELD_IDS,
  StatusLookupForm,
  StatusResult,
  linkedErrors,
  type TipoffStatusView,
} from '../views/status-view.ts';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
}

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  });
}

export default function StatusLookup() {
  const [enhanced, setEnhanced] = useState(false);
  const [receipt, setReceipt] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TipoffStatusView | null>(null);
  const [infoText, setInfoText] = useState('');
  const [infoErrors, setInfoErrors] = useState<FormError[]>([]);
  const [infoBusy, setInfoBusy] = useState(false);
  const [infoMessage, setInfoMessage] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const summaryRef = useRef<HTMLDivElement>(null);
  const infoSummaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const baseTitle = useRef('');

  useEffect(() => {
    baseTitle.current = document.title.replace(/^错误：/, '');
    setEnhanced(true);
  }, []);
  useEffect(() => {
    if (errors.length > 0) summaryRef.current?.focus();
  }, [errors]);
  useEffect(() => {
    if (infoErrors.length > 0) infoSummaryRef.current?.focus();
  }, [infoErrors]);
  useEffect(() => {
    document.title = (errors.length + infoErrors.length > 0 ? '错误：' : '') + baseTitle.current;
  }, [errors, infoErrors]);

  const lookUp = async (code: string, after?: string) => {
    setBusy(true);
    try {
      const res = await postJson('/api/tipoffs/status', { receipt: code });
      const data = (await res.json().catch(() => ({}))) as TipoffStatusView & ApiErrorBody;
      if (res.ok) {
        setResult(data);
        setNotice(after);
        setErrors([]);
        // Let the result render, then move focus to it so screen readers read it.
        setTimeout(() => resultRef.current?.focus(), 0);
        return;
      }
      setResult(null);
      const message =
        res.status === 404
          ? t('status.notFound')
          : (data.error?.message ?? t('report.error.server'));
      setErrors([{ field: 'receipt', target: STATUS_FIELD_IDS['receipt']!, message }]);
    } catch {
      setErrors([
        {
          field: 'receipt',
          target: STATUS_FIELD_IDS['receipt']!,
          message: t('report.error.network'),
        },
      ]);
    } finally {
      setBusy(false);
    }
  };

  const onLookup = (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    const parsed = TipoffStatusSchema.safeParse({ receipt });
    const issues = parsed.success
      ? normalizeReceipt(receipt)
        ? []
        : [{ field: 'receipt', message: t('status.badFormat') }]
      : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    if (issues.length > 0) {
      setResult(null);
      setErrors(linkedErrors(STATUS_FIELD_IDS, issues));
      return;
    }
    void lookUp(receipt.trim());
  };

  const onAddInfo = async (e: SubmitEvent) => {
    e.preventDefault();
    if (infoBusy) return;
    const form = e.currentTarget as HTMLFormElement;
    const files = Array.from(
      (form.elements.namedItem('screenshots') as HTMLInputElement | null)?.files ?? [],
    );
    const parsed = TipoffInfoSchema.safeParse({ receipt: receipt.trim(), text: infoText });
    const issues = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    if (files.length > TIPOFF_LIMITS.attachmentsMax) {
      issues.push({
        field: 'screenshots',
        message: t('report.screenshots.tooMany', { max: TIPOFF_LIMITS.attachmentsMax }),
      });
    } else if (files.some((f) => !IMAGE_TYPES.includes(f.type))) {
      issues.push({ field: 'screenshots', message: t('report.screenshots.badType') });
    } else if (files.some((f) => f.size > TIPOFF_LIMITS.attachmentBytesMax)) {
      issues.push({ field: 'screenshots', message: t('report.screenshots.tooBig', { mb: 5 }) });
    }
    setInfoMessage(undefined);
    if (issues.length > 0) {
      setInfoErrors(
        linkedErrors(
          ADD_INFO_FIELD_IDS,
          issues.filter((i) => i.field !== 'receipt'),
        ),
      );
      return;
    }
    setInfoErrors([]);
    setInfoBusy(true);
    try {
      let res: Response;
      if (files.length > 0) {
        const body = new FormData();
        body.set('receipt', receipt.trim());
        body.set('text', infoText);
        for (const f of files) body.append('screenshots', f, f.name);
        res = await fetch('/api/tipoffs/info', {
          method: 'POST',
          body,
          headers: { Accept: 'application/json' },
        });
      } else {
        res = await postJson('/api/tipoffs/info', { receipt: receipt.trim(), text: infoText });
      }
      const data = (await res.json().catch(() => ({}))) as ApiErrorBody;
      if (res.ok) {
        setInfoText('');
        form.reset();
        await lookUp(receipt.trim(), t('status.addInfo.done'));
        return;
      }
      if (res.status === 422 && data.error?.details?.length) {
        setInfoErrors(linkedErrors(ADD_INFO_FIELD_IDS, data.error.details));
        return;
      }
      setInfoMessage(data.error?.message ?? t('report.error.server'));
    } catch {
      setInfoMessage(t('report.error.network'));
    } finally {
      setInfoBusy(false);
    }
  };

  return (
    <div>
      <StatusLookupForm
        receipt={receipt}
        errors={errors}
        busy={busy}
        enhanced={enhanced}
        summaryRef={summaryRef}
        onErrorLinkClick={focusErrorTarget}
        onSubmit={onLookup}
        onInput={(e) => setReceipt((e.currentTarget as HTMLInputElement).value)}
      />
      {result && (
        <StatusResult result={result} headingRef={resultRef} notice={notice}>
          {result.canAddInfo && (
            <AddInfoForm
              receipt=""
              text={infoText}
              errors={infoErrors}
              busy={infoBusy}
              enhanced={enhanced}
              formMessage={infoMessage}
              summaryRef={infoSummaryRef}
              onErrorLinkClick={focusErrorTarget}
              onSubmit={onAddInfo}
              onInput={(e) => setInfoText((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </StatusResult>
      )}
    </div>
  );
}
