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
import { Verdict } from '../analysis/verdict';
import { Workload } from '../analysis/workload';
import { Protocol } from '../core/protocol';
import { renderDirectionText } from '../render/probe-result';

/** The flow a matcher checks. */
export interface FlowExpectation {
  /** `<namespace>/<name>` of a pod or workload of the manifests, an IP, or a Workload. */
  readonly from: string | Workload;
  /** `<namespace>/<name>` of a pod or workload of the manifests, an IP, or a Workload. */
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

function verdictOf(subject: FlowSubject, flow: FlowExpectation): Verdict {
  return checkFlow(analyzerOf(subject), flow.from, flow.to, flow.port, flow.protocol);
}

function describeFlow(v: Verdict): string {
  const port = v.portName !== undefined ? `${v.port} (${v.portName})` : `${v.port}`;
  return `${v.source.id} -> ${v.destination.id} ${v.protocol} ${port}`;
}

function check(subject: FlowSubject, flow: FlowExpectation, wantAllowed: boolean): MatcherResult {
  const verdict = verdictOf(subject, flow);
  const why = `\n  ${renderDirectionText(verdict.egress)}\n  ${renderDirectionText(verdict.ingress)}`;
  const actual = verdict.allowed ? 'allowed' : 'denied';
  return {
    pass: verdict.allowed === wantAllowed,
    message: () => verdict.allowed === wantAllowed
      ? `expected ${describeFlow(verdict)} not to be ${actual}, but it is:${why}`
      : `expected ${describeFlow(verdict)} to be ${wantAllowed ? 'allowed' : 'denied'}, but it is ${actual}:${why}`,
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
