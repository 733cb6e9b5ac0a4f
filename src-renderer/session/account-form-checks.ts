// The checks the account forms run before anything is written, as field → problem, so each
// message can be shown next to its field. Pure: no React, no store; the store and the vault
// check again (the profiles and the vault's rules are the authority, these are the first line).
import { departmentByCode, municipalityByCode } from '../../src-core/fhir/terminology';
import type { PostInput } from './post-resources';
import type { AdminInput, SetupInput } from './account-service';
import { normalizeUserId, userIdProblem, USER_ID_MAX_LENGTH, USER_ID_MIN_LENGTH } from './local-user-id';
import type { UserInput } from './user-resources';
import { ADMIN_POSITIONS, isHealthWorkerCode, isUserRole, type HealthWorkerCode } from './user-role';

/** Names of the messages under `accounts.errors` in es-GT.json. */
export type FieldProblem =
  | 'required'
  | 'tooLong'
  | 'userIdLength'
  | 'userIdCharacters'
  | 'userIdTaken'
  | 'passwordShort'
  | 'passwordMismatch'
  | 'samePassword'
  | 'unknownDepartment'
  | 'municipalityMismatch'
  | 'unknownChoice';

export interface FieldError {
  readonly problem: FieldProblem;
  readonly params?: Readonly<Record<string, number>>;
}

export type FieldErrors<F extends string> = { [K in F]?: FieldError | undefined };

export type CheckResult<F extends string, T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldErrors<F> };

/** Longest free text accepted in a name or code field. */
export const MAX_TEXT_LENGTH = 100;

const length = (text: string): number => Array.from(text.normalize('NFC')).length;

function text(value: string, errors: FieldErrors<string>, field: string): string {
  const trimmed = value.trim().replace(/\s+/gu, ' ');
  if (trimmed === '') errors[field] = { problem: 'required' };
  else if (length(trimmed) > MAX_TEXT_LENGTH) errors[field] = { problem: 'tooLong', params: { max: MAX_TEXT_LENGTH } };
  return trimmed;
}

function userId(value: string, taken: readonly string[], errors: FieldErrors<string>, field: string): string {
  const id = normalizeUserId(value);
  switch (userIdProblem(id)) {
    case 'required':
      errors[field] = { problem: 'required' };
      break;
    case 'length':
      errors[field] = { problem: 'userIdLength', params: { min: USER_ID_MIN_LENGTH, max: USER_ID_MAX_LENGTH } };
      break;
    case 'characters':
      errors[field] = { problem: 'userIdCharacters' };
      break;
    case undefined:
      if (taken.includes(id)) errors[field] = { problem: 'userIdTaken' };
      break;
  }
  return id;
}

function newPassword(
  password: string,
  repeat: string,
  minLength: number,
  errors: FieldErrors<string>,
  fields: { password: string; repeat: string },
): void {
  if (password === '') errors[fields.password] = { problem: 'required' };
  else if (length(password) < minLength) errors[fields.password] = { problem: 'passwordShort', params: { min: minLength } };
  if (repeat === '') errors[fields.repeat] = { problem: 'required' };
  else if (repeat !== password) errors[fields.repeat] = { problem: 'passwordMismatch' };
}

function position(value: string, errors: FieldErrors<string>, field: string): HealthWorkerCode {
  if (value === '') errors[field] = { problem: 'required' };
  else if (!isHealthWorkerCode(value) || !ADMIN_POSITIONS.includes(value)) errors[field] = { problem: 'unknownChoice' };
  return isHealthWorkerCode(value) ? value : 'auxiliar-enfermeria';
}

const finish = <F extends string, T>(errors: FieldErrors<F>, value: T): CheckResult<F, T> =>
  Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, errors };

// ---- first run -------------------------------------------------------------------------------

export interface SetupFormValues {
  readonly postName: string;
  readonly postCode: string;
  readonly district: string;
  readonly department: string;
  readonly municipality: string;
  readonly given: string;
  readonly family: string;
  readonly position: string;
  readonly userId: string;
  readonly password: string;
  readonly passwordRepeat: string;
}

export type SetupField = keyof SetupFormValues;

/** Field order on screen: the first field in error gets the focus. */
export const SETUP_FIELDS: readonly SetupField[] = [
  'postName',
  'postCode',
  'district',
  'department',
  'municipality',
  'given',
  'family',
  'position',
  'userId',
  'password',
  'passwordRepeat',
];

function checkPost(values: SetupFormValues, errors: FieldErrors<SetupField>): PostInput {
  const post = {
    name: text(values.postName, errors, 'postName'),
    code: text(values.postCode, errors, 'postCode'),
    district: text(values.district, errors, 'district'),
    department: values.department,
    municipality: values.municipality,
  };
  if (values.department === '') errors.department = { problem: 'required' };
  else if (departmentByCode(values.department) === undefined) errors.department = { problem: 'unknownDepartment' };
  const municipality = municipalityByCode(values.municipality);
  if (values.municipality === '') errors.municipality = { problem: 'required' };
  else if (municipality === undefined || municipality.department !== values.department) errors.municipality = { problem: 'municipalityMismatch' };
  return post;
}

/**
 * The first-run form. With `resume` (finishing an interrupted set-up) the account already exists,
 * so its name and password are not asked again.
 */
export function checkSetupForm(
  values: SetupFormValues,
  options: { minPasswordLength: number; resume?: boolean },
): CheckResult<SetupField, { post: PostInput; admin: AdminInput; password: string }> {
  const errors: FieldErrors<SetupField> = {};
  const post = checkPost(values, errors);
  const admin: AdminInput = {
    given: text(values.given, errors, 'given'),
    family: text(values.family, errors, 'family'),
    position: position(values.position, errors, 'position'),
    userId: options.resume === true ? values.userId : userId(values.userId, [], errors, 'userId'),
  };
  if (options.resume !== true) newPassword(values.password, values.passwordRepeat, options.minPasswordLength, errors, { password: 'password', repeat: 'passwordRepeat' });
  const value: SetupInput = { post, admin, password: values.password };
  return finish(errors, value);
}

// ---- a new user ------------------------------------------------------------------------------

export interface NewUserFormValues {
  readonly given: string;
  readonly family: string;
  readonly role: string;
  readonly position: string;
  readonly specialty: string;
  readonly userId: string;
  readonly password: string;
  readonly passwordRepeat: string;
}

export type NewUserField = keyof NewUserFormValues;

export const NEW_USER_FIELDS: readonly NewUserField[] = ['given', 'family', 'role', 'position', 'specialty', 'userId', 'password', 'passwordRepeat'];

export function checkNewUserForm(
  values: NewUserFormValues,
  options: { minPasswordLength: number; existingUsers: readonly string[] },
): CheckResult<NewUserField, { user: UserInput; password: string }> {
  const errors: FieldErrors<NewUserField> = {};
  const given = text(values.given, errors, 'given');
  const family = text(values.family, errors, 'family');
  const id = userId(values.userId, options.existingUsers, errors, 'userId');
  if (values.role === '') errors.role = { problem: 'required' };
  else if (!isUserRole(values.role)) errors.role = { problem: 'unknownChoice' };
  const role = isUserRole(values.role) ? values.role : 'nurse';
  let user: UserInput = { userId: id, given, family, role };
  if (role === 'admin') user = { ...user, position: position(values.position, errors, 'position') };
  if (role === 'specialist') user = { ...user, specialty: text(values.specialty, errors, 'specialty') };
  newPassword(values.password, values.passwordRepeat, options.minPasswordLength, errors, { password: 'password', repeat: 'passwordRepeat' });
  return finish(errors, { user, password: values.password });
}

// ---- one's own password ----------------------------------------------------------------------

export interface PasswordFormValues {
  readonly current: string;
  readonly next: string;
  readonly repeat: string;
}

export type PasswordField = keyof PasswordFormValues;

export const PASSWORD_FIELDS: readonly PasswordField[] = ['current', 'next', 'repeat'];

export function checkPasswordForm(values: PasswordFormValues, options: { minPasswordLength: number }): CheckResult<PasswordField, PasswordFormValues> {
  const errors: FieldErrors<PasswordField> = {};
  if (values.current === '') errors.current = { problem: 'required' };
  newPassword(values.next, values.repeat, options.minPasswordLength, errors, { password: 'next', repeat: 'repeat' });
  if (errors.next === undefined && values.current !== '' && values.next === values.current) errors.next = { problem: 'samePassword' };
  return finish(errors, values);
}

/** The first field (in screen order) with a problem. */
export function firstErrorField<F extends string>(errors: FieldErrors<F>, order: readonly F[]): F | undefined {
  return order.find((f) => errors[f] !== undefined);
}
