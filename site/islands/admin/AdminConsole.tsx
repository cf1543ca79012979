/**
 * The moderation console (/admin/): sign-in, the queue, a case, and — for supervisors — second
 * approvals, withdrawals from the board and the audit log. One component per file in this folder;
 * every call goes through the typed client (site/lib/api.ts). Everything citizens wrote is
 * rendered as text (Preact escapes it); nothing here uses innerHTML.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/t.ts';
import { answer, api, setCsrfToken } from '../../lib/api.ts';
import { AdminCase } from './AdminCase.tsx';
import type { Me } from './api-types.ts';
import { AuditView } from './AuditView.tsx';
import { LoginView } from './LoginView.tsx';
import { PendingExposures } from './PendingExposures.tsx';
import { PublishedExposures } from './PublishedExposures.tsx';
import { QueueView } from './QueueView.tsx';

type View =
  { name: 'queue' } | { name: 'case'; id: string } | { name: 'audit' } | { name: 'exposures' };

export default function AdminConsole() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const [view, setView] = useState<View>({ name: 'queue' });
  const [lastOpened, setLastOpened] = useState<string | undefined>();
  const [loginMessage, setLoginMessage] = useState<string | undefined>();
  // The session's CSRF token goes with every call from here on (the server wants it on POSTs).
  const signedIn = (m: Me | null) => {
    setCsrfToken(m?.csrfToken);
    setMe(m);
  };
  useEffect(() => {
    answer(api.admin.me.$get())
      .then(signedIn)
      .catch(() => signedIn(null))
      .finally(() => setChecking(false));
  }, []);

  const authLost = (message: string) => {
    signedIn(null);
    setLoginMessage(message);
  };
  const go = (v: View) => {
    setView(v);
    if (v.name === 'case') setLastOpened(v.id);
  };
  const logout = async () => {
    try {
      await answer(api.admin.logout.$post());
    } catch {
      // Signed out locally either way; the session ends on the server by its timeout at the latest.
    }
    signedIn(null);
    setView({ name: 'queue' });
    setLoginMessage(t('admin.logout.done'));
  };

  if (checking) {
    return (
      <div class="admin">
        <p role="status">{t('admin.loading')}</p>
      </div>
    );
  }
  if (!me) {
    return (
      <div class="admin">
        <LoginView
          message={loginMessage}
          onLogin={(m) => {
            signedIn(m);
            setLoginMessage(undefined);
            setView({ name: 'queue' });
          }}
        />
      </div>
    );
  }
  const supervisor = me.role === 'supervisor';
  const tab = (v: View, label: string) => (
    <button
      type="button"
      class={`btn${view.name === v.name ? ' btn-primary' : ''}`}
      aria-pressed={view.name === v.name}
      onClick={() => go(v)}
    >
      {label}
    </button>
  );
  return (
    <div class="admin">
      <div class="admin-bar">
        <p>{t('admin.signedIn', { user: me.username, role: t(`admin.role.${me.role}`) })}</p>
        <nav class="admin-tabs" aria-label={t('admin.tabs.label')}>
          {tab({ name: 'queue' }, t('admin.tabs.queue'))}
          {supervisor && tab({ name: 'exposures' }, t('admin.tabs.exposures'))}
          {supervisor && tab({ name: 'audit' }, t('admin.tabs.audit'))}
          <button type="button" class="btn" onClick={() => void logout()}>
            {t('admin.logout')}
          </button>
        </nav>
      </div>
      {view.name === 'queue' && (
        <QueueView
          onOpen={(id) => go({ name: 'case', id })}
          onAuthLost={authLost}
          lastOpened={lastOpened}
        />
      )}
      {view.name === 'case' && (
        <AdminCase
          key={view.id}
          id={view.id}
          me={me}
          onBack={() => go({ name: 'queue' })}
          onOpen={(id) => go({ name: 'case', id })}
          onAuthLost={authLost}
        />
      )}
      {view.name === 'audit' && supervisor && <AuditView onAuthLost={authLost} />}
      {view.name === 'exposures' && supervisor && (
        <>
          <PendingExposures me={me} onAuthLost={authLost} />
          <PublishedExposures onAuthLost={authLost} />
        </>
      )}
    </div>
  );
}
