export * from './network-policy';
export * from './isolated-namespace';
export * from './allow-from-app';
export * from './egress-to-cidr';
