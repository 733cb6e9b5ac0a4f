import { useEffect, useState } from 'react';
import { failed, ready, type Loadable } from '../../ui/loadable';

const sameInputs = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Runs `load` when its inputs change and tracks it as a Loadable (loading again while new inputs load; a stale answer is dropped). */
export function useLoadable<T>(load: () => Promise<T>, inputs: readonly unknown[]): Loadable<T> {
  const [answer, setAnswer] = useState<{ inputs: readonly unknown[]; value: Loadable<T> } | undefined>();
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (live) setAnswer({ inputs, value: ready(value) });
      },
      (err: unknown) => {
        if (live) setAnswer({ inputs, value: failed(err) });
      },
    );
    return () => {
      live = false;
    };
    // The caller lists what `load` depends on, as for useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, inputs);
  return answer !== undefined && sameInputs(answer.inputs, inputs) ? answer.value : { status: 'loading' };
}
