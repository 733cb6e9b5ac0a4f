// One simulated post's link to the central server for the convergence property test (issue 5):
// a fault proxy of its own (links fail independently) and a fetch that arms faults per request
// of the next run, by the request's index in that run.
//   reset-before        the proxy cuts the connection before the request reaches the server
//   reset-after-commit  the proxy lets the server answer, then cuts before the reply arrives
//   busy-503            the proxy answers 503 with Retry-After: 1 (the transport's sleep returns at once)
//   timeout-before      the attempt times out before anything reaches the server
//   timeout-after       the server answers, the attempt times out before the reply is read
// The two timeouts throw the transport's own timeout error from fetch, which the transport takes
// as its timer firing, so no time passes for real. The proxy learns which fault to play from a
// request header this fetch adds.
import type { FetchLike } from '../../src-core/sync';
import { timedOut } from '../../src-core/sync/transport/transport-outcomes';
import type { FaultAction, FaultProxy } from './fault-proxy';
import { startFaultProxy } from './fault-proxy';

export const LINK_FAULTS = ['reset-before', 'reset-after-commit', 'busy-503', 'timeout-before', 'timeout-after'] as const;
export type LinkFault = (typeof LINK_FAULTS)[number];

const FAULT_HEADER = 'x-ceiba-test-fault';

export interface FaultyLink {
  /** The central server's base URL through this link's proxy. */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** Faults for the next requests, by index counted from now (0 = the next request). */
  arm(faults: ReadonlyMap<number, LinkFault>): void;
  disarm(): void;
  /** Faults played since the last arm. */
  readonly played: readonly LinkFault[];
  close(): Promise<void>;
}

export async function openFaultyLink(target: string): Promise<FaultyLink> {
  const proxy: FaultProxy = await startFaultProxy({ target, noDelay: true });
  proxy.plan((q) => proxyAction(q.headers[FAULT_HEADER]));
  let armed: ReadonlyMap<number, LinkFault> = new Map();
  let index = 0;
  const played: LinkFault[] = [];

  const faultyFetch: FetchLike = async (input, init) => {
    const fault = armed.get(index);
    index += 1;
    if (fault === undefined) return fetch(input, init);
    played.push(fault);
    const what = `${init.method ?? 'GET'} (test link)`;
    switch (fault) {
      case 'timeout-before':
        throw timedOut({ what }, 0);
      case 'timeout-after': {
        const response = await fetch(input, init);
        await response.arrayBuffer();
        throw timedOut({ what }, 0);
      }
      case 'reset-before':
      case 'reset-after-commit':
      case 'busy-503':
        return fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), [FAULT_HEADER]: fault } });
    }
  };

  return {
    baseUrl: proxy.baseUrl,
    fetch: faultyFetch,
    arm: (faults) => {
      armed = faults;
      index = 0;
      played.length = 0;
    },
    disarm: () => {
      armed = new Map();
    },
    played,
    close: () => proxy.close(),
  };
}

const PROXY_ACTIONS: Readonly<Record<string, FaultAction>> = {
  'reset-before': { kind: 'reset-before' },
  'reset-after-commit': { kind: 'reset-after-commit' },
  'busy-503': { kind: 'respond', status: 503, retryAfter: '1' },
};

function proxyAction(fault: string | undefined): FaultAction {
  return (fault === undefined ? undefined : PROXY_ACTIONS[fault]) ?? { kind: 'pass' };
}
