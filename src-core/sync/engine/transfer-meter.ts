// Bytes on the wire for progress events. The transport reports them through its `onProgress`
// option, which is fixed when the transport is built, so the meter is created first and handed
// to both:
//   const meter = createTransferMeter();
//   const transport = createFhirTransport({ ..., onProgress: meter.record });
//   const engine = createSyncEngine({ transport, transferMeter: meter, ... });
import type { TransportProgress } from '../transport/http-exchange';

export interface TransferTotals {
  /** Request body bytes sent (after gzip). */
  readonly up: number;
  /** Response bytes read (after inflation). */
  readonly down: number;
}

export interface TransferMeter {
  readonly record: (progress: TransportProgress) => void;
  totals(): TransferTotals;
}

export function createTransferMeter(): TransferMeter {
  let up = 0;
  let down = 0;
  return {
    record: (progress) => {
      if (progress.direction === 'up') up += progress.bytes;
      else down += progress.bytes;
    },
    totals: () => ({ up, down }),
  };
}
