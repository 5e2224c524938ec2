import { ManifestError } from './source';

/*
 * A streaming reader of one JSON array, item by item: text comes in chunks
 * of any size, and each item is handed on with its line as soon as it is
 * complete, so memory holds one item at a time, never the whole array.
 *
 * The scanner only finds where items start and end (brackets and strings);
 * each item is then parsed by JSON.parse, so its grammar is exactly JSON's.
 */

/** One item of the array: its parsed value, or what is wrong with its text. */
export interface JsonArrayItem {
  /** The index of the item in the array, from 0. */
  readonly index: number;
  /**
   * The 1-based line where the item starts; undefined for a valid item read
   * in a run of items parsed at once (`JsonArrayScanner` with `runs`).
   */
  readonly line?: number;
  /** The parsed value, when the item is valid JSON. */
  readonly value?: unknown;
  /** Why the item is not valid JSON, with the line of the problem. */
  readonly problem?: { readonly line: number; readonly message: string };
}

const enum State {
  /** Before the opening bracket. */
  START,
  /** After `[`: an item or `]`. */
  FIRST,
  /** After `,`: an item. */
  NEXT,
  /** Inside an item. */
  ITEM,
  /** After the closing bracket: only whitespace. */
  DONE,
}

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * The last comma after `offset` that follows a `}` or `]` (spaces aside),
 * where an object or list item likely ends; -1 when none of the last few
 * commas does. A likely end only: `run` proves it by parsing.
 */
function lastItemComma(chunk: string, offset: number): number {
  let comma = chunk.lastIndexOf(',');
  for (let tries = 0; tries < 64 && comma > offset; tries++) {
    let j = comma - 1;
    while (j > offset && isSpace(chunk.charCodeAt(j))) {
      j--;
    }
    const c = chunk.charCodeAt(j);
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      return comma;
    }
    comma = chunk.lastIndexOf(',', comma - 1);
  }
  return -1;
}

/** The least text worth a run: below this, scanning item by item costs little. */
const MIN_RUN = 4096;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
}

/**
 * Reads one JSON array from text pushed in chunks, and calls `onItem` for
 * each item in order, valid or not: a bad item does not stop the reading,
 * so every bad item of a file can be reported at once. Text around the
 * items that is not a JSON array (no `[`, a trailing comma, text after the
 * `]`, an unterminated array) throws a `ManifestError` with its line.
 */
export class JsonArrayScanner {
  private state = State.START;
  /** The line of the character being scanned, 1-based. */
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Parts of the current item from earlier chunks. */
  private parts: string[] = [];
  private itemLine = 0;
  private index = 0;
  /** Items complete but not yet parsed: parsed together, one JSON.parse per batch. */
  private batch: string[] = [];
  private batchLines: number[] = [];

  /**
   * @param file the file name, for errors
   * @param onItem called with each item, in order
   * @param runs parse runs of items with one JSON.parse where possible: much
   * faster, but valid items get no line (find it with a second scanner
   * without runs, if needed)
   */
  constructor(private readonly file: string, private readonly onItem: (item: JsonArrayItem) => void,
    private readonly runs = false) {
  }

  /** Scans the next chunk of text. */
  public push(chunk: string): void {
    let offset = 0;
    let tryRun = this.runs;
    while (offset < chunk.length) {
      if (tryRun && (this.state === State.FIRST || this.state === State.NEXT) && chunk.length - offset >= MIN_RUN) {
        const end = this.run(chunk, offset);
        // One try per chunk: a run that fails (a bad item) is left to the scan.
        tryRun = false;
        if (end > offset) {
          offset = end;
          continue;
        }
      }
      offset = this.scan(chunk, offset, tryRun);
    }
    this.parseBatch();
  }

  /**
   * Parses the items from `offset` to the last comma of the chunk with one
   * JSON.parse, and returns the offset after that comma; or returns
   * `offset` when that text is not a run of valid items. A successful parse
   * proves the comma ends an item at the top level: a comma inside a string
   * or an object would leave the text unterminated.
   */
  private run(chunk: string, offset: number): number {
    const comma = lastItemComma(chunk, offset);
    if (comma < 0) {
      return offset;
    }
    let values: unknown;
    try {
      values = JSON.parse(`[${chunk.slice(offset, comma)}]`);
    } catch {
      return offset;
    }
    if (!Array.isArray(values) || values.length === 0) {
      return offset;
    }
    this.parseBatch();
    for (const value of values) {
      this.onItem({ index: this.index++, value });
    }
    for (let i = chunk.indexOf('\n', offset); i >= 0 && i < comma; i = chunk.indexOf('\n', i + 1)) {
      this.line++;
    }
    this.state = State.NEXT;
    return comma + 1;
  }

  /**
   * Scans from `offset`; with `stopAtItem`, returns after the comma that
   * ends an item, else at the end of the chunk.
   */
  private scan(chunk: string, offset: number, stopAtItem: boolean): number {
    const n = chunk.length;
    let i = offset;
    let itemStart = this.state === State.ITEM ? offset : -1;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.state === State.ITEM) {
        // The hot loop: find the end of the item.
        if (this.inString) {
          if (this.escaped) {
            this.escaped = false;
          } else if (c === BACKSLASH) {
            this.escaped = true;
          } else if (c === QUOTE) {
            this.inString = false;
          } else if (c === NEWLINE) {
            this.line++;
          }
        } else if (c === QUOTE) {
          this.inString = true;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.depth++;
        } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && this.depth > 0) {
          this.depth--;
        } else if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
          this.parts.push(chunk.slice(itemStart, i));
          this.finishItem();
          itemStart = -1;
          this.state = c === COMMA ? State.NEXT : State.DONE;
          if (stopAtItem && c === COMMA) {
            return i + 1;
          }
        } else if (c === NEWLINE) {
          this.line++;
        }
        i++;
        continue;
      }
      if (c === NEWLINE) {
        this.line++;
        i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (this.state) {
        case State.START:
          if (c !== OPEN_BRACKET) {
            throw this.error('expected a JSON list ("[" first)', 'NotAList');
          }
          this.state = State.FIRST;
          break;
        case State.FIRST:
        case State.NEXT:
          if (c === CLOSE_BRACKET || c === COMMA) {
            if (c === COMMA || this.state === State.NEXT) {
              throw this.error(c === COMMA ? 'an empty item (",," or "[,")' : 'a comma before "]". Remove the trailing comma');
            }
            this.state = State.DONE;
            break;
          }
          this.state = State.ITEM;
          this.itemLine = this.line;
          this.depth = 0;
          itemStart = i;
          continue; // scan this character as the item's first
        case State.DONE:
          throw this.error('text after the closing "]". Write one list');
      }
      i++;
    }
    if (this.state === State.ITEM && itemStart >= 0) {
      this.parts.push(chunk.slice(itemStart));
    }
    return n;
  }

  /** Ends the text: the array must be complete. */
  public end(): void {
    this.parseBatch();
    if (this.state === State.START) {
      throw this.error('the text holds no JSON list', 'NotAList');
    }
    if (this.state !== State.DONE) {
      throw this.error('the JSON list is not closed with "]"');
    }
  }

  private finishItem(): void {
    this.batch.push(this.parts.length === 1 ? this.parts[0] : this.parts.join(''));
    this.batchLines.push(this.itemLine);
    this.parts = [];
  }

  /**
   * Parses the items found so far and hands them on: all at once when they
   * are all valid JSON (the common case), else one by one, so each bad item
   * gets its own problem.
   */
  private parseBatch(): void {
    const texts = this.batch;
    const lines = this.batchLines;
    if (texts.length === 0) {
      return;
    }
    this.batch = [];
    this.batchLines = [];
    let values: unknown[] | undefined;
    try {
      values = JSON.parse(`[${texts.join(',')}]`);
    } catch {
      values = undefined;
    }
    // A batch that parses to as many values as it has items has only valid items: an item
    // with a stray comma inside would have made more values, or failed.
    if (values !== undefined && values.length === texts.length) {
      for (let i = 0; i < values.length; i++) {
        this.onItem({ index: this.index++, line: lines[i], value: values[i] });
      }
      return;
    }
    for (let i = 0; i < texts.length; i++) {
      const index = this.index++;
      let value: unknown;
      try {
        value = JSON.parse(texts[i]);
      } catch (e) {
        this.onItem({ index, line: lines[i], problem: jsonProblem(e, texts[i], lines[i]) });
        continue;
      }
      this.onItem({ index, line: lines[i], value });
    }
  }

  private error(message: string, code = 'InvalidJson'): ManifestError {
    return new ManifestError(code, message, { file: this.file, line: this.line });
  }
}

/** A JSON.parse error as a sentence, at the line of its position in `text` (which starts on `line`). */
function jsonProblem(error: unknown, text: string, line: number): { line: number; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  let at = line;
  if (position) {
    const end = Math.min(Number(position[1]), text.length);
    for (let i = 0; i < end; i++) {
      if (text.charCodeAt(i) === NEWLINE) {
        at++;
      }
    }
  }
  const message = raw
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '');
  return { line: at, message: `invalid JSON: ${message}` };
}
