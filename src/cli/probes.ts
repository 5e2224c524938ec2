import { isAscii } from 'buffer';
import * as fs from 'fs';
import { CliError } from './cli-error';
import { describeFsError, readFileOrThrow } from './manifests';
import { JsonArrayItem, JsonArrayScanner } from '../analysis/manifests/json-array';
import { ManifestReader } from '../analysis/manifests/reader';
import { formatLocation, ManifestError } from '../analysis/manifests/source';
import { parseProbe, ProbeRunner, ProbeSpec } from '../analysis/probes';

/*
 * Probes files. A `.json` file is streamed: read in chunks, each probe
 * parsed as its text completes, so memory holds one chunk and one probe,
 * however many probes the file has. Any other file is YAML (or JSON) read
 * whole by the manifest reader. Either way the file is read twice: once to
 * check every probe, reporting all bad ones at once, and once to run them,
 * so no output starts before the input is known to be good.
 */

/** How many bytes of a JSON probes file are read at a time. */
const CHUNK_BYTES = 256 * 1024;

/** A probe and the line it was written on. */
export interface ReadProbe {
  readonly probe: ProbeSpec;
  /** Its position in the file, from 0. */
  readonly index: number;
  readonly line?: number;
}

const EXAMPLE = '"- { from: shop/web, to: shop/api, port: 8080, expect: allow }"';

/**
 * A probes file: one YAML or JSON document holding a list of
 * `{ from, to, port, protocol?, expect? }`.
 */
export class ProbesFile {
  /** The items of a YAML file, read on the first pass. */
  private yamlItems?: ReadonlyArray<JsonArrayItem>;

  constructor(public readonly file: string, private readonly reader: ManifestReader = new ManifestReader()) {
  }

  /**
   * Checks every probe: its fields (`parseProbe`), its ends and named port
   * (`runner.problems`, with "did you mean" for workload names). Throws one
   * `CliError` with a line per problem, each naming the file, the line and
   * the probe's number; returns how many probes there are.
   */
  public check(runner: ProbeRunner): number {
    const problems: Array<{ readonly index: number; line?: number; readonly message: string }> = [];
    let count = 0;
    this.items(item => {
      count++;
      if (item.problem) {
        problems.push({ index: item.index, line: item.problem.line, message: item.problem.message });
        return;
      }
      const parsed = parseProbe(item.value);
      for (const message of parsed.probe ? runner.problems(parsed.probe) : parsed.problems) {
        problems.push({ index: item.index, line: item.line, message });
      }
    });
    if (problems.length === 0) {
      return count;
    }
    // Probes read in runs have no line yet: scan for theirs.
    const unplaced = new Set(problems.filter(p => p.line === undefined).map(p => p.index));
    if (unplaced.size > 0) {
      const lines = new Map<number, number | undefined>();
      this.items(item => {
        if (unplaced.has(item.index)) {
          lines.set(item.index, item.line);
        }
      }, false);
      for (const problem of problems) {
        problem.line ??= lines.get(problem.index);
      }
    }
    throw new CliError(problems.map(p => `${formatLocation({ file: this.file, line: p.line })}: probe ${p.index + 1}: ${p.message}`));
  }

  /** Calls `fn` with each probe in order; run `check()` first (a bad probe throws here). */
  public forEach(fn: (probe: ReadProbe) => void): void {
    this.items(item => {
      const parsed = item.problem ? undefined : parseProbe(item.value);
      if (!parsed?.probe) {
        throw new CliError(`${formatLocation({ file: this.file, line: item.line })}: probe ${item.index + 1}: `
          + `${item.problem?.message ?? parsed?.problems[0]} (the file changed while it was read)`);
      }
      fn({ probe: parsed.probe, index: item.index, line: item.line });
    });
  }

  /**
   * Each item of the file's list, valid JSON or not. With `runs`, a JSON
   * file's valid items are parsed in runs, without their lines.
   */
  private items(fn: (item: JsonArrayItem) => void, runs = true): void {
    if (/\.json$/i.test(this.file)) {
      this.streamJson(fn, runs);
      return;
    }
    if (!this.yamlItems) {
      const documents = this.reader.documents(readFileOrThrow(this.file), this.file);
      if (documents.length !== 1 || !Array.isArray(documents[0].value)) {
        throw new CliError(`${this.file}: expected one list of probes, e.g. ${EXAMPLE}`);
      }
      const doc = documents[0];
      this.yamlItems = (doc.value as unknown[]).map((value, index) => ({ index, value, line: doc.itemLine(index) ?? doc.source.line }));
    }
    this.yamlItems.forEach(fn);
  }

  /** Reads a JSON file in chunks, handing on each item of its list as it completes. */
  private streamJson(fn: (item: JsonArrayItem) => void, runs: boolean): void {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (e) {
      throw new CliError(`${this.file}: ${describeFsError(e)}`);
    }
    const scanner = new JsonArrayScanner(this.file, fn, runs);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let first = true;
    let ascii = true;
    try {
      for (;;) {
        let bytes: number;
        try {
          bytes = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
        } catch (e) {
          throw new CliError(`${this.file}: ${describeFsError(e)}`);
        }
        let text: string;
        if (ascii && isAscii(buffer.subarray(0, bytes))) {
          // ASCII (most probes files) is its own UTF-8: no decoder needed.
          text = buffer.toString('latin1', 0, bytes);
        } else {
          ascii = false; // from here on, the decoder keeps the state between chunks
          try {
            text = decoder.decode(buffer.subarray(0, bytes), { stream: bytes > 0 });
          } catch {
            throw new CliError(`${this.file}: the file is not valid UTF-8. Save it as UTF-8.`);
          }
        }
        if (first && text.charCodeAt(0) === 0xfeff) {
          text = text.slice(1);
        }
        first = first && text.length === 0;
        scanner.push(text);
        if (bytes === 0) {
          break;
        }
      }
      scanner.end();
    } catch (e) {
      if (e instanceof ManifestError && e.code === 'NotAList') {
        throw new CliError(`${this.file}: expected one list of probes, e.g. ${EXAMPLE}`);
      }
      throw e;
    } finally {
      fs.closeSync(fd);
    }
  }
}
