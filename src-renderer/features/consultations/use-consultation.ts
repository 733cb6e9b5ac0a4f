// A saved consultation with what its screens show beside it: the patient, who attended, and the
// Encounter's versions (each edit is one).
import type { Organization, Patient, Practitioner } from '@medplum/fhirtypes';
import type { HistoryEntry } from '../../../src-core/store';
import type { Loadable } from '../../ui/loadable';
import { useSession } from '../../session';
import type { ConsultationForm } from './consultation-form';
import { formOfConsultation, loadConsultation } from './consultation-record';
import type { SavedConsultation } from './consultation-resources';
import { patientFacts, type PatientFacts } from './patient-facts';
import { useLoadable } from './use-loadable';

export interface ConsultationData {
  readonly saved: SavedConsultation;
  readonly form: ConsultationForm;
  readonly organizations: ReadonlyMap<string, Organization>;
  readonly patient: PatientFacts;
  /** Name of the practitioner who attended (the Encounter's participant), when on this PC. */
  readonly attendedBy?: string;
  readonly versions: readonly HistoryEntry[];
}

const practitionerName = (p: Practitioner): string => {
  const name = p.name?.[0];
  return [...(name?.given ?? []), name?.family ?? ''].join(' ').trim();
};

/** `reload` is any value that changes when the consultation should be read again (after an edit). */
export function useConsultation(encounterId: string, reload: number): Loadable<ConsultationData> {
  const { store } = useSession();
  return useLoadable(async () => {
    const loaded = await loadConsultation(store, encounterId);
    const patient = (await store.read('Patient', loaded.patientId)) as Patient & { id: string };
    const participant = loaded.saved.encounter.participant?.[0]?.individual?.reference ?? '';
    let attendedBy: string | undefined;
    if (participant.startsWith('Practitioner/')) {
      try {
        attendedBy = practitionerName(await store.read('Practitioner', participant.slice('Practitioner/'.length)));
      } catch {
        attendedBy = undefined;
      }
    }
    const versions = await store.history('Encounter', encounterId);
    return {
      saved: loaded.saved,
      form: formOfConsultation(loaded.saved, loaded.organizations),
      organizations: loaded.organizations,
      patient: patientFacts(patient, new Date(loaded.saved.encounter.period?.start ?? Date.now())),
      ...(attendedBy === undefined || attendedBy === '' ? {} : { attendedBy }),
      versions,
    };
  }, [store, encounterId, reload]);
}
