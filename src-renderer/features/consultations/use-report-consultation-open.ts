// While a consultation is being written, the shell is told so: desktop updates wait for the end
// of it (src-core/updates). Calls are not built yet, so `inCall` is reported as false.
import { useEffect } from 'react';
import { usePlatform } from '../../platform/platform-context';

export function useReportConsultationOpen(): void {
  const platform = usePlatform();
  useEffect(() => {
    platform.reportActivity({ inCall: false, consultationOpen: true });
    return () => {
      platform.reportActivity({ inCall: false, consultationOpen: false });
    };
  }, [platform]);
}
