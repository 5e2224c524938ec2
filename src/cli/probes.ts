import { CliError, messageOf } from './cli-error';
import { readFileOrThrow } from './manifests';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { ManifestReader } from '../analysis/manifests/reader';
import { formatLocation } from '../analysis/manifests/source';
import { parseProbesFile, ProbeOutcome, ReadProbe, runProbe } from '../analysis/probes';
import { PolicyError } from '../core/errors';

/*
 * Probes files: read the bytes, parse them (analysis/probes), check every
 * probe, ask the analyzer; every problem is a CliError.
 */

/**
 * Reads a probes file (see `parseProbesFile`); every bad probe is reported
 * at once, each with its number and line.
 */
export function readProbes(file: string, reader: ManifestReader = new ManifestReader()): ReadProbe[] {
  const { probes, problems } = parseProbesFile(readFileOrThrow(file), file, reader);
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
