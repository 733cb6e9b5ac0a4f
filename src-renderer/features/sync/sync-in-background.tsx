// Starts the session's sync worker as soon as someone signs in, so automatic runs (on start, on
// reconnect, every 15 minutes) happen whichever screen is open. Renders nothing. Meant to be
// mounted once inside the signed-in part of the app (the session gate); until it is, the worker
// starts the first time the sync page opens.
import type { ReactNode } from 'react';
import { useSyncConnection } from './use-sync';

export function SyncInBackground(): ReactNode {
  useSyncConnection();
  return null;
}
