import { didYouMean, didYouMeanCaseless, selectorTypeHint, suggestField, suggestLabelValue } from './hints';
import { checkLabels } from './object-meta';
import { child, index, invalid, isAbsent, isObject, own, SchemaWalker } from './schema';
import { validateLabelValue, validateQualifiedName } from '../names';

/*
 * Label selectors (`matchLabels`, `matchExpressions`), as apimachinery's
 * ValidateLabelSelector checks them.
 */

/** The fields of a LabelSelector. */
export const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const REQUIREMENT_FIELDS = ['key', 'operator', 'values'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Checks a label selector at `path`; it must be an object. */
export function checkLabelSelector(walker: SchemaWalker, value: unknown, path: string): void {
  if (!isObject(value)) {
    walker.typeError(path, value, 'an object', selectorTypeHint(value));
    return;
  }
  const selector = value;
  walker.fields(selector, path, SELECTOR_FIELDS, (key) => suggestSelectorField(key, own(selector, key)));
  checkLabels(walker, own(selector, 'matchLabels'), child(path, 'matchLabels'));
  const expressionsPath = child(path, 'matchExpressions');
  walker.list(own(selector, 'matchExpressions'), expressionsPath).forEach((item, i) => {
    checkRequirement(walker, item, index(expressionsPath, i));
  });
}

function checkRequirement(walker: SchemaWalker, value: unknown, path: string): void {
  const req = walker.object(value, path);
  if (req === undefined) {
    return;
  }
  walker.fields(req, path, REQUIREMENT_FIELDS, (key) => suggestField(key, REQUIREMENT_FIELDS));
  const operatorPath = child(path, 'operator');
  const valuesPath = child(path, 'values');
  const operator = walker.string(own(req, 'operator'), operatorPath);
  const values: Array<string | undefined> = walker.list(own(req, 'values'), valuesPath)
    .map((item, i) => walker.string(item, index(valuesPath, i)));

  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) {
      walker.add(valuesPath, 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'. '
        + 'To match on the key alone, use operator Exists.');
    }
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) {
      walker.add(valuesPath, 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'. '
        + 'Remove `values`, or use operator In.');
    }
  } else if (operator !== undefined) {
    const hint = didYouMeanCaseless(operator, OPERATORS) || `. Use one of ${OPERATORS.join(', ')}.`;
    walker.add(operatorPath, invalid(operator, 'not a valid selector operator') + hint);
  }

  const key = walker.string(own(req, 'key'), child(path, 'key'));
  if (key !== undefined) {
    for (const msg of validateQualifiedName(key)) {
      walker.add(child(path, 'key'), invalid(key, msg));
    }
  }
  values.forEach((v, i) => {
    if (v === undefined) {
      return;
    }
    for (const msg of validateLabelValue(v)) {
      walker.add(index(valuesPath, i), invalid(v, msg) + didYouMean(v, suggestLabelValue(v)));
    }
  });
}

/** A misspelled selector field, or a label written where matchLabels belongs. */
function suggestSelectorField(key: string, value: unknown): string | undefined {
  const misspelt = suggestField(key, SELECTOR_FIELDS);
  if (misspelt) {
    return misspelt;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isAbsent(value)) {
    return `Labels go under matchLabels, e.g. matchLabels: {${JSON.stringify(key)}: ${JSON.stringify(String(value ?? ''))}}.`;
  }
  return undefined;
}
