// Loads one patient's chart: the patient and its compartment in one store call
// (everythingForPatient: a compartment index lookup, not one search per resource type), the WHO
// tables only for a child under five (a separate chunk, fetched on first use), then the pure model.
import { useEffect, useState } from 'react';
import { loadWhoGrowthTables } from '../../../src-core/clinical/growth/load-who-growth-tables';
import { toOutcome } from '../../../src-core/fhir/outcome';
import { VACCINE_SCHEDULE } from '../../../src-core/fhir/terminology/vaccine-schedule';
import { useSession } from '../../session';
import { failed, type Loadable } from '../../ui/loadable';
import { buildChartModel, needsGrowthTables, type ChartModel } from './chart-model';
import { localDay } from './chart-format';
import { nationalSchedule } from './national-schedule';

export type ChartState = Loadable<ChartModel> | { readonly status: 'not-found' };

const SCHEDULE = nationalSchedule(VACCINE_SCHEDULE);
/** Store answers that mean "no such patient here" (a bad id in the address is the same to a nurse). */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['not-found', 'deleted', 'invalid']);

export function useChart(patientId: string): ChartState {
  const { store } = useSession();
  // The state is kept with the id it belongs to, so a new id reads as loading at once.
  const [result, setResult] = useState<{ readonly patientId: string; readonly state: ChartState } | undefined>(undefined);
  useEffect(() => {
    let current = true;
    const load = async (): Promise<ChartState> => {
      const today = localDay(new Date());
      const resources = await store.everythingForPatient(patientId);
      const growthTables = needsGrowthTables(resources, patientId, today) ? await loadWhoGrowthTables() : undefined;
      const model = buildChartModel({ resources, patientId, today, schedule: SCHEDULE, ...(growthTables === undefined ? {} : { growthTables }) });
      return model === undefined ? { status: 'not-found' } : { status: 'ready', value: model };
    };
    load().then(
      (next) => {
        if (current) setResult({ patientId, state: next });
      },
      (err: unknown) => {
        if (!current) return;
        const code = toOutcome(err).issue[0]?.code;
        setResult({ patientId, state: code !== undefined && NOT_FOUND_CODES.has(code) ? { status: 'not-found' } : failed(err) });
      },
    );
    return () => {
      current = false;
    };
  }, [store, patientId]);
  return result?.patientId === patientId ? result.state : { status: 'loading' };
}
