// Verdicts and matrices -> text, markdown, JSON and CSV. Not part of the jsii API.
export * from './matrix';
export * from './probe-result';
