import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROUTES } from '../../app/routes';
import { useSession } from '../../session';
import { Page } from '../../ui/page';
import { AddUserForm } from './add-user-form';
import { ChangePasswordForm } from './change-password-form';
import { UsersList } from './users-list';
import { useUsers } from './use-users';

// Accounts of this PC: the users (admin only), adding one, and one's own password. The other
// administration tasks are not built yet and the page says so.
export function AdminPage(): ReactNode {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <Page title={t('nav.admin')}>
      {user.role === 'admin' ? <UsersSection /> : <p className="notice">{t('adminUsers.adminOnly')}</p>}
      {user.role === 'admin' ? (
        <p>
          <Link to={ROUTES.reports}>{t('adminUsers.reportsLink')}</Link>
        </p>
      ) : null}
      <ChangePasswordForm />
      <p className="hint">{t('adminUsers.moreLater')}</p>
    </Page>
  );
}

function UsersSection(): ReactNode {
  const users = useUsers();
  return (
    <>
      <UsersList users={users.list} />
      <AddUserForm existingUsers={users.signInNames} onAdded={users.reload} />
    </>
  );
}
