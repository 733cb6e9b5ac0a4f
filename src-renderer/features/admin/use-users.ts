// The post's users for the admin screen: their profiles from the store, and every sign-in name
// of the PC (so a new user cannot take one that exists without a profile).
import { useCallback, useEffect, useState } from 'react';
import { useSessionControl, type PostUser } from '../../session';
import { failed, ready, type Loadable } from '../../ui/loadable';

export interface Users {
  readonly list: Loadable<PostUser[]>;
  readonly signInNames: readonly string[];
  readonly reload: () => void;
}

export function useUsers(): Users {
  const { listUsers, users } = useSessionControl();
  const [round, setRound] = useState(0);
  const [list, setList] = useState<Loadable<PostUser[]>>({ status: 'loading' });
  const [signInNames, setSignInNames] = useState<readonly string[]>([]);

  useEffect(() => {
    let current = true;
    const load = async (): Promise<void> => {
      try {
        const [profiles, names] = await Promise.all([listUsers(), users()]);
        if (!current) return;
        setList(ready(profiles));
        setSignInNames(names);
      } catch (err) {
        if (current) setList(failed(err));
      }
    };
    void load();
    return () => {
      current = false;
    };
  }, [listUsers, users, round]);

  const reload = useCallback(() => {
    setRound((r) => r + 1);
  }, []);
  return { list, signInNames, reload };
}
