/*
 * The API server's validation rules for names, labels and ports, as pure
 * functions over strings and numbers. Each `validateXxx` returns the
 * problems it found, phrased as Kubernetes phrases them (empty = valid).
 *
 * Sources (kubernetes/kubernetes apimachinery/pkg/util/validation):
 * IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain, IsDNS1123Label,
 * IsValidPortNum, IsValidPortName.
 *
 * Lengths are counted in UTF-8 bytes, as Go's len() counts them.
 */

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MAX = 63;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

const PORT_NAME_MAX = 15;
const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const PORT_NAME_ONE_LETTER_RE = /[a-z]/;

/** The number of bytes `value` takes in UTF-8, which is what Go's len() counts. */
export function utf8Length(value: string): number {
  return Buffer.byteLength(value, 'utf8'); // a lone surrogate counts 3, as Go's U+FFFD does
}

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

function emptyError(): string {
  return 'must be non-empty';
}

function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Formats a regex failure the way apimachinery's RegexError does. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) {
    return `${msg} (regex used for validation is '${fmt}')`;
  }
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

/**
 * A label key or other "qualified name": an optional DNS subdomain prefix of
 * at most 253 characters and a '/', then a name of 1 to 63 characters.
 *
 * Mirrors apimachinery `IsQualifiedName`.
 */
export function validateQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  switch (parts.length) {
    case 1:
      name = parts[0];
      break;
    case 2: {
      const prefix = parts[0];
      name = parts[1];
      if (prefix.length === 0) {
        errs.push(`prefix part ${emptyError()}`);
      } else {
        errs.push(...validateDns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
      }
      break;
    }
    default:
      return [`a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`
        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) {
    errs.push(`name part ${emptyError()}`);
  } else if (utf8Length(name) > QUALIFIED_NAME_MAX) {
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX)}`);
  }
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/**
 * A label value: empty, or at most 63 alphanumerics, '-', '_' and '.',
 * starting and ending with an alphanumeric.
 *
 * Mirrors apimachinery `IsValidLabelValue`.
 */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX) {
    errs.push(maxLenError(LABEL_VALUE_MAX));
  }
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

/**
 * A DNS-1123 subdomain, as object names use: at most 253 characters of
 * lowercase alphanumerics, '-' and '.', each dot-separated part starting and
 * ending with an alphanumeric.
 *
 * Mirrors apimachinery `IsDNS1123Subdomain`.
 */
export function validateDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX) {
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  }
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/**
 * A DNS-1123 label, as namespace names use: at most 63 characters of
 * lowercase alphanumerics and '-', starting and ending with an alphanumeric.
 *
 * Mirrors apimachinery `IsDNS1123Label`.
 */
export function validateDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX) {
    errs.push(maxLenError(DNS1123_LABEL_MAX));
  }
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) {
      // A valid subdomain but not a label: length is checked, so it must be dots.
      errs.push('must not contain dots');
    } else {
      errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
    }
  }
  return errs;
}

/**
 * A port number: an integer from 1 to 65535.
 *
 * Mirrors apimachinery `IsValidPortNum`; a non-integer is also refused, as
 * the API server's decoder refuses it.
 */
export function validatePortNumber(value: number): string[] {
  const errs: string[] = [];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errs.push('must be an integer');
  }
  if (!(value >= 1 && value <= 65535)) {
    errs.push(inclusiveRangeError(1, 65535));
  }
  return errs;
}

/**
 * A port name (IANA_SVC_NAME): at most 15 characters of [-a-z0-9], with at
 * least one letter, no leading or trailing '-' and no '--'. Returns one
 * message per broken rule.
 *
 * Mirrors apimachinery `IsValidPortName`.
 */
export function validatePortName(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > PORT_NAME_MAX) {
    errs.push(maxLenError(PORT_NAME_MAX));
  }
  if (!PORT_NAME_CHARSET_RE.test(value)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!PORT_NAME_ONE_LETTER_RE.test(value)) {
    errs.push('must contain at least one letter (a-z)');
  }
  if (value.includes('--')) {
    errs.push('must not contain consecutive hyphens');
  }
  if (value.length > 0 && (value.startsWith('-') || value.endsWith('-'))) {
    errs.push('must not begin or end with a hyphen');
  }
  return errs;
}
