// Reads the runtime config and probes both endpoints; `recheck` starts a new round. Each round has a
// number, and results are kept only for the round they belong to, so a late answer from an older
// round never overwrites a newer one and "checking" is derived rather than stored.
import { useCallback, useEffect, useState } from 'react';
import type { RuntimeConfig } from '../../../src-core/ipc';
import type { Platform } from '../../platform/platform';
import { failed, ready, type Loadable } from '../../ui/loadable';
import { probeCentralServer, probeSignalingRelay, type ProbeResult } from './probe';

export type Probe = ProbeResult | { readonly state: 'checking' };

export interface ConnectionCheck {
  readonly config: Loadable<RuntimeConfig>;
  readonly central: Probe;
  readonly signaling: Probe;
  /** True until the config and both probes of the current round have answered. */
  readonly checking: boolean;
  readonly recheck: () => void;
}

interface Round {
  readonly round: number;
  readonly config?: Loadable<RuntimeConfig>;
  readonly central?: ProbeResult;
  readonly signaling?: ProbeResult;
}

const CHECKING = { state: 'checking' } as const;

export function useConnectionCheck(platform: Platform): ConnectionCheck {
  const [round, setRound] = useState(0);
  const [results, setResults] = useState<Round>({ round: -1 });

  useEffect(() => {
    const controller = new AbortController();
    const record = (patch: Omit<Round, 'round'>): void => {
      if (controller.signal.aborted) return;
      setResults((prev) => (prev.round === round ? { ...prev, ...patch } : { round, ...patch }));
    };
    const probe = async (): Promise<void> => {
      let config: RuntimeConfig;
      try {
        config = await platform.getConfig();
      } catch (err) {
        record({ config: failed(err) });
        return;
      }
      record({ config: ready(config) });
      const options = { fetch: platform.fetch, signal: controller.signal };
      await Promise.all([
        probeCentralServer(config.centralServerUrl, options).then((central) => {
          record({ central });
        }),
        probeSignalingRelay(config.signalingUrl, options).then((signaling) => {
          record({ signaling });
        }),
      ]);
    };
    void probe();
    return () => {
      controller.abort();
    };
  }, [platform, round]);

  const recheck = useCallback(() => {
    setRound((r) => r + 1);
  }, []);

  const current: Round = results.round === round ? results : { round };
  const config = current.config ?? { status: 'loading' };
  const checking =
    config.status === 'loading' || (config.status === 'ready' && (current.central === undefined || current.signaling === undefined));
  return {
    config,
    central: current.central ?? CHECKING,
    signaling: current.signaling ?? CHECKING,
    checking,
    recheck,
  };
}
