import { PolicyError } from './errors';
import { Protocol } from './protocol';
import {
  validateDns1123Label,
  validateLabelValue,
  validatePortName,
  validatePortNumber,
  validateQualifiedName,
} from '../kube/names';

/*
 * Input checks shared by the value objects, constructs, the analyzer and
 * the invariants: each throws a PolicyError that quotes the value and says
 * how to fix it. One message per kind of mistake. Not part of the jsii API
 * (core/index.ts does not re-export this module).
 */

/**
 * A value as a message quotes it: strings in double quotes, numbers as
 * written, a number that is not finite in words, others as JSON.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? '(not a number)' : `(${value < 0 ? 'minus ' : ''}infinity)`;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === undefined || value === null) {
    return '(nothing)';
  }
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

export function checkLabelKey(key: string): void {
  const problems = typeof key === 'string' ? validateQualifiedName(key) : ['must be a string'];
  if (problems.length > 0) {
    throw new PolicyError('InvalidLabelKey',
      `Invalid label key ${quote(key)}: ${problems.join('; ')}. `
      + 'Use an optional DNS prefix and a name of at most 63 characters, e.g. "app.kubernetes.io/name" or "tier".');
  }
}

export function checkLabelValue(key: string, value: string): void {
  const problems = typeof value === 'string' ? validateLabelValue(value) : ['must be a string'];
  if (problems.length > 0) {
    throw new PolicyError('InvalidLabelValue',
      `Invalid value ${quote(value)} for label "${key}": ${problems.join('; ')}. `
      + 'Use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
  }
}

/**
 * An app name: the value of the app label, whose key the conventions in
 * force where the selector is used decide (so the message names no key).
 */
export function checkAppName(name: string): void {
  const problems = typeof name !== 'string' ? ['must be a string']
    : name === '' ? ['must not be empty'] : validateLabelValue(name);
  if (problems.length > 0) {
    throw new PolicyError('InvalidAppName',
      `Invalid app name ${quote(name)}: ${problems.join('; ')}. It is the value of the app label (Conventions.appLabelKey): `
      + 'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, e.g. "web".');
  }
}

export function checkLabels(labels: { [key: string]: string }): void {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new PolicyError('InvalidLabels', `Invalid labels ${quote(labels)}: must be a map of label keys to values.`);
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
      `Invalid namespace name ${quote(name)}: ${problems.join('; ')}. `
      + 'Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. "payments".');
  }
}

/** A protocol of the `Protocol` enum. */
export function checkProtocol(protocol: unknown): Protocol {
  if (!(Object.values(Protocol) as unknown[]).includes(protocol)) {
    throw new PolicyError('InvalidProtocol',
      `Invalid protocol ${quote(protocol)}: must be one of TCP, UDP, SCTP. Use the Protocol enum, e.g. Protocol.TCP.`);
  }
  return protocol as Protocol;
}

/**
 * A port number from 1 to 65535; `what` names it in the message, e.g.
 * "Port", "Port range end", "Container port". `zeroFix` is the fix for 0,
 * when the caller has a better one than a number.
 */
export function checkPortNumber(value: unknown, what: string, zeroFix?: string): number {
  const problems = typeof value === 'number' ? validatePortNumber(value) : ['must be a number'];
  if (problems.length > 0) {
    const fix = value === 0 && zeroFix !== undefined ? zeroFix : 'Use a whole number from 1 to 65535.';
    throw new PolicyError('InvalidPort', `${what} ${quote(value)} is invalid: ${problems.join('; ')}. ${fix}`);
  }
  return value as number;
}

/** A container port name (an IANA service name), e.g. "http". */
export function checkPortName(name: unknown): string {
  const problems = typeof name === 'string' ? validatePortName(name) : ['must be a string'];
  if (problems.length > 0) {
    const hint = /^[0-9]+$/.test(String(name))
      ? ` For a port number, use Port.tcp(${name}).`
      : ' Use the name of a container port, e.g. "http" or "metrics".';
    throw new PolicyError('InvalidPortName', `Invalid port name ${quote(name)}: ${problems.join('; ')}.${hint}`);
  }
  return name as string;
}

/** The `[path] ` prefix a message carries when it names a construct path. */
const PATH_PREFIX = /^\[[^\]\s]*\] /;

/** The message without its `[path] ` prefix: cdk8s adds one to every validation message. */
export function withoutPath(message: string): string {
  return message.replace(PATH_PREFIX, '');
}

/**
 * Runs `fn`, and gives a library error it throws the construct path
 * `[path]` when it has none (a value object checks its input before it
 * knows where it is used).
 */
export function atPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PolicyError && !PATH_PREFIX.test(e.message)) {
      throw new PolicyError(e.code, `[${path}] ${e.message}`);
    }
    throw e;
  }
}

/** What a prop of a construct must be, for `checkProp`. */
export interface PropType {
  /** The class of the value (or of each item, for a list). */
  readonly type: { readonly prototype: object; readonly name: string };
  /** The value is a list of `type`. */
  readonly list?: boolean;
  /** How to make one, e.g. "Selector.app('web')". */
  readonly example: string;
}

/**
 * Refuses a prop of the wrong type, as plain JavaScript can pass: a
 * library error naming the construct path, the prop and how to make a
 * value of the right type, rather than a TypeError later. An undefined
 * prop passes (required props are checked where they are read).
 */
export function checkProp(path: string, name: string, value: unknown, expected: PropType): void {
  if (value === undefined) {
    return;
  }
  if (!isOfType(value, expected)) {
    const what = expected.list ? `a list of ${expected.type.name}` : withArticle(expected.type.name);
    throw new PolicyError('InvalidProp',
      `[${path}] \`${name}\` must be ${what}, got ${describeType(value)}. Make one with ${expected.example}.`);
  }
}

/**
 * Refuses an argument of the wrong type to a factory, as plain JavaScript
 * can pass: a library error naming the factory and how to make a value of
 * the right type, rather than a TypeError later.
 */
export function checkArgument(factory: string, value: unknown, expected: PropType): void {
  if (!isOfType(value, expected)) {
    const what = expected.list ? `a list of ${expected.type.name}` : withArticle(expected.type.name);
    throw new PolicyError('InvalidArgument', `${factory}() takes ${what}, got ${describeType(value)}. Make one with ${expected.example}.`);
  }
}

function isOfType(value: unknown, expected: PropType): boolean {
  const isType = (v: unknown) => typeof v === 'object' && v !== null && expected.type.prototype.isPrototypeOf(v);
  return expected.list ? Array.isArray(value) && value.every(isType) : isType(value);
}

/** "a Selector", "an IpBlock". */
function withArticle(noun: string): string {
  return `${/^[AEIOUaeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A value's kind for a message, without quoting it: "a string", "a list", "an object". */
function describeType(value: unknown): string {
  if (value === null || value === undefined) {
    return 'no value';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === 'string' && name !== 'Object' ? withArticle(name) : 'a plain object';
  }
  return withArticle(typeof value);
}
