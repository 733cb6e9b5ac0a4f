// Public edge of backups (issue 8 item 4).
export * from './store-backup';
