import type { Resource } from '@medplum/fhirtypes';
import { useEffect, useState } from 'react';
import { loadWhoGrowthTables, type WhoGrowthTables } from '../../../src-core/clinical';
import { useSession } from '../../session';
import { failed, ready, type Loadable } from '../../ui/loadable';
import { loadReportResources } from './load-report-resources';

export interface ReportData {
  readonly resources: readonly Resource[];
  readonly growthTables: WhoGrowthTables;
}

/** The store's resources the report counts, and the WHO growth tables, read once per visit. */
export function useReportData(): Loadable<ReportData> {
  const { store } = useSession();
  const [data, setData] = useState<Loadable<ReportData>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    Promise.all([loadReportResources(store), loadWhoGrowthTables()]).then(
      ([resources, growthTables]) => {
        if (live) setData(ready({ resources, growthTables }));
      },
      (err: unknown) => {
        if (live) setData(failed(err));
      },
    );
    return () => {
      live = false;
    };
  }, [store]);
  return data;
}
