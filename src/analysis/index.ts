export * from './analyzer';
export * from './model/policy-issue';
export * from './model/rule-ref';
export * from './reachability-matrix';
export * from './verdict';
export * from './workload';
