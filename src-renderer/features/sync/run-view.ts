// What the page shows of a run in progress, folded from the worker's events by a pure function
// (STYLE §6): whether a run is on, the engine's state, the latest progress of that state's phase,
// and the bytes this run has moved (the worker's meter counts since it started; the run's share is
// the difference from where the meter stood when the run began).
import type { SyncEvent, SyncRunResult, SyncRunState } from '../../../src-core/sync';

export interface Totals {
  readonly up: number;
  readonly down: number;
}

export interface RunProgress {
  readonly phase: 'push' | 'pull';
  readonly resourceType?: string;
  readonly done: number;
  readonly total: number;
}

export interface RunView {
  readonly running: boolean;
  readonly state?: SyncRunState;
  readonly progress?: RunProgress;
  /** Meter totals when the current (or last) run began. */
  readonly baseline: Totals;
  /** Latest meter totals the worker reported. */
  readonly meter: Totals;
  /** The last run that ended while the page was open. */
  readonly lastResult?: SyncRunResult;
}

export const INITIAL_RUN_VIEW: RunView = { running: false, baseline: { up: 0, down: 0 }, meter: { up: 0, down: 0 } };

export function foldRunEvent(view: RunView, event: SyncEvent): RunView {
  switch (event.type) {
    case 'state': {
      if (event.state.name === 'idle') return { ...view, running: false, state: event.state };
      // `locking` is the first state of every run.
      if (event.state.name === 'locking' || !view.running) {
        return { running: true, state: event.state, baseline: view.meter, meter: view.meter, ...lastResultOf(view) };
      }
      return { ...view, state: event.state };
    }
    case 'progress': {
      const { phase, done, total } = event;
      return { ...view, running: true, progress: { phase, done, total, ...(event.resourceType === undefined ? {} : { resourceType: event.resourceType }) } };
    }
    case 'bytes':
      return { ...view, meter: { up: event.up, down: event.down } };
    case 'issue':
      return view;
    case 'finished':
      return { running: false, baseline: view.baseline, meter: view.meter, lastResult: event.result };
  }
}

const lastResultOf = (view: RunView): Pick<RunView, 'lastResult'> => (view.lastResult === undefined ? {} : { lastResult: view.lastResult });

/** Bytes the current (or last) run moved. */
export function runBytes(view: RunView): Totals {
  return { up: Math.max(0, view.meter.up - view.baseline.up), down: Math.max(0, view.meter.down - view.baseline.down) };
}

/** The progress to draw for the current state, if the latest progress belongs to it. */
export function currentProgress(view: RunView): RunProgress | undefined {
  const { state, progress } = view;
  if (state === undefined || progress === undefined) return undefined;
  const pulling = state.phase === 'pull';
  if (progress.phase === 'pull') return pulling && progress.resourceType === state.resourceType ? progress : undefined;
  return pulling ? undefined : progress;
}
