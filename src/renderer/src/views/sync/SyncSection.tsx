import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { call, messageOf } from '../../api/client';
import { sayIn } from '../../../../shared/person-facing-error';
import type { SyncDeviceView, SyncNotice, SyncView } from '../../../../shared/ipc';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useRichT, useT } from '../../i18n';
import { SyncCodeDialog } from './SyncCodeDialog';
import './sync.css';

/**
 * A notice from main, said in the window's language from its words; its data (files, computer and
 * account names) isolated and left untranslated. Notices kept from before words existed keep
 * their English.
 */
function NoticeText({ notice }: { notice: SyncNotice }): React.ReactNode {
  const intl = useIntl();
  const t = useT();
  const said = notice.words;
  if (said === undefined) return notice.message;
  const values: Record<string, React.ReactNode> = {};
  for (const [key, value] of Object.entries(said.values ?? {}))
    values[key] =
      typeof value === 'string' ? (
        <bdi translate="no">{value}</bdi>
      ) : typeof value === 'number' ? (
        value
      ) : (
        sayIn(t, value)
      );
  return intl.formatMessage({ id: said.id }, values);
}

/**
 * Settings → Sync: choose the folder a sync tool keeps in step (or join with the code another
 * computer shows), then the devices with their last change, "Sync now", and what the last sync
 * kept or refused. The vault, the keys and the sync code stay in the main process; the code is
 * shown only on request.
 */
export function SyncSection(): React.JSX.Element {
  const t = useT();
  const richT = useRichT();
  const intl = useIntl();
  const when = (iso: string | null): string =>
    iso === null
      ? t('settings.sync.never')
      : intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });
  const data = (chunks: React.ReactNode[]): React.ReactNode => <span translate="no">{chunks}</span>;
  const [view, setView] = useState<SyncView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [showCode, setShowCode] = useState(false);
  const [removing, setRemoving] = useState<SyncDeviceView | null>(null);

  useEffect(() => {
    call('sync.status')
      .then(setView)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  const run = (task: () => Promise<SyncView>): void => {
    setBusy(true);
    setError(null);
    task()
      .then(setView)
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  const deviceName = name.trim() === '' ? t('settings.sync.defaultName') : name.trim();

  return (
    <section className="settings__section" aria-labelledby="set-sync">
      <h2 id="set-sync">{t('settings.sync.title')}</h2>
      <p className="settings__hint">{t('settings.sync.about')}</p>
      <FormError message={error} />
      {view === null ? null : !view.configured ? (
        <div className="sync__setup">
          <TextField
            label={t('settings.sync.nameLabel')}
            value={name}
            onChange={setName}
            hint={t('settings.sync.nameHint')}
          />
          <div className="settings__row">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => run(() => call('sync.setup', { name: deviceName }))}
            >
              {t('settings.sync.start')}
            </button>
          </div>
          <TextField
            label={t('settings.sync.codeLabel')}
            value={code}
            onChange={setCode}
            code
            multiline
            hint={t('settings.sync.codeHint')}
          />
          <div className="settings__row">
            <button
              type="button"
              className="button"
              disabled={busy || code.trim() === ''}
              onClick={() => run(() => call('sync.join', { code, name: deviceName }))}
            >
              {t('settings.sync.join')}
            </button>
          </div>
        </div>
      ) : (
        <div className="sync__on">
          <p role="status" aria-live="polite">
            {richT('settings.sync.status', {
              device: view.device,
              folder: view.folder,
              lastSync: when(view.lastSync),
              b: (chunks) => <strong translate="no">{chunks}</strong>,
              path: (chunks) => (
                <span translate="no" dir="ltr">
                  {chunks}
                </span>
              ),
            })}
          </p>
          <div className="settings__row">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => run(() => call('sync.now'))}
            >
              {busy ? t('settings.sync.syncing') : t('settings.sync.now')}
            </button>
            <button type="button" className="button" onClick={() => setShowCode(true)}>
              {t('settings.sync.showCode')}
            </button>
          </div>
          {view.conflicts.length > 0 ? (
            <div className="sync__notices" role="alert">
              <ul>
                {view.conflicts.map((notice, index) => (
                  <li key={index}>
                    <NoticeText notice={notice} />
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="button"
                onClick={() => run(() => call('sync.dismissConflicts'))}
              >
                {t('settings.sync.dismiss')}
              </button>
            </div>
          ) : null}
          <table className="sync__devices" aria-label={t('settings.sync.devices')}>
            <thead>
              <tr>
                <th scope="col">{t('settings.sync.device')}</th>
                <th scope="col">{t('settings.sync.lastChange')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('settings.sync.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.devices.map((device) => (
                <tr key={device.id}>
                  <td>
                    {device.self ? (
                      richT('settings.sync.thisComputer', { name: device.name, data })
                    ) : (
                      <span translate="no">{device.name}</span>
                    )}
                  </td>
                  <td>{when(device.lastChange)}</td>
                  <td>
                    {device.self ? null : removing?.id === device.id ? (
                      <>
                        <button
                          type="button"
                          className="button button--danger"
                          disabled={busy}
                          onClick={() => {
                            setRemoving(null);
                            run(() => call('sync.removeDevice', { id: device.id }));
                          }}
                        >
                          {t('settings.sync.removeDevice', { name: device.name })}
                        </button>{' '}
                        <button type="button" className="button" onClick={() => setRemoving(null)}>
                          {t('settings.sync.keep')}
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="button"
                        aria-label={t('settings.sync.removeDevice', { name: device.name })}
                        onClick={() => setRemoving(device)}
                      >
                        {t('common.action.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {removing ? (
            <p className="settings__hint">
              {richT('settings.sync.removeWarning', { name: removing.name, data })}
            </p>
          ) : null}
          {view.notices.length > 0 ? (
            <div className="sync__notices">
              <h3>{t('settings.sync.noticesTitle')}</h3>
              <ul aria-label={t('settings.sync.noticesLabel')}>
                {view.notices.map((notice, index) => (
                  <li key={index}>
                    <NoticeText notice={notice} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      )}
      {showCode ? <SyncCodeDialog onClose={() => setShowCode(false)} /> : null}
    </section>
  );
}
