import { PolicyError } from './errors';
import { validateDns1123Label, validateLabelValue, validateQualifiedName } from '../kube/names';

/*
 * Input checks shared by the value objects: each throws a PolicyError that
 * quotes the value and says how to fix it.
 */

export function checkLabelKey(key: string): void {
  const problems = typeof key === 'string' ? validateQualifiedName(key) : ['must be a string'];
  if (problems.length > 0) {
    throw new PolicyError('InvalidLabelKey',
      `Invalid label key ${JSON.stringify(key)}: ${problems.join('; ')}. `
      + 'Use an optional DNS prefix and a name of at most 63 characters, e.g. "app.kubernetes.io/name" or "tier".');
  }
}

export function checkLabelValue(key: string, value: string): void {
  const problems = typeof value === 'string' ? validateLabelValue(value) : ['must be a string'];
  if (problems.length > 0) {
    throw new PolicyError('InvalidLabelValue',
      `Invalid value ${JSON.stringify(value)} for label "${key}": ${problems.join('; ')}. `
      + 'Use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
  }
}

export function checkLabels(labels: { [key: string]: string }): void {
  if (labels === null || typeof labels !== 'object') {
    throw new PolicyError('InvalidLabels', `Invalid labels ${JSON.stringify(labels)}: must be a map of label keys to values.`);
  }
  for (const [k, v] of Object.entries(labels)) {
    checkLabelKey(k);
    checkLabelValue(k, v);
  }
}

export function checkNamespaceName(name: string): void {
  const problems = typeof name === 'string' ? validateDns1123Label(name) : ['must be a string'];
  if (problems.length > 0) {
    throw new PolicyError('InvalidNamespace',
      `Invalid namespace name ${JSON.stringify(name)}: ${problems.join('; ')}. `
      + 'Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. "payments".');
  }
}
