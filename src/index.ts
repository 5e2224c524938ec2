export * from './core';
export * from './patterns';
export * from './cluster';
export * from './analysis';
export * from './invariants';
export * from './checks';
export * from './org';
export * from './render/report';
