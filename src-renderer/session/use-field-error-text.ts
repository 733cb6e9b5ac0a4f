import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from './account-form-checks';

/** Translates a form check's problem into the message shown under its field. */
export function useFieldErrorText(): (error: FieldError | undefined) => string | undefined {
  const { t } = useTranslation();
  return useCallback((error) => (error === undefined ? undefined : t(`accounts.errors.${error.problem}`, error.params ?? {})), [t]);
}
