import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions, Tags } from 'yaml';

/*
 * How plain scalars resolve, as kubectl reads manifests: sigs.k8s.io/yaml
 * decodes with its fork of go-yaml v2 (resolve.go, v2.4) into interface{}
 * and converts the result to JSON.
 *
 * - nulls (`~`, `null`, empty) and booleans (`y`, `yes`, `on`, `true`, ...)
 *   are YAML 1.1's, as the `yaml` package's 1.1 schema has them;
 * - numbers are go-yaml's, not YAML 1.1's (below);
 * - timestamps stay strings (go-yaml keeps them as strings when decoding
 *   into interface{}), and base-60 numbers are strings.
 */

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';

/** go-yaml's float syntax, checked after underscores are removed. */
const GO_YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** What Go's `strconv.ParseInt(s, 0, 64)` accepts: sign, then a base prefix or a leading-zero octal. */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;

const INT64_MIN = -(BigInt(2) ** BigInt(63));
const INT64_LIMIT = BigInt(2) ** BigInt(63);
const UINT64_LIMIT = BigInt(2) ** BigInt(64);

/**
 * The number go-yaml v2 reads from a plain scalar, or undefined when it
 * reads a string. Its first character decides what is tried:
 *
 * - `.`: Go's `ParseFloat` on the text (".5", ".5e3"; not ".", ".e3");
 * - a sign or a digit: underscores are dropped, then `ParseInt` with base
 *   prefixes (0x, 0b, 0o, and 0 for octal) within int64, or `ParseUint`
 *   within uint64, then the float syntax above (an out-of-range float is a
 *   string);
 * - anything else is never a number ("e3" is a string).
 *
 * `.inf` and `.nan` come from the map lookup before this, as in go-yaml.
 */
export function goYamlNumber(text: string): number | undefined {
  const first = text.charAt(0);
  if (first === '.') {
    return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : undefined;
  }
  if (!/^[-+0-9]$/.test(first)) {
    return undefined;
  }
  const plain = text.replace(/_/g, '');
  const int = GO_INT.exec(plain);
  if (int) {
    const [, sign, digits] = int;
    const prefixed = /^0[xXbBoO]/.test(digits);
    const leadingZeroOctal = !prefixed && digits.length > 1 && digits.startsWith('0');
    const magnitude = BigInt(prefixed ? `0${digits.charAt(1).toLowerCase()}${digits.slice(2)}`
      : leadingZeroOctal ? `0o${digits.slice(1)}` : digits);
    const value = sign === '-' ? -magnitude : magnitude;
    if ((value >= INT64_MIN && value < INT64_LIMIT) || (sign === '' && value < UINT64_LIMIT)) {
      return Number(value);
    }
  }
  if (GO_YAML_FLOAT.test(plain)) {
    const value = Number(plain);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/** `.inf`, `-.inf`, `.nan` and their spellings, as go-yaml's map has them. */
const INF_NAN: ScalarTag = {
  identify: value => typeof value === 'number' && !Number.isFinite(value),
  default: true,
  tag: FLOAT_TAG,
  test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  resolve: text => (text.endsWith('nan') || text.endsWith('NaN') || text.endsWith('NAN') ? NaN
    : text.startsWith('-') ? -Infinity : Infinity),
};

/**
 * Every plain scalar that starts like a number; `resolve` gives go-yaml's
 * number, or the text itself when go-yaml reads a string.
 */
const GO_NUMBER: ScalarTag = {
  identify: value => typeof value === 'number',
  default: true,
  tag: INT_TAG,
  test: /^[-+.0-9]/,
  resolve: text => goYamlNumber(text) ?? text,
};

function isReplaced(tag: Tags[number]): boolean {
  const name = typeof tag === 'string' ? tag : tag.tag;
  if (typeof tag === 'string') {
    return ['int', 'float', 'timestamp', 'intTime', 'floatTime'].includes(name);
  }
  return name === INT_TAG || name === FLOAT_TAG || name.endsWith(':timestamp');
}

/**
 * The options of the reference parser (`yaml`), which `loadYaml` and the
 * fast reader share: YAML 1.1 with go-yaml's numbers, no timestamps,
 * duplicate keys and warnings as errors, merge keys.
 */
export const REFERENCE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: tags => [...tags.filter(t => !isReplaced(t)), INF_NAN, GO_NUMBER],
  uniqueKeys: true,
  strict: true,
  prettyErrors: true,
  merge: true,
};
