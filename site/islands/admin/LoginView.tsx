/**
 * The sign-in form: checked with the API's own schema first, errors summarised at the top and
 * beside each field (the GOV.UK pattern), the server's answer in its own words.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LoginSchema } from '../../../functions/schemas/moderation.ts';
import { t } from '../../i18n/t.ts';
import { answer, api, ApiCallError } from '../../lib/api.ts';
import type { Me } from './api-types.ts';
import { Notice } from './Notice.tsx';

export function LoginView(props: { onLogin: (me: Me) => void; message?: string | undefined }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) summaryRef.current?.focus();
  }, [errors]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const parsed = LoginSchema.safeParse({ username, password });
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
      return;
    }
    setBusy(true);
    try {
      const me = await answer(api.admin.login.$post({ json: parsed.data }));
      setErrors([]);
      props.onLogin(me);
    } catch (err) {
      setErrors([
        {
          field: 'password',
          message: err instanceof ApiCallError ? err.message : t('admin.error.generic'),
        },
      ]);
    } finally {
      setBusy(false);
    }
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.message;
  const field = (
    name: 'username' | 'password',
    label: string,
    value: string,
    set: (v: string) => void,
    type: string,
    autoComplete: string,
  ) => (
    <div class={`field${err(name) ? ' field-has-error' : ''}`}>
      <label for={`admin-${name}`}>{label}</label>
      {err(name) && (
        <p id={`admin-${name}-error`} class="field-error">
          <span class="visually-hidden">{t('report.errors.prefix')}</span>
          {err(name)}
        </p>
      )}
      <input
        id={`admin-${name}`}
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellcheck={false}
        autoCapitalize="off"
        required
        aria-invalid={err(name) ? 'true' : undefined}
        aria-describedby={err(name) ? `admin-${name}-error` : undefined}
        onInput={(e) => set(e.currentTarget.value)}
      />
    </div>
  );
  return (
    <form
      class="admin-login"
      method="post"
      action="#"
      noValidate
      onSubmit={submit}
      aria-labelledby="admin-login-title"
    >
      <h2 id="admin-login-title">{t('admin.login.title')}</h2>
      {props.message && <Notice flash={{ kind: 'error', text: props.message }} />}
      {errors.length > 0 && (
        <div
          class="error-summary"
          tabIndex={-1}
          ref={summaryRef}
          aria-labelledby="admin-login-errors"
        >
          <div role="alert">
            <h3 id="admin-login-errors">{t('report.errors.title')}</h3>
            <ul>
              {errors.map((x) => (
                <li key={x.field}>
                  <a href={`#admin-${x.field}`}>{x.message}</a>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {field('username', t('admin.login.username'), username, setUsername, 'text', 'username')}
      {field(
        'password',
        t('admin.login.password'),
        password,
        setPassword,
        'password',
        'current-password',
      )}
      <p>
        <button type="submit" class="btn btn-primary btn-big" disabled={busy}>
          {busy ? t('admin.working') : t('admin.login.submit')}
        </button>
      </p>
    </form>
  );
}
