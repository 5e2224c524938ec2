export * from './workload-set';
export * from './connectivity-invariant';
