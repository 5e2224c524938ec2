/**
 * Jest matchers for connectivity, for users' own tests:
 *
 *   import 'cdk8s-netpol/lib/testing/jest';
 *
 *   expect(chart).toAllow({ from: 'shop/web', to: 'shop/api', port: 8080 });
 *   expect(chart).toDeny({ from: 'shop/web', to: 'shop/db', port: 5432 });
 *
 * Not part of the jsii API (index.ts does not re-export it): jest is
 * JavaScript only.
 */
import { App, Chart } from 'cdk8s';
import { PolicyAnalyzer } from '../analysis/analyzer';
import { checkFlow } from '../analysis/probes';
import { addressesIn } from '../analysis/samples';
import { Verdict } from '../analysis/verdict';
import { Workload } from '../analysis/workload';
import { Protocol } from '../core/protocol';
import { cidrContainsAddress, parseCidr } from '../kube/cidr';
import { renderDirectionText } from '../render/probe-result';

/** The flow a matcher checks. */
export interface FlowExpectation {
  /**
   * `<namespace>/<name>` of a pod or workload of the manifests, an IP, a
   * CIDR (every address in it), or a Workload.
   */
  readonly from: string | Workload;
  /**
   * `<namespace>/<name>` of a pod or workload of the manifests, an IP, a
   * CIDR (every address in it), or a Workload.
   */
  readonly to: string | Workload;
  /** A port number, or the name of a container port of the destination. */
  readonly port: number | string;
  /** Defaults to the named port's protocol, else TCP. */
  readonly protocol?: Protocol | 'TCP' | 'UDP' | 'SCTP';
}

/** What the matchers accept: a chart, an app, or an analyzer with extra workloads added. */
export type FlowSubject = Chart | App | PolicyAnalyzer;

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function analyzerOf(subject: FlowSubject): PolicyAnalyzer {
  if (subject instanceof PolicyAnalyzer) {
    return subject;
  }
  if (subject instanceof App) {
    return PolicyAnalyzer.fromApp(subject);
  }
  if (subject instanceof Chart) {
    return PolicyAnalyzer.fromChart(subject);
  }
  throw new Error('toAllow/toDeny expect a cdk8s Chart, App or PolicyAnalyzer.');
}

/**
 * The verdicts on the flow: one, or, when an end is a CIDR, one per
 * address of it that can get a verdict of its own (see `addressesIn`) and
 * per pod of the manifests with an IP in it.
 */
function verdictsOf(subject: FlowSubject, flow: FlowExpectation): Verdict[] {
  const analyzer = analyzerOf(subject);
  const sources = endsOf(analyzer, flow.from);
  const destinations = endsOf(analyzer, flow.to);
  return sources.flatMap(source => destinations.map(destination =>
    checkFlow(analyzer, source, destination, flow.port, flow.protocol)));
}

/** An end of the flow as given, or the addresses that stand for a CIDR. */
function endsOf(analyzer: PolicyAnalyzer, end: string | Workload): Array<string | Workload> {
  const cidr = typeof end === 'string' && end.includes('/') ? parseCidr(end) : undefined;
  if (cidr === undefined || typeof cidr === 'string') {
    return [end];
  }
  const podIps = analyzer.workloads.filter(w => !w.isExternal).flatMap(w => w.ips).filter(ip => cidrContainsAddress(cidr, ip));
  return [...new Set([...addressesIn(analyzer._policy().policies, cidr), ...podIps])];
}

function describeFlow(v: Verdict): string {
  const port = v.portName !== undefined ? `${v.port} (${v.portName})` : `${v.port}`;
  return `${v.source.id} -> ${v.destination.id} ${v.protocol} ${port}`;
}

function check(subject: FlowSubject, flow: FlowExpectation, wantAllowed: boolean): MatcherResult {
  const verdicts = verdictsOf(subject, flow);
  // The verdict that decides: the first that breaks the expectation, else the first.
  const failing = verdicts.find(v => v.allowed !== wantAllowed);
  const verdict = failing ?? verdicts[0];
  const why = `\n  ${renderDirectionText(verdict.egress)}\n  ${renderDirectionText(verdict.ingress)}`;
  const actual = verdict.allowed ? 'allowed' : 'denied';
  const ofRange = verdicts.length > 1 ? ` (one of ${verdicts.length} flows the range stands for)` : '';
  return {
    pass: failing === undefined,
    message: () => failing === undefined
      ? `expected ${describeFlow(verdict)}${ofRange} not to be ${actual}, but ${verdicts.length > 1 ? 'every flow of the range is' : 'it is'}:${why}`
      : `expected ${describeFlow(verdict)}${ofRange} to be ${wantAllowed ? 'allowed' : 'denied'}, but it is ${actual}:${why}`,
  };
}

/** The matchers, for `expect.extend()` when they are not installed automatically. */
export const netpolMatchers = {
  toAllow(received: FlowSubject, flow: FlowExpectation): MatcherResult {
    return check(received, flow, true);
  },
  toDeny(received: FlowSubject, flow: FlowExpectation): MatcherResult {
    return check(received, flow, false);
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The flow is allowed by the NetworkPolicies of the chart, app or analyzer. */
      toAllow(flow: FlowExpectation): R;
      /** The flow is denied by the NetworkPolicies of the chart, app or analyzer. */
      toDeny(flow: FlowExpectation): R;
    }
  }
}

const globalExpect = (globalThis as { expect?: { extend(matchers: object): void } }).expect;
if (globalExpect && typeof globalExpect.extend === 'function') {
  globalExpect.extend(netpolMatchers);
}
