import { CliError, messageOf } from './cli-error';
import { readFileOrThrow } from './manifests';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { ManifestReader } from '../analysis/manifests/reader';
import { formatLocation } from '../analysis/manifests/source';
import { parseProbe, ProbeOutcome, ProbeSpec, runProbe } from '../analysis/probes';
import { PolicyError } from '../core/errors';

/*
 * Probes files: read with the manifest reader, check every probe, ask the
 * analyzer.
 */

/** A probe and the line it was written on. */
export interface ReadProbe {
  readonly probe: ProbeSpec;
  readonly line?: number;
}

/**
 * Reads a probes file: one YAML or JSON document holding a list of
 * `{ from, to, port, protocol?, expect? }`. Every bad probe is reported at
 * once, each with its number and line.
 */
export function readProbes(file: string, reader: ManifestReader = new ManifestReader()): ReadProbe[] {
  const documents = reader.documents(readFileOrThrow(file), file);
  if (documents.length !== 1 || !Array.isArray(documents[0].value)) {
    throw new CliError(`${file}: expected one list of probes, e.g. "- { from: shop/web, to: shop/api, port: 8080, expect: allow }"`);
  }
  const doc = documents[0];
  const problems: string[] = [];
  const probes: ReadProbe[] = [];
  (doc.value as unknown[]).forEach((value, i) => {
    const line = doc.itemLine(i);
    const parsed = parseProbe(value);
    for (const problem of parsed.problems) {
      problems.push(`${formatLocation({ file, line })}: probe ${i + 1}: ${problem}`);
    }
    if (parsed.probe) {
      probes.push({ probe: parsed.probe, line });
    }
  });
  if (problems.length > 0) {
    throw new CliError(problems);
  }
  return probes;
}

/** Runs every probe in order; a probe whose ends or port do not resolve is bad input, naming it. */
export function runProbes(analyzer: PolicyAnalyzer, probes: ReadonlyArray<ReadProbe>, file: string): ProbeOutcome[] {
  return probes.map((entry, i) => {
    try {
      return runProbe(analyzer, entry.probe);
    } catch (e) {
      if (e instanceof PolicyError) {
        throw new CliError(`${formatLocation({ file, line: entry.line })}: probe ${i + 1}: ${messageOf(e)}`);
      }
      throw e;
    }
  });
}
