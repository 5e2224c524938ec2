import { matchesRef, parseWorkloadRef, Workload, WorkloadRef } from '../analysis/workload';
import { checkAppName, checkLabels, checkNamespaceName, quote } from '../core/checks';
import { PolicyError } from '../core/errors';
import { parseIp } from '../kube/cidr';
import { compareStrings } from '../util/strings';

type Part =
  | { readonly kind: 'all' }
  | { readonly kind: 'namespaces'; readonly names: string[] }
  | { readonly kind: 'workload'; readonly ref: string; readonly parsed: WorkloadRef }
  | { readonly kind: 'labels'; readonly namespace?: string; readonly labels: { [key: string]: string } }
  | { readonly kind: 'app'; readonly namespace?: string; readonly name: string }
  | { readonly kind: 'ip'; readonly address: string };

/**
 * A set of workloads that a connectivity invariant talks about: the pods
 * and workloads of the app that match, or an external IP.
 *
 * @example
 * WorkloadSet.namespace('prod');
 * WorkloadSet.workload('payments/payments-db');
 * WorkloadSet.app('payments-api', 'payments');
 */
export class WorkloadSet {
  /** Every workload of the app. */
  public static all(): WorkloadSet {
    return new WorkloadSet({ kind: 'all' });
  }

  /** Every workload of a namespace. */
  public static namespace(name: string): WorkloadSet {
    return WorkloadSet.namespaces([name]);
  }

  /** Every workload of these namespaces. */
  public static namespaces(names: string[]): WorkloadSet {
    if (!Array.isArray(names) || names.length === 0) {
      throw new PolicyError('EmptyNamespaceNames', 'WorkloadSet.namespaces() needs at least one name.');
    }
    names.forEach(checkNamespaceName);
    return new WorkloadSet({ kind: 'namespaces', names: [...new Set(names)].sort(compareStrings) });
  }

  /**
   * One workload or pod, as `<namespace>/<name>` (e.g. the name of a
   * Deployment), or `<namespace>/<Kind>/<name>` when the name is ambiguous.
   */
  public static workload(ref: string): WorkloadSet {
    const parsed = parseWorkloadRef(ref);
    if (parsed === undefined) {
      throw new PolicyError('InvalidWorkloadRef',
        `Invalid workload reference ${quote(ref)}: use "<namespace>/<name>", e.g. "payments/payments-db".`);
    }
    checkNamespaceName(parsed.namespace);
    return new WorkloadSet({ kind: 'workload', ref, parsed });
  }

  /**
   * Workloads whose pods carry all of `labels`.
   *
   * @param labels the labels
   * @param namespace only in this namespace
   *   (default: any namespace)
   */
  public static labels(labels: { [key: string]: string }, namespace?: string): WorkloadSet {
    checkLabels(labels);
    if (namespace !== undefined) {
      checkNamespaceName(namespace);
    }
    return new WorkloadSet({ kind: 'labels', namespace, labels: { ...labels } });
  }

  /**
   * Workloads of one app: their pods' app label (see `Conventions.appLabelKey`) is `name`.
   *
   * @param name the app
   * @param namespace only in this namespace
   *   (default: any namespace)
   */
  public static app(name: string, namespace?: string): WorkloadSet {
    checkAppName(name);
    if (namespace !== undefined) {
      checkNamespaceName(namespace);
    }
    return new WorkloadSet({ kind: 'app', namespace, name });
  }

  /**
   * An address outside the cluster, e.g. "203.0.113.10" or "2001:db8::1".
   */
  public static ip(address: string): WorkloadSet {
    if (typeof address !== 'string' || parseIp(address) === undefined) {
      throw new PolicyError('InvalidIp', `Invalid IP address ${quote(address)}: use e.g. "203.0.113.10" or "2001:db8::1".`);
    }
    return new WorkloadSet({ kind: 'ip', address });
  }

  private constructor(private readonly part: Part) {}

  /** For people, e.g. `namespace prod`, `payments/payments-db`. */
  public toString(): string {
    const p = this.part;
    switch (p.kind) {
      case 'all': return 'every workload';
      case 'namespaces': return `namespace ${p.names.join(', ')}`;
      case 'workload': return p.ref;
      case 'labels': return `${Object.keys(p.labels).sort(compareStrings).map(k => `${k}=${p.labels[k]}`).join(',')}${p.namespace ? ` in ${p.namespace}` : ''}`;
      case 'app': return `app ${p.name}${p.namespace ? ` in ${p.namespace}` : ''}`;
      case 'ip': return p.address;
    }
  }

  /**
   * The external workload this set adds to the inventory, if any.
   *
   * @internal
   */
  public _external(): Workload | undefined {
    return this.part.kind === 'ip' ? Workload.external(this.part.address) : undefined;
  }

  /**
   * Whether `workload` is in the set.
   *
   * @internal
   */
  public _contains(workload: Workload, appLabelKey: string): boolean {
    const p = this.part;
    switch (p.kind) {
      case 'all': return !workload.isExternal;
      case 'namespaces': return workload.namespace !== undefined && p.names.includes(workload.namespace);
      case 'workload': return matchesRef(workload, p.parsed);
      case 'labels':
        return !workload.isExternal && (p.namespace === undefined || workload.namespace === p.namespace)
          && Object.entries(p.labels).every(([k, v]) => workload.labels[k] === v);
      case 'app':
        return !workload.isExternal && (p.namespace === undefined || workload.namespace === p.namespace)
          && workload.labels[appLabelKey] === p.name;
      case 'ip': return workload.isExternal && workload.ips.includes(p.address);
    }
  }
}
