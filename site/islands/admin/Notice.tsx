/**
 * What an admin view says after an action: a success or an error in words (never colour alone),
 * and what a failed request does (a lost session goes back to the login form).
 */
import { t } from '../../i18n/t.ts';
import { ApiCallError } from '../../lib/api.ts';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** A success (polite status) or an error (alert), in words, never colour alone. */
export function Notice(props: { flash: Flash }) {
  const ok = props.flash.kind === 'ok';
  return (
    <div class={`panel ${ok ? 'panel-ok' : 'panel-danger'}`} role={ok ? 'status' : 'alert'}>
      <p>
        <strong>{ok ? t('admin.flash.ok') : t('admin.flash.error')}</strong>
        {props.flash.text}
      </p>
    </div>
  );
}

/**
 * What an admin view does with a failed request: a lost session (401) goes back to the login form,
 * anything else is shown in words with `show`.
 */
export function onFailure(onAuthLost: (message: string) => void, show: (text: string) => void) {
  return (err: unknown): void => {
    if (err instanceof ApiCallError && err.status === 401) onAuthLost(err.message);
    else show(err instanceof Error ? err.message : t('admin.error.generic'));
  };
}

/** `onFailure` for a view with a notice: the error becomes its error flash. */
export function flashOnFailure(
  onAuthLost: (message: string) => void,
  setFlash: (flash: Flash) => void,
) {
  return onFailure(onAuthLost, (text) => setFlash({ kind: 'error', text }));
}
