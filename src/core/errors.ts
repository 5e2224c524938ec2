/**
 * An error in the input of a value object or construct of this library.
 *
 * `code` is a stable PascalCase identifier for tests and tools; the message
 * says what is wrong, quotes the value and says how to fix it.
 *
 * @internal
 */
export class PolicyError extends Error {
  public readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'PolicyError';
  }
}

