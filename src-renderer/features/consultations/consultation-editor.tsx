// The consultation form (new or edit): reason, vital signs with plausibility messages and live WHO
// z-scores for children under 5, findings, CIE-10 diagnoses, prescriptions, vaccines given, notes
// and an optional referral or teleconsult request. Every change is autosaved as an encrypted
// draft (draft-box.ts); saving writes one atomic, attributed transaction (save-consultation.ts).
import { useEffect, useMemo, useRef, useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organization } from '@medplum/fhirtypes';
import { CONSULTATION_REASONS, VACCINE_SCHEDULE, type Cie10Match } from '../../../src-core/fhir/terminology';
import { systemClock } from '../../../src-core/platform/clock';
import { cryptoIds } from '../../../src-core/platform/ids';
import { failed } from '../../ui/loadable';
import { attributionOf, useSession } from '../../session';
import { useReportConsultationOpen } from './use-report-consultation-open';
import { Cie10Combobox } from './cie10-combobox';
import { Cie10Suggestion } from './cie10-suggestion';
import { blocksSaving, checkConsultation, fieldId, type FormProblem } from './consultation-checks';
import { ChoiceField, InputField, TextAreaField, type FieldMessage } from './consultation-fields';
import {
  parseConsultationForm,
  TELECONSULT_SPECIALTIES,
  VITAL_KEYS,
  type ConsultationForm,
  type DestinationType,
  type ImmunizationEntry,
  type PrescriptionEntry,
  type RequestForm,
  type RequestKind,
  type RequestPriority,
  type VitalKey,
  type PositionChoice,
} from './consultation-form';
import type { SavedConsultation } from './consultation-resources';
import { DraftAutosaver } from './draft-autosave';
import { DraftBox } from './draft-box';
import { GrowthLive } from './growth-live';
import type { PatientFacts } from './patient-facts';
import { saveConsultation } from './save-consultation';
import { formatDateTime } from './format-date-time';
import { VITALS } from './vital-signs';

const UNDER_FIVE_DAYS = 1826;

export interface ConsultationEditorProps {
  readonly patient: PatientFacts;
  readonly initial: ConsultationForm;
  /** The saved consultation being edited (absent for a new one). */
  readonly previous?: SavedConsultation;
  readonly onSaved: (encounterId: string) => void;
  readonly onCancel: () => void;
}

/** What a draft holds: the form and when the consultation began. */
interface DraftValue {
  readonly form: ConsultationForm;
  readonly startedAt: string;
}

function parseDraft(value: unknown): DraftValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { form, startedAt } = value as { form?: unknown; startedAt?: unknown };
  const parsed = parseConsultationForm(form);
  return parsed === undefined || typeof startedAt !== 'string' ? undefined : { form: parsed, startedAt };
}

let keySeq = 0;
const newKey = (): string => `n${String(Date.now())}-${String(++keySeq)}`;

export function ConsultationEditor({ patient, initial, previous, onSaved, onCancel }: ConsultationEditorProps): ReactNode {
  const { t } = useTranslation();
  const session = useSession();
  useReportConsultationOpen();
  const [form, setForm] = useState<ConsultationForm>(initial);
  const [startedAt, setStartedAt] = useState(() => previous?.encounter.period?.start ?? new Date().toISOString());
  const [draftLoaded, setDraftLoaded] = useState(false);
  const [restoredAt, setRestoredAt] = useState<string | undefined>();
  const [draftError, setDraftError] = useState(false);
  const [draftSavedAt, setDraftSavedAt] = useState<Date | undefined>();
  // How many draft writes reached the disk (exposed as data-draft-writes, so a test can wait for one).
  const [draftWrites, setDraftWrites] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>();
  const [organizations, setOrganizations] = useState<readonly Organization[]>([]);
  const dirty = useRef(false);

  const scope = useMemo(
    () => ({ userId: session.user.userId, subject: previous === undefined ? `new/${patient.id}` : `edit/${previous.encounter.id}` }),
    [session.user.userId, previous, patient.id],
  );
  const box = useMemo(() => new DraftBox(session.vaultSession.cipher), [session.vaultSession]);
  const autosaver = useMemo(
    () =>
      new DraftAutosaver({
        box,
        scope,
        now: () => new Date(),
        onError: () => {
          setDraftError(true);
        },
        onSaved: (at) => {
          setDraftError(false);
          setDraftSavedAt(at);
          setDraftWrites((n) => n + 1);
        },
      }),
    [box, scope],
  );

  // Restore a draft left by a crash, a power cut or a reload.
  useEffect(() => {
    let live = true;
    box.load(scope).then(
      (draft) => {
        if (!live) return;
        const value = draft === undefined ? undefined : parseDraft(draft.value);
        if (draft !== undefined && value !== undefined) {
          setForm(value.form);
          setStartedAt(value.startedAt);
          setRestoredAt(draft.savedAt);
        }
        setDraftLoaded(true);
      },
      () => {
        if (!live) return;
        setDraftError(true);
        setDraftLoaded(true);
      },
    );
    return () => {
      live = false;
    };
  }, [box, scope]);

  // Autosave each change (debounced), and at once when the page is hidden or left.
  useEffect(() => {
    if (draftLoaded && dirty.current) autosaver.change({ form, startedAt } satisfies DraftValue);
  }, [autosaver, draftLoaded, form, startedAt]);
  useEffect(() => {
    const flush = (): void => {
      void autosaver.flush();
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [autosaver]);
  useEffect(() => () => {
    box.close();
  }, [box]);

  // Receiving services already on record, offered as suggestions for a referral.
  useEffect(() => {
    let live = true;
    session.store.search('Organization', { _count: '200' }).then(
      (result) => {
        if (live) setOrganizations(result.resources.filter((o) => o.id !== session.post.organizationId && o.name !== undefined));
      },
      () => {
        // Suggestions only: typing the name works without them.
      },
    );
    return () => {
      live = false;
    };
  }, [session.store, session.post.organizationId]);

  const update = (change: (f: ConsultationForm) => ConsultationForm): void => {
    dirty.current = true;
    setForm(change);
  };
  const setVital = (key: VitalKey, value: string): void => {
    update((f) => ({ ...f, vitals: { ...f.vitals, [key]: value } }));
  };
  const setRequest = (change: Partial<RequestForm>): void => {
    update((f) => ({ ...f, request: { ...f.request, ...change } }));
  };

  const ageMonths = patient.age?.totalMonths;
  const ageDays = patient.age?.totalDays;
  const underFive = ageDays !== undefined && ageDays < UNDER_FIVE_DAYS;
  const problems = useMemo(() => checkConsultation(form, ageMonths), [form, ageMonths]);

  const problemText = (p: FormProblem): string => {
    if (p.problem === 'tooManyDecimals') {
      const decimals = Number(p.params?.decimals ?? 0);
      return decimals === 0 ? t('consultationsArea.problems.wholeNumber') : t('consultationsArea.problems.tooManyDecimals', { count: decimals });
    }
    return t(`consultationsArea.problems.${p.problem}`, { ...(p.params ?? {}) });
  };
  // Vital-sign messages show as the nurse types; the rest after a first attempt to save.
  const messageFor = (field: string): FieldMessage | undefined => {
    const found = problems.filter((p) => p.field === field && (submitted || field.startsWith('consulta-signo-')));
    const first = found.find((p) => p.severity === 'error') ?? found[0];
    return first === undefined ? undefined : { severity: first.severity, text: problemText(first) };
  };

  const discardDraft = (): void => {
    if (!window.confirm(t('consultationsArea.draft.discardConfirm'))) return;
    dirty.current = false;
    void autosaver.remove().then(() => {
      autosaver.reopen();
    });
    setForm(initial);
    setRestoredAt(undefined);
    setDraftSavedAt(undefined);
    setSubmitted(false);
  };

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setSubmitted(true);
    setSaveError(undefined);
    if (blocksSaving(problems)) {
      const first = problems.find((p) => p.severity === 'error');
      if (first !== undefined) document.getElementById(first.field)?.focus();
      return;
    }
    setSaving(true);
    const encounterId = previous?.encounter.id ?? cryptoIds.uuid();
    saveConsultation(session.store, {
      form,
      context: {
        patientId: patient.id,
        encounterId,
        practitionerId: session.user.practitionerId,
        organizationId: session.post.organizationId,
        start: startedAt,
        end: new Date().toISOString(),
        ...(ageDays === undefined ? {} : { ageInDays: ageDays }),
        ids: cryptoIds,
        ...(previous === undefined ? {} : { previous }),
      },
      attribution: attributionOf(session.user, session.post),
      ids: cryptoIds,
      clock: systemClock,
    })
      .then(async (id) => {
        dirty.current = false;
        await autosaver.remove();
        onSaved(id);
      })
      .catch((err: unknown) => {
        const detail = failed(err).detail;
        setSaveError(detail);
        setSaving(false);
      });
  };

  const hasWarnings = problems.some((p) => p.severity === 'warning');
  const errorsShown = submitted && blocksSaving(problems);

  const vitalField = (key: VitalKey): ReactNode => (
    <InputField
      key={key}
      id={fieldId.vital(key)}
      label={t(`consultationsArea.vitals.${key}.label`)}
      hint={t(`consultationsArea.vitals.${key}.hint`)}
      value={form.vitals[key]}
      onChange={(v) => {
        setVital(key, v);
      }}
      inputMode={VITALS[key].decimals === 0 ? 'numeric' : 'decimal'}
      message={messageFor(fieldId.vital(key))}
    />
  );

  const addDiagnosis = (match: Cie10Match): void => {
    update((f) => (f.diagnoses.some((d) => d.code === match.code) ? f : { ...f, diagnoses: [...f.diagnoses, { key: newKey(), code: match.code, display: match.display }] }));
  };

  const setPrescription = (key: string, change: Partial<PrescriptionEntry>): void => {
    update((f) => ({ ...f, prescriptions: f.prescriptions.map((p) => (p.key === key ? { ...p, ...change } : p)) }));
  };
  const setImmunization = (key: string, change: Partial<ImmunizationEntry>): void => {
    update((f) => ({ ...f, immunizations: f.immunizations.map((p) => (p.key === key ? { ...p, ...change } : p)) }));
  };

  return (
    <form className="form consultation-form" noValidate onSubmit={onSubmit} aria-busy={saving}>
      {restoredAt === undefined ? null : (
        <div className="notice consultation-draft-notice" role="status">
          <p>{t('consultationsArea.draft.restored', { when: formatDateTime(restoredAt) })}</p>
          <button type="button" className="button button-secondary" onClick={discardDraft}>
            {t('consultationsArea.draft.discard')}
          </button>
        </div>
      )}
      {draftError ? (
        <p className="notice notice-error" role="alert">
          {t('consultationsArea.draft.saveError')}
        </p>
      ) : null}

      <fieldset>
        <legend>{t('consultationsArea.sections.reason')}</legend>
        <div className="field-row">
          <ChoiceField
            id={fieldId.reason}
            label={t('consultationsArea.fields.reason')}
            value={form.reasonCode}
            placeholder={t('consultationsArea.fields.reasonPlaceholder')}
            options={CONSULTATION_REASONS.map((r) => ({ value: r.code, label: r.name }))}
            onChange={(v) => {
              update((f) => ({ ...f, reasonCode: v }));
            }}
            message={messageFor(fieldId.reason)}
          />
          <InputField
            id={fieldId.reasonText}
            label={t('consultationsArea.fields.reasonText')}
            hint={t('consultationsArea.fields.reasonTextHint')}
            value={form.reasonText}
            onChange={(v) => {
              update((f) => ({ ...f, reasonText: v }));
            }}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('consultationsArea.sections.vitals')}</legend>
        <div className="vitals-grid">
          {vitalField('weightKg')}
          {vitalField('heightCm')}
          <ChoiceField
            id="consulta-posicion"
            label={t('consultationsArea.fields.position')}
            value={form.position}
            options={[
              { value: '', label: t('consultationsArea.fields.positionAuto') },
              { value: 'recumbent', label: t('consultationsArea.fields.positionRecumbent') },
              { value: 'standing', label: t('consultationsArea.fields.positionStanding') },
            ]}
            onChange={(v) => {
              update((f) => ({ ...f, position: v as PositionChoice }));
            }}
          />
          {VITAL_KEYS.filter((k) => k !== 'weightKg' && k !== 'heightCm' && (underFive || VITALS[k].underFiveOnly !== true)).map(vitalField)}
        </div>
        {underFive && patient.sex !== undefined ? (
          <GrowthLive sex={patient.sex} ageInDays={ageDays} weight={form.vitals.weightKg} height={form.vitals.heightCm} position={form.position} />
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{t('consultationsArea.sections.findings')}</legend>
        <TextAreaField
          id="consulta-hallazgos"
          label={t('consultationsArea.fields.findings')}
          hint={t('consultationsArea.fields.findingsHint')}
          value={form.findings}
          onChange={(v) => {
            update((f) => ({ ...f, findings: v }));
          }}
        />
      </fieldset>

      <fieldset>
        <legend>{t('consultationsArea.sections.diagnoses')}</legend>
        <Cie10Combobox id={fieldId.diagnosisSearch} onPick={addDiagnosis} message={messageFor(fieldId.diagnosisSearch)} />
        <Cie10Suggestion reasonCode={form.reasonCode} chosen={form.diagnoses.map((d) => d.code)} onPick={addDiagnosis} />
        {form.diagnoses.length === 0 ? (
          <p className="hint">{t('consultationsArea.diagnoses.none')}</p>
        ) : (
          <ul className="plain-list consultation-diagnoses" aria-label={t('consultationsArea.sections.diagnoses')}>
            {form.diagnoses.map((d) => (
              <li key={d.key}>
                <span className="cie10-code">{d.code}</span> {d.display}{' '}
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t('consultationsArea.diagnoses.remove', { code: d.code, display: d.display })}
                  onClick={() => {
                    update((f) => ({ ...f, diagnoses: f.diagnoses.filter((x) => x.key !== d.key) }));
                  }}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('consultationsArea.sections.prescriptions')}</legend>
        {form.prescriptions.length === 0 ? <p className="hint">{t('consultationsArea.prescriptions.none')}</p> : null}
        {form.prescriptions.map((rx, i) => (
          <fieldset key={rx.key} className="consultation-item">
            <legend>{t('consultationsArea.prescriptions.item', { n: i + 1 })}</legend>
            <div className="field-row">
              <InputField
                id={fieldId.medication(rx.key)}
                label={t('consultationsArea.prescriptions.medication')}
                hint={t('consultationsArea.prescriptions.medicationHint')}
                value={rx.medication}
                onChange={(v) => {
                  setPrescription(rx.key, { medication: v });
                }}
                message={messageFor(fieldId.medication(rx.key))}
              />
              <InputField
                id={fieldId.dose(rx.key)}
                label={t('consultationsArea.prescriptions.dose')}
                hint={t('consultationsArea.prescriptions.doseHint')}
                value={rx.dose}
                onChange={(v) => {
                  setPrescription(rx.key, { dose: v });
                }}
                message={messageFor(fieldId.dose(rx.key))}
              />
            </div>
            <div className="field-row">
              <InputField
                id={fieldId.frequency(rx.key)}
                label={t('consultationsArea.prescriptions.frequency')}
                hint={t('consultationsArea.prescriptions.frequencyHint')}
                value={rx.frequency}
                onChange={(v) => {
                  setPrescription(rx.key, { frequency: v });
                }}
                message={messageFor(fieldId.frequency(rx.key))}
              />
              <InputField
                id={fieldId.duration(rx.key)}
                label={t('consultationsArea.prescriptions.duration')}
                hint={t('consultationsArea.prescriptions.durationHint')}
                value={rx.duration}
                onChange={(v) => {
                  setPrescription(rx.key, { duration: v });
                }}
              />
            </div>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                update((f) => ({ ...f, prescriptions: f.prescriptions.filter((x) => x.key !== rx.key) }));
              }}
            >
              {t('consultationsArea.prescriptions.remove', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            const key = newKey();
            update((f) => ({ ...f, prescriptions: [...f.prescriptions, { key, medication: '', dose: '', frequency: '', duration: '' }] }));
            requestAnimationFrame(() => document.getElementById(fieldId.medication(key))?.focus());
          }}
        >
          {t('consultationsArea.prescriptions.add')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('consultationsArea.sections.immunizations')}</legend>
        {form.immunizations.length === 0 ? <p className="hint">{t('consultationsArea.immunizations.none')}</p> : null}
        {form.immunizations.map((vx, i) => (
          <fieldset key={vx.key} className="consultation-item">
            <legend>{t('consultationsArea.immunizations.item', { n: i + 1 })}</legend>
            <div className="field-row">
              <ChoiceField
                id={fieldId.vaccine(vx.key)}
                label={t('consultationsArea.immunizations.vaccine')}
                placeholder={t('consultationsArea.immunizations.vaccinePlaceholder')}
                value={vx.vaccineCode}
                options={VACCINE_SCHEDULE.vaccines.map((v) => ({ value: v.code, label: v.name }))}
                onChange={(v) => {
                  setImmunization(vx.key, { vaccineCode: v });
                }}
                message={messageFor(fieldId.vaccine(vx.key))}
              />
              <InputField
                id={fieldId.doseNumber(vx.key)}
                label={t('consultationsArea.immunizations.doseNumber')}
                hint={t('consultationsArea.immunizations.doseNumberHint')}
                inputMode="numeric"
                value={vx.doseNumber}
                onChange={(v) => {
                  setImmunization(vx.key, { doseNumber: v });
                }}
                message={messageFor(fieldId.doseNumber(vx.key))}
              />
              <InputField
                id={fieldId.lot(vx.key)}
                label={t('consultationsArea.immunizations.lot')}
                hint={t('consultationsArea.immunizations.lotHint')}
                value={vx.lotNumber}
                onChange={(v) => {
                  setImmunization(vx.key, { lotNumber: v });
                }}
              />
            </div>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                update((f) => ({ ...f, immunizations: f.immunizations.filter((x) => x.key !== vx.key) }));
              }}
            >
              {t('consultationsArea.immunizations.remove', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            const key = newKey();
            update((f) => ({ ...f, immunizations: [...f.immunizations, { key, vaccineCode: '', doseNumber: '', lotNumber: '' }] }));
            requestAnimationFrame(() => document.getElementById(fieldId.vaccine(key))?.focus());
          }}
        >
          {t('consultationsArea.immunizations.add')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('consultationsArea.sections.notes')}</legend>
        <TextAreaField
          id="consulta-notas"
          label={t('consultationsArea.fields.notes')}
          hint={t('consultationsArea.fields.notesHint')}
          value={form.notes}
          onChange={(v) => {
            update((f) => ({ ...f, notes: v }));
          }}
        />
      </fieldset>

      <fieldset>
        <legend>{t('consultationsArea.sections.request')}</legend>
        <ChoiceField
          id={fieldId.requestKind}
          label={t('consultationsArea.request.kind')}
          value={form.request.kind}
          options={(['none', 'referral', 'teleconsult'] as const).map((k) => ({ value: k, label: t(`consultationsArea.request.${k}`) }))}
          onChange={(v) => {
            setRequest({ kind: v as RequestKind });
          }}
        />
        {form.request.kind === 'referral' ? (
          <div className="field-row">
            <ChoiceField
              id={fieldId.destinationType}
              label={t('consultationsArea.request.destinationType')}
              value={form.request.destinationType}
              options={(['hospital', 'centro-salud'] as const).map((k) => ({ value: k, label: t(`consultationsArea.request.destinationTypes.${k}`) }))}
              onChange={(v) => {
                setRequest({ destinationType: v as DestinationType });
              }}
            />
            <InputField
              id={fieldId.destinationName}
              label={t('consultationsArea.request.destinationName')}
              hint={t('consultationsArea.request.destinationNameHint')}
              value={form.request.destinationName}
              list="consulta-destinos"
              onChange={(v) => {
                const known = organizations.find((o) => (o.name ?? '').trim().toLowerCase() === v.trim().toLowerCase());
                update((f) => {
                  const request: RequestForm = { ...f.request, destinationName: v };
                  // A name of a service on record links to it; any other name is a new service.
                  if (known?.id === undefined) delete (request as { destinationId?: string }).destinationId;
                  else (request as { destinationId?: string }).destinationId = known.id;
                  return { ...f, request };
                });
              }}
              message={messageFor(fieldId.destinationName)}
            />
            <datalist id="consulta-destinos">
              {organizations.map((o) => (
                <option key={o.id} value={o.name} />
              ))}
            </datalist>
          </div>
        ) : null}
        {form.request.kind === 'teleconsult' ? (
          <ChoiceField
            id={fieldId.specialty}
            label={t('consultationsArea.request.specialty')}
            placeholder={t('consultationsArea.request.specialtyPlaceholder')}
            value={form.request.specialty}
            options={TELECONSULT_SPECIALTIES.map((s) => ({ value: s.code, label: t(`consultationsArea.request.specialties.${s.code}`) }))}
            onChange={(v) => {
              setRequest({ specialty: v });
            }}
            message={messageFor(fieldId.specialty)}
          />
        ) : null}
        {form.request.kind === 'none' ? null : (
          <>
            <ChoiceField
              id={fieldId.priority}
              label={t('consultationsArea.request.priority')}
              value={form.request.priority}
              options={(['routine', 'urgent'] as const).map((k) => ({ value: k, label: t(`consultationsArea.request.priorities.${k}`) }))}
              onChange={(v) => {
                setRequest({ priority: v as RequestPriority });
              }}
            />
            <TextAreaField
              id={fieldId.requestReason}
              label={t(form.request.kind === 'referral' ? 'consultationsArea.request.reasonReferral' : 'consultationsArea.request.reasonTeleconsult')}
              hint={t('consultationsArea.request.reasonHint')}
              value={form.request.reason}
              onChange={(v) => {
                setRequest({ reason: v });
              }}
              message={messageFor(fieldId.requestReason)}
            />
          </>
        )}
      </fieldset>

      {errorsShown ? (
        <p className="notice notice-error" role="alert">
          {t('consultationsArea.save.blocked')}
        </p>
      ) : hasWarnings ? (
        <p className="notice consultation-warning" role="status">
          {t('consultationsArea.save.warnings')}
        </p>
      ) : null}
      {saveError === undefined ? null : (
        <div className="notice notice-error" role="alert">
          <p>{t('consultationsArea.save.failed')}</p>
          <p>
            {t('consultationsArea.technicalDetail')}: <code>{saveError}</code>
          </p>
        </div>
      )}
      <p className="hint consultation-draft-status" role="status" data-draft-writes={draftWrites}>
        {draftSavedAt === undefined ? '' : t('consultationsArea.draft.savedAt', { when: formatDateTime(draftSavedAt.toISOString()) })}
      </p>
      <div className="actions">
        <button type="submit" className="button" disabled={saving || !draftLoaded}>
          {saving ? t('consultationsArea.actions.saving') : previous === undefined ? t('consultationsArea.actions.save') : t('consultationsArea.actions.saveChanges')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('consultationsArea.actions.cancel')}
        </button>
      </div>
    </form>
  );
}
