import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../src-core/ipc';
import type { Platform } from '../../platform/platform';
import { failed, ready, type Loadable } from '../../ui/loadable';

export function useAppInfo(platform: Platform): Loadable<AppInfo> {
  const [info, setInfo] = useState<Loadable<AppInfo>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    platform.getAppInfo().then(
      (value) => {
        if (current) setInfo(ready(value));
      },
      (err: unknown) => {
        if (current) setInfo(failed(err));
      },
    );
    return () => {
      current = false;
    };
  }, [platform]);
  return info;
}
