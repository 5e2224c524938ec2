import { CliError, CliIo } from './cli-error';
import { collectManifestFiles, readManifests } from './manifests';
import { WELL_KNOWN_SERVICES, wellKnownServices, WellKnownService } from '../analysis/inventory';
import { LoadedManifests, loadManifests } from '../analysis/load';

/*
 * The cluster outside the manifests, as every command that evaluates
 * traffic reads it: `--cluster PATH` and `--services NAMES`.
 */

/** The inventory options of `test`, `matrix`, `diff`, `report` and `lint`. */
export interface InventoryOptions {
  /** `--cluster PATH`, repeatable: files or directories of objects that describe the cluster. */
  readonly cluster?: string[];
  /** `--services NAMES`, repeatable and comma-separated: `dns`, `monitoring`, `ingress` or `all`. */
  readonly services?: string[];
}

/** The well-known services named by `--services` values; `all` names every one. */
export function parseServices(values: ReadonlyArray<string>): WellKnownService[] {
  const names = new Set<WellKnownService>();
  for (const value of values) {
    for (const part of value.split(',').map(p => p.trim()).filter(p => p !== '')) {
      if (part === 'all') {
        WELL_KNOWN_SERVICES.forEach(s => names.add(s));
      } else if ((WELL_KNOWN_SERVICES as string[]).includes(part)) {
        names.add(part as WellKnownService);
      } else {
        throw new CliError(`invalid --services "${value}": unknown service "${part}". Use ${WELL_KNOWN_SERVICES.join(', ')} or all, comma-separated.`);
      }
    }
  }
  return WELL_KNOWN_SERVICES.filter(s => names.has(s));
}

/**
 * Reads the inventory the options name: the well-known services, then the
 * `--cluster` files, which win over them (the set must hold a Kubernetes
 * object). Writes a note
 * to stderr when `--cluster` files hold NetworkPolicies, which are left out.
 */
export function readInventory(options: InventoryOptions, io: CliIo): LoadedManifests[] {
  const services = parseServices(options.services ?? []);
  const parts: LoadedManifests[] = [];
  if (services.length > 0) {
    parts.push(wellKnownServices(services));
  }
  const cluster = options.cluster ?? [];
  if (cluster.length > 0) {
    const loaded = loadManifests(readManifests(collectManifestFiles(cluster)));
    if (loaded.documents.length > 0) {
      const n = loaded.documents.length;
      io.stderr.write(`cdk8s-netpol: note: --cluster ${cluster.join(' ')}: ${n} NetworkPolic${n === 1 ? 'y' : 'ies'} left out; `
        + 'only the policies of PATH are under test.\n');
    }
    parts.push(loaded);
  }
  return parts;
}
