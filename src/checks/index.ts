export * from './policy-checks';
