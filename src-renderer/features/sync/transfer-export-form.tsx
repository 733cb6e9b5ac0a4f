// Offline transfer, export side: the pending changes sealed under a password (typed twice) into a
// file the browser downloads, for a USB drive. The file is made in the sync worker
// (transfer-file.ts: PBKDF2 + AES-GCM); importing it is the admin tool's job, not this page's.
import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_SEALED_PASSWORD_LENGTH } from '../../../src-core/files/sealed-file';
import type { TransferExport } from '../../sync-worker';
import { fileStamp, formatCount } from './sync-format';
import { outcomeText } from './use-sync';

type FormState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly file: string; readonly changes: number }
  | { readonly kind: 'invalid'; readonly field: 'password' | 'repeat'; readonly text: string }
  | { readonly kind: 'failed'; readonly text: string };

/** Hands the bytes to the browser as a download (an object URL, revoked once the click is done). */
function download(bytes: Uint8Array<ArrayBuffer>, file: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}

export interface TransferExportFormProps {
  readonly pending: number | undefined;
  /** The post's code, for the file name. */
  readonly postCode: string;
  readonly onExport: (password: string) => Promise<TransferExport>;
}

export function TransferExportForm({ pending, postCode, onExport }: TransferExportFormProps): ReactNode {
  const { t } = useTranslation();
  const headingId = useId();
  const passwordId = useId();
  const repeatId = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [state, setState] = useState<FormState>({ kind: 'idle' });
  const min = MIN_SEALED_PASSWORD_LENGTH;

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (state.kind === 'busy') return;
    if (Array.from(password).length < min) {
      setState({ kind: 'invalid', field: 'password', text: t('sync.exportTooShort', { min }) });
      return;
    }
    if (password !== repeat) {
      setState({ kind: 'invalid', field: 'repeat', text: t('sync.exportMismatch') });
      return;
    }
    setState({ kind: 'busy' });
    onExport(password).then(
      (made) => {
        const file = `ceiba-transferencia-${postCode === '' ? 'puesto' : postCode}-${fileStamp(new Date(made.created))}.ceiba`;
        download(made.bytes, file);
        setPassword('');
        setRepeat('');
        setState({ kind: 'done', file, changes: made.changes });
      },
      (err: unknown) => {
        setState({ kind: 'failed', text: outcomeText(err, t('sync.exportFailed')) });
      },
    );
  };

  const nothing = pending === 0;
  const errorFor = (field: 'password' | 'repeat'): string | undefined => (state.kind === 'invalid' && state.field === field ? state.text : undefined);
  const field = (id: string, name: 'password' | 'repeat', label: string, value: string, set: (v: string) => void, hint?: string): ReactNode => {
    const error = errorFor(name);
    const describedBy = [hint === undefined ? undefined : `${id}-hint`, error === undefined ? undefined : `${id}-error`].filter((x) => x !== undefined).join(' ');
    return (
      <div className={error === undefined ? 'field' : 'field field-invalid'}>
        <label htmlFor={id}>{label}</label>
        {hint !== undefined && (
          <span id={`${id}-hint`} className="hint">
            {hint}
          </span>
        )}
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(e) => {
            set(e.target.value);
          }}
          {...(describedBy === '' ? {} : { 'aria-describedby': describedBy })}
          {...(error === undefined ? {} : { 'aria-invalid': true })}
        />
        {error !== undefined && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sync.exportHeading')}</h2>
      <p>{t('sync.exportIntro')}</p>
      {nothing ? (
        <p className="notice">{t('sync.exportNothing')}</p>
      ) : (
        <form className="form form-narrow" onSubmit={submit} noValidate>
          {field(passwordId, 'password', t('sync.exportPassword'), password, setPassword, t('sync.exportPasswordHint', { min }))}
          {field(repeatId, 'repeat', t('sync.exportRepeat'), repeat, setRepeat)}
          <p className="actions">
            <button type="submit" className="button" aria-disabled={state.kind === 'busy'}>
              {state.kind === 'busy' ? t('sync.exporting') : t('sync.exportButton')}
            </button>
          </p>
        </form>
      )}
      <div role="status">
        {state.kind === 'done' && <p className="notice">{t('sync.exportDone', { file: state.file, changes: formatCount(state.changes) })}</p>}
      </div>
      {state.kind === 'failed' && (
        <p className="field-error" role="alert">
          {state.text}
        </p>
      )}
    </section>
  );
}
