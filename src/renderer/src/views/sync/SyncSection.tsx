import { useEffect, useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { SyncDeviceView, SyncView } from '../../../../shared/ipc';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { SyncCodeDialog } from './SyncCodeDialog';
import '../codes/RevealDialog.css';
import './sync.css';

const when = (iso: string | null): string =>
  iso === null
    ? 'never'
    : new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Settings → Sync: choose the folder a sync tool keeps in step (or join with the code another
 * computer shows), then the devices with their last change, "Sync now", and what the last sync
 * kept or refused. The vault, the keys and the sync code stay in the main process; the code is
 * shown only on request.
 */
export function SyncSection(): React.JSX.Element {
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

  const deviceName = name.trim() === '' ? 'This computer' : name.trim();

  return (
    <section className="settings__section" aria-labelledby="set-sync">
      <h2 id="set-sync">Sync</h2>
      <p className="settings__hint">
        Keep this vault in step with your other computers through a folder your sync tool already shares
        (Syncthing, Nextcloud, Dropbox, a network share). Everything in it is encrypted on this computer.
      </p>
      <FormError message={error} />
      {view === null ? null : !view.configured ? (
        <div className="sync__setup">
          <TextField
            label="This computer's name"
            value={name}
            onChange={setName}
            hint="Shown in the device list."
          />
          <div className="settings__row">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => run(() => call('sync.setup', { name: deviceName }))}
            >
              Choose folder and start syncing
            </button>
          </div>
          <TextField
            label="Sync code from another computer"
            value={code}
            onChange={setCode}
            code
            multiline
            hint="The 12 words Settings → Sync shows there (Show sync code)."
          />
          <div className="settings__row">
            <button
              type="button"
              className="button"
              disabled={busy || code.trim() === ''}
              onClick={() => run(() => call('sync.join', { code, name: deviceName }))}
            >
              Choose folder and join
            </button>
          </div>
        </div>
      ) : (
        <div className="sync__on">
          <p role="status" aria-live="polite">
            Syncing as <strong>{view.device}</strong> through {view.folder}. Last sync: {when(view.lastSync)}.
          </p>
          <div className="settings__row">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => run(() => call('sync.now'))}
            >
              {busy ? 'Syncing…' : 'Sync now'}
            </button>
            <button type="button" className="button" onClick={() => setShowCode(true)}>
              Show sync code
            </button>
          </div>
          {view.conflicts.length > 0 ? (
            <div className="sync__notices" role="alert">
              <ul>
                {view.conflicts.map((notice, index) => (
                  <li key={index}>{notice.message}</li>
                ))}
              </ul>
              <button
                type="button"
                className="button"
                onClick={() => run(() => call('sync.dismissConflicts'))}
              >
                Dismiss
              </button>
            </div>
          ) : null}
          <table className="sync__devices" aria-label="Devices">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Last change</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.devices.map((device) => (
                <tr key={device.id}>
                  <td>{device.self ? `${device.name} (this computer)` : device.name}</td>
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
                          Remove {device.name}
                        </button>{' '}
                        <button type="button" className="button" onClick={() => setRemoving(null)}>
                          Keep
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="button"
                        aria-label={`Remove ${device.name}`}
                        onClick={() => setRemoving(device)}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {removing ? (
            <p className="settings__hint">
              Removing {removing.name} replaces the sync key: your other computers take the new one, and{' '}
              {removing.name} cannot read any later change, even with the folder.
            </p>
          ) : null}
          {view.notices.length > 0 ? (
            <div className="sync__notices">
              <h3>Not used from the folder</h3>
              <ul aria-label="Sync notices">
                {view.notices.map((notice, index) => (
                  <li key={index}>{notice.message}</li>
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
