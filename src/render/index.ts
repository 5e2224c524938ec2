// Verdicts, matrices, diffs, lint findings and the report -> text, markdown, JSON, SARIF and HTML. Only `Report` (report.ts) is part of the jsii API.
export * from './matrix';
export * from './probe-result';
