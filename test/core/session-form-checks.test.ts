// The account forms' checks: each problem lands on its field, valid input comes out normalized.
import { describe, expect, it } from 'vitest';
import {
  checkNewUserForm,
  checkPasswordForm,
  checkSetupForm,
  firstErrorField,
  SETUP_FIELDS,
  type NewUserFormValues,
  type SetupFormValues,
} from '../../src-renderer/session/account-form-checks';
import { normalizeUserId, userIdProblem } from '../../src-renderer/session/local-user-id';

const SETUP: SetupFormValues = {
  postName: '  Puesto de Salud   Chicoj ',
  postCode: '16-01-PS-007',
  district: 'Distrito de Cobán',
  department: '16',
  municipality: '1601',
  given: 'Rosa',
  family: 'Caal Xol',
  position: 'enfermera-profesional',
  userId: ' Rosa.Caal ',
  password: 'contraseña',
  passwordRepeat: 'contraseña',
};
const MIN = { minPasswordLength: 8 };

describe('first-run form', () => {
  it('accepts a complete form and normalizes spaces and the user name', () => {
    const result = checkSetupForm(SETUP, MIN);
    expect(result).toEqual({
      ok: true,
      value: {
        post: { name: 'Puesto de Salud Chicoj', code: '16-01-PS-007', district: 'Distrito de Cobán', department: '16', municipality: '1601' },
        admin: { userId: 'rosa.caal', given: 'Rosa', family: 'Caal Xol', position: 'enfermera-profesional' },
        password: 'contraseña',
      },
    });
  });

  it('puts each problem on its field, and the first one in screen order gets the focus', () => {
    const result = checkSetupForm(
      { ...SETUP, postName: ' ', department: '16', municipality: '0101', userId: 'r', password: 'corta', passwordRepeat: 'otra' },
      MIN,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      postName: { problem: 'required' },
      municipality: { problem: 'municipalityMismatch' },
      userId: { problem: 'userIdLength', params: { min: 3, max: 32 } },
      password: { problem: 'passwordShort', params: { min: 8 } },
      passwordRepeat: { problem: 'passwordMismatch' },
    });
    expect(firstErrorField(result.errors, SETUP_FIELDS)).toBe('postName');
  });

  it('counts password length in characters, as the vault does (ñ is one)', () => {
    expect(checkSetupForm({ ...SETUP, password: 'ññññññññ', passwordRepeat: 'ññññññññ' }, MIN).ok).toBe(true);
    expect(checkSetupForm({ ...SETUP, password: 'ñññññññ', passwordRepeat: 'ñññññññ' }, MIN).ok).toBe(false);
  });

  it('when finishing an interrupted set-up, does not ask for the account again', () => {
    const result = checkSetupForm({ ...SETUP, userId: 'rosa.caal', password: '', passwordRepeat: '' }, { ...MIN, resume: true });
    expect(result.ok).toBe(true);
  });

  it('refuses an unknown department', () => {
    const result = checkSetupForm({ ...SETUP, department: '99', municipality: '' }, MIN);
    expect(result.ok ? {} : result.errors).toEqual({ department: { problem: 'unknownDepartment' }, municipality: { problem: 'required' } });
  });
});

describe('new user form', () => {
  const NURSE: NewUserFormValues = { given: 'Ana', family: 'Pop', role: 'nurse', position: '', specialty: '', userId: 'ana.pop', password: 'ceiba-2024', passwordRepeat: 'ceiba-2024' };
  const options = { ...MIN, existingUsers: ['rosa.caal'] };

  it('a nurse needs no job or specialty; they are not carried over', () => {
    expect(checkNewUserForm({ ...NURSE, specialty: 'Pediatría' }, options)).toEqual({
      ok: true,
      value: { user: { userId: 'ana.pop', given: 'Ana', family: 'Pop', role: 'nurse' }, password: 'ceiba-2024' },
    });
  });

  it('a specialist needs a specialty; an admin needs a job from the list', () => {
    const specialist = checkNewUserForm({ ...NURSE, role: 'specialist' }, options);
    expect(specialist.ok ? {} : specialist.errors).toEqual({ specialty: { problem: 'required' } });
    const admin = checkNewUserForm({ ...NURSE, role: 'admin', position: 'medico-especialista' }, options);
    expect(admin.ok ? {} : admin.errors).toEqual({ position: { problem: 'unknownChoice' } });
    expect(checkNewUserForm({ ...NURSE, role: 'admin', position: 'medico-general' }, options)).toMatchObject({
      ok: true,
      value: { user: { role: 'admin', position: 'medico-general' } },
    });
  });

  it('refuses a name already on this PC, whatever its case', () => {
    const result = checkNewUserForm({ ...NURSE, userId: 'Rosa.Caal' }, options);
    expect(result.ok ? {} : result.errors).toEqual({ userId: { problem: 'userIdTaken' } });
  });

  it('refuses an unknown role', () => {
    const result = checkNewUserForm({ ...NURSE, role: 'root' }, options);
    expect(result.ok ? {} : result.errors).toEqual({ role: { problem: 'unknownChoice' } });
  });
});

describe('password change form', () => {
  it('needs the current password and a different new one, typed twice', () => {
    expect(checkPasswordForm({ current: 'vieja-123', next: 'nueva-1234', repeat: 'nueva-1234' }, MIN).ok).toBe(true);
    const same = checkPasswordForm({ current: 'vieja-123', next: 'vieja-123', repeat: 'vieja-123' }, MIN);
    expect(same.ok ? {} : same.errors).toEqual({ next: { problem: 'samePassword' } });
    const empty = checkPasswordForm({ current: '', next: '', repeat: '' }, MIN);
    expect(empty.ok ? {} : empty.errors).toEqual({ current: { problem: 'required' }, next: { problem: 'required' }, repeat: { problem: 'required' } });
  });
});

describe('user names', () => {
  it('are folded to lower case and trimmed; letters with accents, digits, dot, dash and underscore', () => {
    expect(normalizeUserId('  María.Tzoc ')).toBe('maría.tzoc');
    expect(userIdProblem('maría.tzoc')).toBeUndefined();
    expect(userIdProblem('ana_2')).toBeUndefined();
    expect(userIdProblem('.ana')).toBe('characters');
    expect(userIdProblem('ana pop')).toBe('characters');
    expect(userIdProblem('ab')).toBe('length');
    expect(userIdProblem('a'.repeat(33))).toBe('length');
    expect(userIdProblem('')).toBe('required');
  });
});
