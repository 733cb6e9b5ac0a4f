// Public edge of the update policy (issue 8 item 6): pure decisions, Electron glue in src-main.
export * from './update-info';
export * from './update-policy';
