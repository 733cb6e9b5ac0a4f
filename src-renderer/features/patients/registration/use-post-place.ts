// Where the health post is (its Location's INE department and municipality): most people a post
// registers live in its municipality, so the form starts there. `onFound` is called once, when
// the Location has been read; it should be stable (useCallback).
import { useEffect } from 'react';
import type { FhirStore } from '../../../../src-core/store';
import { patientsLog } from '../patients-log';

export interface Place {
  readonly department: string;
  readonly municipality: string;
}

export function usePostPlace(store: Pick<FhirStore, 'read'>, locationId: string, onFound: (place: Place) => void): void {
  useEffect(() => {
    let current = true;
    store.read('Location', locationId).then(
      (location) => {
        const { state, district } = location.address ?? {};
        if (current && state !== undefined && district !== undefined) onFound({ department: state, municipality: district });
      },
      () => {
        // Only a convenience: the form works without it.
        patientsLog.info('post location not readable; the form starts without a municipality');
      },
    );
    return () => {
      current = false;
    };
  }, [store, locationId, onFound]);
}
