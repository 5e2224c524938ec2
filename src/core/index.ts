export * from './port';
export * from './selector';
export * from './ip-block';
export * from './peer';
export * from './dns';
export * from './conventions';
export * from './policy-validator';
