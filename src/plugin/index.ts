/*
 * The cdk8s CLI validation plugin, `cdk8s-netpol/lib/plugin`: not part of
 * the jsii surface (src/index.ts does not re-export it).
 */

export { NetworkPolicyValidation } from './network-policy-validation';
export type { NetworkPolicyValidationProperties } from './properties';
export type { ValidationContext, ValidationReport, Violation, ViolatingResource } from './contract';
