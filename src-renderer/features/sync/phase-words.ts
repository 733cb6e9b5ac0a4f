// Which words describe what a run is doing, from the engine's state (sync-run-state.ts).
import type { SyncRunState } from '../../../src-core/sync';

export type PhaseKey = 'preparing' | 'pushing' | 'counting' | 'pulling' | 'deletes' | 'merging' | 'finishing';

export interface PhaseWords {
  readonly key: PhaseKey;
  /** The FHIR type the words are about (pull). */
  readonly resourceType?: string;
}

export function phaseWords(state: SyncRunState): PhaseWords {
  const type = state.resourceType === undefined ? {} : { resourceType: state.resourceType };
  switch (state.name) {
    case 'idle':
    case 'locking':
      return { key: 'preparing' };
    case 'planning-push':
    case 'sending':
    case 'recording-acks':
    case 'recording-attention':
      return { key: 'pushing' };
    case 'merging':
      return { key: 'merging' };
    case 'counting':
      return state.resourceType === undefined ? { key: 'preparing' } : { key: 'counting', ...type };
    case 'fetching-page':
    case 'applying-page':
      return { key: 'pulling', ...type };
    case 'fetching-deletes':
    case 'applying-deletes':
      return { key: 'deletes', ...type };
    case 'finishing':
      return { key: 'finishing' };
  }
}
