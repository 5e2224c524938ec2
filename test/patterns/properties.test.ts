import { Chart, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AllowFromApp, EgressToCidr, IpBlock, IsolatedNamespace, LabelExpression, NamespaceSelector, NetworkPolicy,
  Peer, PolicyValidator, Port, Protocol, Selector,
} from '../../src';

// Generators of valid inputs, within the API server's rules.
const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/);
const labelValue = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/);
const labelKey = fc.oneof(
  fc.stringMatching(/^[a-z]([a-z0-9_.-]{0,20}[a-z0-9])?$/),
  fc.tuple(dnsLabel, fc.stringMatching(/^[a-z]([a-z0-9]{0,10})$/)).map(([p, n]) => `${p}.io/${n}`),
);
const labels = fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 3 });
const protocol = fc.constantFrom(Protocol.TCP, Protocol.UDP, Protocol.SCTP);
const portNumber = fc.integer({ min: 1, max: 65535 });
const portName = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,7})?$/);

const expression = fc.oneof(
  fc.tuple(labelKey, fc.array(labelValue, { minLength: 1, maxLength: 3 })).map(([k, v]) => LabelExpression.oneOf(k, v)),
  fc.tuple(labelKey, fc.array(labelValue, { minLength: 1, maxLength: 3 })).map(([k, v]) => LabelExpression.noneOf(k, v)),
  labelKey.map(k => LabelExpression.exists(k)),
  labelKey.map(k => LabelExpression.doesNotExist(k)),
);

const selector = fc.oneof(
  fc.constant(Selector.all()),
  labelValue.map(v => Selector.app(v)),
  labels.map(l => Selector.labels(l)),
  fc.array(expression, { minLength: 1, maxLength: 3 }).map(e => Selector.expressions(e)),
);

const namespaceSelector = fc.oneof(
  fc.constant(NamespaceSelector.all()),
  dnsLabel.map(n => NamespaceSelector.named(n)),
  fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map(n => NamespaceSelector.names(n)),
  labels.map(l => NamespaceSelector.labels(l)),
);

const ipv4Block = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 30 })).map(([ip, prefix]) => {
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const base = Math.floor(n / Math.pow(2, 32 - prefix)) * Math.pow(2, 32 - prefix);
  const text = [24, 16, 8, 0].map(s => Math.floor(base / Math.pow(2, s)) % 256).join('.');
  const exceptBase = base + Math.pow(2, 32 - prefix - 1);
  const except = [24, 16, 8, 0].map(s => Math.floor(exceptBase / Math.pow(2, s)) % 256).join('.');
  return IpBlock.of(`${text}/${prefix}`, [`${except}/${prefix + 2}`]);
});

const peer = fc.oneof(
  selector.map(s => Peer.pods(s)),
  fc.tuple(namespaceSelector, selector).map(([n, s]) => Peer.podsIn(n, s)),
  namespaceSelector.map(n => Peer.namespaces(n)),
  ipv4Block.map(b => Peer.ipBlock(b)),
  fc.constant(Peer.cidr('2001:db8::/32', ['2001:db8:1::/48'])),
);

const port = fc.oneof(
  fc.tuple(protocol, portNumber).map(([p, n]) => Port.number(p, n)),
  fc.tuple(protocol, portNumber, portNumber).map(([p, a, b]) => Port.rangeOf(p, Math.min(a, b), Math.max(a, b))),
  fc.tuple(portName, protocol).map(([n, p]) => Port.named(n, p)),
  protocol.map(p => Port.allOf(p)),
);

const rule = fc.record({
  peers: fc.option(fc.array(peer, { minLength: 1, maxLength: 4 }), { nil: undefined }),
  ports: fc.option(fc.array(port, { minLength: 1, maxLength: 4 }), { nil: undefined }),
});

const program = fc.record({
  namespace: dnsLabel,
  selector,
  ingress: fc.array(rule, { maxLength: 3 }),
  egress: fc.array(rule, { maxLength: 3 }),
  isolate: fc.boolean(),
  cidr: ipv4Block,
  source: selector,
  destination: selector,
});

type Program = typeof program extends fc.Arbitrary<infer T> ? T : never;

function synth(p: Program): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: p.namespace });
  new NetworkPolicy(chart, 'General', { selector: p.selector, ingress: p.ingress, egress: p.egress });
  if (p.isolate) {
    new IsolatedNamespace(chart, 'Isolation', { allowSameNamespace: true });
  }
  new EgressToCidr(chart, 'Cidr', { cidr: p.cidr.cidr, except: p.cidr.except, name: 'egress-cidr' });
  new AllowFromApp(chart, 'Allow', { source: p.source, destination: p.destination, name: 'allow', sourceNamespace: 'other' });
  return Testing.synth(chart);
}

describe('Properties |', () => {
  test('random valid inputs always synthesize objects the validator accepts', () => {
    fc.assert(fc.property(program, p => {
      for (const obj of synth(p)) {
        expect(PolicyValidator.validate(obj)).toEqual([]);
        expect(obj.metadata.namespace).toBeDefined();
        expect(obj.spec.policyTypes.length).toBeGreaterThan(0);
      }
    }), { numRuns: 200 });
  });

  test('the same input always gives the same YAML', () => {
    fc.assert(fc.property(program, p => {
      expect(Yaml.stringify(...synth(p))).toEqual(Yaml.stringify(...synth(p)));
    }), { numRuns: 100 });
  });

  test('every rendered port carries its protocol and never port 0', () => {
    fc.assert(fc.property(fc.array(port, { minLength: 1, maxLength: 6 }), ports => {
      for (const p of Port._normalize(ports)) {
        const kube = p._toKube();
        expect(kube.protocol).toBeDefined();
        expect(kube.port).not.toBe(0);
      }
    }));
  });
});
