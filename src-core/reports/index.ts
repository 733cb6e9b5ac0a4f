// Public edge of reports (issue 8 item 3).
export * from './monthly-report';
export * from './report-csv';
