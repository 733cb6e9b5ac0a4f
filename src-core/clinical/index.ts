// Public edge of the clinical module: CUI validation, ages, WHO child growth, immunization status
// against a schedule, and duplicate-patient detection. All of it is pure: no store, no clock.
export * from './cui';
export * from './age/calendar-date';
export * from './age/age-of';
export * from './growth/growth-tables';
export * from './growth/lms';
export * from './growth/standards-age';
export * from './growth/length-height';
export * from './growth/growth-zscore';
export * from './growth/growth-assessment';
export * from './growth/growth-curves';
export * from './growth/z-centile';
export * from './growth/load-who-growth-tables';
export * from './immunization/immunization-schedule';
export * from './immunization/immunization-status';
export * from './immunization/synthea-us-schedule';
export * from './duplicates/string-similarity';
export * from './duplicates/phonetic-key';
export * from './duplicates/match-profile';
export * from './duplicates/name-similarity';
export * from './duplicates/birth-date-similarity';
export * from './duplicates/duplicate-patients';
