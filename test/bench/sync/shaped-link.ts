// The rural link of the upload figure: the fault proxy in front of the central server, shaped to
// 256 kbit/s each way with 150 ms latency each way (300 ms round trip, as the call benchmark's
// rural link), counting every byte that crosses it in either direction (HTTP heads and bodies as
// sent, so gzip counts as gzip). The physical limit for a transfer is those bytes at the link rate.
import type { FaultProxy, LinkShape } from '../../harness/fault-proxy';
import { startFaultProxy } from '../../harness/fault-proxy';

export const LINK_BITS_PER_SECOND = 256_000;
export const ONE_WAY_LATENCY_MS = 150;

export const RURAL_LINK: LinkShape = {
  latencyMs: { toServer: ONE_WAY_LATENCY_MS, toClient: ONE_WAY_LATENCY_MS },
  bytesPerSecond: { toServer: LINK_BITS_PER_SECOND / 8, toClient: LINK_BITS_PER_SECOND / 8 },
};

export interface ShapedTransfer<T> {
  readonly result: T;
  readonly seconds: number;
  /** Request plus response bytes that crossed the link. */
  readonly wireBytes: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly requests: number;
  readonly connections: number;
  /** wireBytes at the link rate: no transfer of these bytes can take less. */
  readonly wireLimitSeconds: number;
}

/** Runs `work` against the proxy's base URL and measures it. */
export async function overRuralLink<T>(targetBaseUrl: string, work: (baseUrl: string) => Promise<T>): Promise<ShapedTransfer<T>> {
  const proxy: FaultProxy = await startFaultProxy({ target: targetBaseUrl, link: RURAL_LINK });
  try {
    const start = performance.now();
    const result = await work(proxy.baseUrl);
    const seconds = (performance.now() - start) / 1000;
    const { bytesToServer, bytesToClient, requests, connections } = proxy.counters;
    const wireBytes = bytesToServer + bytesToClient;
    return {
      result,
      seconds,
      wireBytes,
      bytesUp: bytesToServer,
      bytesDown: bytesToClient,
      requests,
      connections,
      wireLimitSeconds: (wireBytes * 8) / LINK_BITS_PER_SECOND,
    };
  } finally {
    await proxy.close();
  }
}
