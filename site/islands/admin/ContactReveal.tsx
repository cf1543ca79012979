/** The citizen's contact, shown to a supervisor on request only (the server audits each look). */
import { useState } from 'preact/hooks';
import { t } from '../../i18n/t.ts';
import { answer, api } from '../../lib/api.ts';
import type { CaseDetail } from './api-types.ts';
import { Notice, onFailure } from './Notice.tsx';

export function ContactReveal(props: { detail: CaseDetail; onAuthLost: (m: string) => void }) {
  const [contact, setContact] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<string | undefined>();
  const reveal = async () => {
    try {
      const res = await answer(
        api.admin.tipoffs[':id'].contact.$get({ param: { id: props.detail.id } }),
      );
      setContact(res.contact);
      setError(undefined);
    } catch (err) {
      onFailure(props.onAuthLost, setError)(err);
    }
  };
  return (
    <div>
      {contact ? (
        <dl class="admin-dl" aria-live="polite">
          {(['name', 'phone', 'other'] as const)
            .filter((k) => contact[k])
            .flatMap((k) => [
              <dt key={`${k}-t`}>{t(`admin.contact.${k}`)}</dt>,
              <dd key={`${k}-d`}>{contact[k]}</dd>,
            ])}
        </dl>
      ) : (
        <p>
          <button type="button" class="btn" onClick={() => void reveal()}>
            {t('admin.contact.reveal')}
          </button>{' '}
          <span class="hint">{t('admin.contact.audited')}</span>
        </p>
      )}
      {error && <Notice flash={{ kind: 'error', text: error }} />}
    </div>
  );
}
