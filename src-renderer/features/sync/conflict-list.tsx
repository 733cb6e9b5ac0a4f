// Conflicts a person resolves: each shows the record, the data edited on both sides, and three
// ways out — keep this PC's version, keep the server's, or choose data by data (a radio group per
// conflicting path showing both values). Resolving writes a normal local change; the next run
// uploads it.
import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncConflict } from '../../../src-core/store';
import type { ConflictChoice } from '../../../src-core/sync';
import { resourceTitle, valueAt, type SideValue } from './conflict-values';
import { useResourceNames } from './resource-names';
import { formatDateTime } from './sync-format';
import { outcomeText } from './use-sync';

type Side = 'local' | 'remote';

function useSideText(): (value: SideValue) => string {
  const { t } = useTranslation();
  return (value) => {
    switch (value.kind) {
      case 'deleted':
        return t('sync.deleted');
      case 'absent':
        return t('sync.absent');
      case 'value':
        return value.text;
    }
  };
}

function FieldChooser({
  conflict,
  describedBy,
  onSave,
  onCancel,
}: {
  conflict: SyncConflict;
  describedBy: string;
  onSave: (fields: Record<string, Side>) => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const names = useResourceNames();
  const sideText = useSideText();
  const baseId = useId();
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [missing, setMissing] = useState(false);
  const paths = conflict.paths.length > 0 ? conflict.paths : [conflict.resourceType];
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (paths.some((p) => choices[p] === undefined)) {
      setMissing(true);
      return;
    }
    onSave(choices);
  };
  return (
    <form className="sync-fields" onSubmit={submit} aria-describedby={describedBy} noValidate>
      {paths.map((path, n) => (
        <fieldset key={path}>
          <legend>{names.element(path)}</legend>
          {(['local', 'remote'] as const).map((side) => {
            const id = `${baseId}-${String(n)}-${side}`;
            const value = valueAt(side === 'local' ? conflict.local : conflict.remote, path);
            return (
              <div className="sync-choice" key={side}>
                <input
                  type="radio"
                  id={id}
                  name={`${baseId}-${String(n)}`}
                  checked={choices[path] === side}
                  onChange={() => {
                    setChoices((c) => ({ ...c, [path]: side }));
                  }}
                />
                <label htmlFor={id}>
                  <span className="sync-side">{side === 'local' ? t('sync.mine') : t('sync.server')}</span>
                  <code className="sync-value">{sideText(value)}</code>
                </label>
              </div>
            );
          })}
        </fieldset>
      ))}
      {missing && (
        <p className="field-error" role="alert">
          {t('sync.chooseEvery')}
        </p>
      )}
      <p className="actions sync-buttons">
        <button type="submit" className="button">
          {t('sync.saveFields')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('sync.cancelFields')}
        </button>
      </p>
    </form>
  );
}

function ConflictEntry({ conflict, onResolve }: { conflict: SyncConflict; onResolve: (choice: ConflictChoice) => Promise<void> }): ReactNode {
  const { t } = useTranslation();
  const names = useResourceNames();
  const sideText = useSideText();
  const headingId = useId();
  const [choosing, setChoosing] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'failed'; text: string }>({ kind: 'idle' });
  const title = resourceTitle(conflict.local) ?? resourceTitle(conflict.remote);
  const resolve = (choice: ConflictChoice): void => {
    if (state.kind === 'busy') return;
    setState({ kind: 'busy' });
    onResolve(choice).catch((err: unknown) => {
      setState({ kind: 'failed', text: outcomeText(err, t('sync.actionFailed')) });
    });
  };
  const busy = state.kind === 'busy';
  return (
    <li className="card sync-item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {names.singular(conflict.resourceType)}
        {title === undefined ? '' : `: ${title}`} <span className="hint-inline sync-id">{conflict.id}</span>
      </h3>
      <p className="hint">{t('sync.conflictRecorded', { when: formatDateTime(conflict.recorded) })}</p>
      {!choosing && (
        <>
          <table className="table sync-conflict-table">
            <caption className="sync-label">{t('sync.conflictFields')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sync.field')}</th>
                <th scope="col">{t('sync.mine')}</th>
                <th scope="col">{t('sync.server')}</th>
              </tr>
            </thead>
            <tbody>
              {(conflict.paths.length > 0 ? conflict.paths : [conflict.resourceType]).map((path) => (
                <tr key={path}>
                  <th scope="row">{names.element(path)}</th>
                  <td>
                    <code className="sync-value">{sideText(valueAt(conflict.local, path))}</code>
                  </td>
                  <td>
                    <code className="sync-value">{sideText(valueAt(conflict.remote, path))}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="actions sync-buttons">
            <button type="button" className="button" aria-disabled={busy} aria-describedby={headingId} onClick={() => { resolve('local'); }}>
              {t('sync.keepMine')}
            </button>
            <button type="button" className="button" aria-disabled={busy} aria-describedby={headingId} onClick={() => { resolve('remote'); }}>
              {t('sync.keepServer')}
            </button>
            <button type="button" className="button button-secondary" aria-disabled={busy} aria-describedby={headingId} onClick={() => { setChoosing(true); }}>
              {t('sync.fieldByField')}
            </button>
          </p>
        </>
      )}
      {choosing && (
        <FieldChooser
          conflict={conflict}
          describedBy={headingId}
          onSave={(fields) => {
            resolve({ fields });
          }}
          onCancel={() => {
            setChoosing(false);
          }}
        />
      )}
      {state.kind === 'failed' && (
        <p className="field-error" role="alert">
          {state.text}
        </p>
      )}
    </li>
  );
}

export function ConflictList({
  conflicts,
  onResolve,
}: {
  conflicts: readonly SyncConflict[];
  onResolve: (conflict: SyncConflict, choice: ConflictChoice) => Promise<void>;
}): ReactNode {
  const { t } = useTranslation();
  const headingId = useId();
  const [announcement, setAnnouncement] = useState('');
  const resolve = async (conflict: SyncConflict, choice: ConflictChoice): Promise<void> => {
    setAnnouncement('');
    await onResolve(conflict, choice);
    setAnnouncement(t('sync.resolved'));
  };
  return (
    <section aria-labelledby={headingId} className="sync-section">
      <h2 id={headingId}>{t('sync.conflictsHeading')}</h2>
      <p role="status" className="sync-announcement">
        {announcement}
      </p>
      {conflicts.length === 0 ? (
        <p>{t('sync.conflictsEmpty')}</p>
      ) : (
        <>
          <p>{t('sync.conflictsIntro')}</p>
          <ul className="plain-list">
            {conflicts.map((c) => (
              <ConflictEntry key={`${c.resourceType}/${c.id}`} conflict={c} onResolve={(choice) => resolve(c, choice)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
