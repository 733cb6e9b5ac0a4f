import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, type PostUser } from '../../session';
import type { Loadable } from '../../ui/loadable';

export function UsersList({ users }: { users: Loadable<PostUser[]> }): ReactNode {
  const { t } = useTranslation();
  const { user: me } = useSession();
  return (
    <section className="card" aria-labelledby="admin-users-heading">
      <h2 id="admin-users-heading">{t('adminUsers.usersHeading')}</h2>
      {users.status === 'loading' ? <p role="status">{t('adminUsers.loading')}</p> : null}
      {users.status === 'failed' ? (
        <div className="notice notice-error" role="alert">
          <p>{t('adminUsers.loadFailed')}</p>
          <code>{users.detail}</code>
        </div>
      ) : null}
      {users.status === 'ready' ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('adminUsers.name')}</th>
              <th scope="col">{t('adminUsers.userId')}</th>
              <th scope="col">{t('adminUsers.role')}</th>
            </tr>
          </thead>
          <tbody>
            {users.value.map((u) => (
              <tr key={u.userId}>
                <td>
                  {u.displayName} {u.userId === me.userId ? <span className="hint-inline">{t('adminUsers.you')}</span> : null}
                </td>
                <td>{u.userId}</td>
                <td>{t(`session.roles.${u.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
