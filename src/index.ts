export * from './core';
export * from './patterns';
