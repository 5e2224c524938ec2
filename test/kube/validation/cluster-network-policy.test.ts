import { lines } from './_support';
import { CrdChannelName } from '../../../src/kube/cluster-shapes';
import {
  isClusterNetworkPolicyManifest,
  NAMED_PORT_RULE_MESSAGE,
  validateClusterNetworkPolicy,
} from '../../../src/kube/validation/cluster-network-policy';

/** A valid Admin policy that uses every standard field. */
function cnp(spec: any = {}, extra: any = {}): any {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'guardrail' },
    spec: {
      tier: 'Admin',
      priority: 10,
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ...spec,
    },
    ...extra,
  };
}

function egress(rule: any): any {
  return cnp({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], ...rule }] });
}

function ingress(rule: any): any {
  return cnp({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }], ...rule }] });
}

function tcp(destinationPort: any): any {
  return egress({ protocols: [{ tcp: { destinationPort } }] });
}

function validate(manifest: unknown, channel: CrdChannelName = 'experimental'): string[] {
  return lines(validateClusterNetworkPolicy(manifest, { channel, requireName: true }));
}

const FULL = cnp({
  ingress: [
    {
      name: 'accept-monitoring',
      action: 'Accept',
      from: [
        { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} } },
        { namespaces: { matchExpressions: [{ key: 'env', operator: 'In', values: ['ops'] }] } },
      ],
      protocols: [
        { tcp: { destinationPort: { number: 9090 } } },
        { udp: { destinationPort: { range: { start: 1000, end: 2000 } } } },
        { sctp: { destinationPort: { number: 9 } } },
        { destinationNamedPort: 'metrics' },
      ],
    },
  ],
  egress: [
    { name: 'deny-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }] },
    { name: 'pass-pods', action: 'Pass', to: [{ pods: { podSelector: { matchLabels: { app: 'web' } } } }] },
  ],
});

describe('validateClusterNetworkPolicy |', () => {
  describe('accepts', () => {
    test.each<[string, any, CrdChannelName[]]>([
      ['a policy that uses every standard field', FULL, ['standard', 'experimental']],
      ['the minimal policy', cnp(), ['standard', 'experimental']],
      ['priority 0 and 1000', cnp({ priority: 1000 }), ['standard', 'experimental']],
      ['a Baseline tier', cnp({ tier: 'Baseline', priority: 0 }), ['standard', 'experimental']],
      ['a pods subject without a namespaceSelector', cnp({ subject: { pods: { podSelector: {} } } }), ['standard', 'experimental']],
      ['a CIDR with host bits set', egress({ to: [{ networks: ['10.0.0.7/8'] }] }), ['standard', 'experimental']],
      ['a 100-character rule name', egress({ name: 'r'.repeat(100) }), ['standard', 'experimental']],
      ['25 rules', cnp({ egress: Array.from({ length: 25 }, () => ({ action: 'Deny', to: [{ namespaces: {} }] })) }), ['standard', 'experimental']],
      ['networks with a named port (no CEL rule in standard)', egress({ to: [{ networks: ['10.0.0.0/8'] }], protocols: [{ destinationNamedPort: 'http' }] }), ['standard']],
      ['a nodes peer', egress({ to: [{ nodes: { matchLabels: { role: 'control-plane' } } }] }), ['experimental']],
      ['domain names, wildcard and trailing dot', egress({ action: 'Accept', to: [{ domainNames: ['*.example.com', 'api.example.com.', 'a_b.example.io'] }] }), ['experimental']],
      ['a named port beside pods peers', egress({ to: [{ pods: { podSelector: {} } }], protocols: [{ destinationNamedPort: 'http' }] }), ['experimental']],
      ['nulls, as absent values', cnp({ ingress: null, egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: null, name: null }] }), ['standard', 'experimental']],
      ['a status with conditions', cnp({}, { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Ok', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }] } }), ['standard', 'experimental']],
    ])('%s', (_, manifest, channels) => {
      for (const channel of channels) {
        // THEN
        expect(validate(manifest, channel)).toEqual([]);
      }
    });
  });

  describe('rejects, at the API server field path,', () => {
    test.each<[string, any, string | string[]]>([
      ['a missing spec', cnp({}, { spec: undefined }), 'spec: Required value: a ClusterNetworkPolicy needs a spec with tier, priority and subject'],
      ['a missing tier', cnp({ tier: undefined }), 'spec.tier: Required value'],
      ['an unknown tier', cnp({ tier: 'admin' }), 'spec.tier: Unsupported value: "admin": supported values: "Admin", "Baseline". Did you mean "Admin"?'],
      ['a missing priority', cnp({ priority: undefined }), 'spec.priority: Required value'],
      ['priority -1', cnp({ priority: -1 }), 'spec.priority: Invalid value: -1: spec.priority in body should be greater than or equal to 0'],
      ['priority 1001', cnp({ priority: 1001 }), 'spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000'],
      ['a quoted priority', cnp({ priority: '10' }), 'spec.priority: Invalid value: "string": spec.priority in body must be of type integer: "string"'],
      ['a fractional priority', cnp({ priority: 1.5 }), 'spec.priority: Invalid value: 1.5: spec.priority in body must be of type integer: "number"'],
      ['a missing subject', cnp({ subject: undefined }), 'spec.subject: Required value'],
      ['an empty subject', cnp({ subject: {} }), 'spec.subject: Invalid value: 0: spec.subject in body should have at least 1 properties. Set one of `namespaces`, `pods`.'],
      ['two subjects', cnp({ subject: { namespaces: {}, pods: { podSelector: {} } } }), 'spec.subject: Too many: 2: must have at most 1 items. Set only one of `namespaces`, `pods`.'],
      ['a pods subject without podSelector', cnp({ subject: { pods: { namespaceSelector: {} } } }), 'spec.subject.pods.podSelector: Required value'],
      ['26 ingress rules', cnp({ ingress: Array.from({ length: 26 }, () => ({ action: 'Deny', from: [{ namespaces: {} }] })) }), 'spec.ingress: Too many: 26: must have at most 25 items. Split the list across rules or policies.'],
      ['a rule without action', ingress({ action: undefined }), 'spec.ingress[0].action: Required value'],
      ['an unknown action', ingress({ action: 'Allow' }), 'spec.ingress[0].action: Unsupported value: "Allow": supported values: "Accept", "Deny", "Pass"'],
      ['a rule name of 101 characters', ingress({ name: 'n'.repeat(101) }), 'spec.ingress[0].name: Too long: may not be more than 100 bytes'],
      ['an ingress rule without from', ingress({ from: undefined }), 'spec.ingress[0].from: Required value'],
      ['an empty from', ingress({ from: [] }), 'spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items'],
      ['an empty to', egress({ to: [] }), 'spec.egress[0].to: Invalid value: 0: spec.egress[0].to in body should have at least 1 items'],
      ['26 peers', egress({ to: Array.from({ length: 26 }, () => ({ namespaces: {} })) }), 'spec.egress[0].to: Too many: 26: must have at most 25 items. Split the list across rules or policies.'],
      ['an empty peer', egress({ to: [{}] }), 'spec.egress[0].to[0]: Invalid value: 0: spec.egress[0].to[0] in body should have at least 1 properties. Set one of `namespaces`, `pods`, `networks`, `nodes`, `domainNames`.'],
      ['two kinds in one peer', egress({ to: [{ namespaces: {}, networks: ['10.0.0.0/8'] }] }), 'spec.egress[0].to[0]: Too many: 2: must have at most 1 items. Set only one of `namespaces`, `networks`; use one list item per choice.'],
      ['a networks peer on ingress', ingress({ from: [{ networks: ['10.0.0.0/8'] }] }), ['spec.ingress[0].from[0].networks: unknown field "networks". `networks` peers are for egress only: ingress peers are namespaces or pods.',
        'spec.ingress[0].from[0]: Invalid value: 0: spec.ingress[0].from[0] in body should have at least 1 properties. Set one of `namespaces`, `pods`.']],
      ['an ipBlock peer', egress({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }), ['spec.egress[0].to[0].ipBlock: unknown field "ipBlock". Write CIDRs as networks: ["10.0.0.0/8"]; there is no except.',
        'spec.egress[0].to[0]: Invalid value: 0: spec.egress[0].to[0] in body should have at least 1 properties. Set one of `namespaces`, `pods`, `networks`, `nodes`, `domainNames`.']],
      ['an empty protocols list', egress({ protocols: [] }), 'spec.egress[0].protocols: Invalid value: 0: spec.egress[0].protocols in body should have at least 1 items'],
      ['a port-less tcp', tcp(undefined), 'spec.egress[0].protocols[0].tcp: Invalid value: 0: spec.egress[0].protocols[0].tcp in body should have at least 1 properties. Set one of `destinationPort`.'],
      ['two protocols in one item', egress({ protocols: [{ tcp: { destinationPort: { number: 1 } }, udp: { destinationPort: { number: 1 } } }] }), 'spec.egress[0].protocols[0]: Too many: 2: must have at most 1 items. Set only one of `tcp`, `udp`; use one list item per choice.'],
      ['port 0', tcp({ number: 0 }), 'spec.egress[0].protocols[0].tcp.destinationPort.number: Invalid value: 0: spec.egress[0].protocols[0].tcp.destinationPort.number in body should be greater than or equal to 1'],
      ['port 65536', tcp({ number: 65536 }), 'spec.egress[0].protocols[0].tcp.destinationPort.number: Invalid value: 65536: spec.egress[0].protocols[0].tcp.destinationPort.number in body should be less than or equal to 65535'],
      ['a number and a range', tcp({ number: 1, range: { start: 1, end: 2 } }), 'spec.egress[0].protocols[0].tcp.destinationPort: Too many: 2: must have at most 1 items. Set only one of `number`, `range`.'],
      ['an inverted range', tcp({ range: { start: 20, end: 10 } }), 'spec.egress[0].protocols[0].tcp.destinationPort.range: Invalid value: "object": Start port must be less than End port'],
      ['a one-port range', tcp({ range: { start: 10, end: 10 } }), 'spec.egress[0].protocols[0].tcp.destinationPort.range: Invalid value: "object": Start port must be less than End port'],
      ['a range without end', tcp({ range: { start: 10 } }), 'spec.egress[0].protocols[0].tcp.destinationPort.range.end: Required value'],
      ['an uppercase protocol', egress({ protocols: [{ TCP: { destinationPort: { number: 1 } } }] }), ['spec.egress[0].protocols[0].TCP: unknown field "TCP". Did you mean "tcp"? Protocol fields are lowercase.',
        'spec.egress[0].protocols[0]: Invalid value: 0: spec.egress[0].protocols[0] in body should have at least 1 properties. Set one of `destinationNamedPort`, `sctp`, `tcp`, `udp`.']],
      ['a CIDR without mask', egress({ to: [{ networks: ['10.0.0.7'] }] }), 'spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided. "10.0.0.7": mask missing. Did you mean "10.0.0.7/32"?'],
      ['a CIDR with leading zeros', egress({ to: [{ networks: ['010.0.0.0/8'] }] }), 'spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided. "010.0.0.0/8": "010.0.0.0/8" has leading zeros, which Go\'s strict parser refuses. Did you mean "10.0.0.0/8"?'],
      ['an IPv4-mapped IPv6 CIDR', egress({ to: [{ networks: ['::ffff:10.0.0.0/104'] }] }), 'spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided. "::ffff:10.0.0.0/104": "::ffff:10.0.0.0/104" is an IPv4-mapped IPv6 CIDR, which is not allowed. Did you mean "10.0.0.0/8"?'],
      ['a duplicate CIDR', egress({ to: [{ networks: ['10.0.0.0/8', '10.0.0.0/8'] }] }), 'spec.egress[0].to[0].networks[1]: Duplicate value: "10.0.0.0/8"'],
      ['26 CIDRs', egress({ to: [{ networks: Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`) }] }), 'spec.egress[0].to[0].networks: Too many: 26: must have at most 25 items. Split the list across rules or policies.'],
      ['an empty networks list', egress({ to: [{ networks: [] }] }), 'spec.egress[0].to[0].networks: Invalid value: 0: spec.egress[0].to[0].networks in body should have at least 1 items'],
      ['a one-label domain name', egress({ action: 'Accept', to: [{ domainNames: ['localhost'] }] }), 'spec.egress[0].to[0].domainNames[0]: Invalid value: "localhost": spec.egress[0].to[0].domainNames[0] in body should match \'^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$\'. A domain name needs at least two labels, e.g. "example.com".'],
      ['a wildcard inside a domain name', egress({ action: 'Accept', to: [{ domainNames: ['api.*.example.com'] }] }), 'spec.egress[0].to[0].domainNames[0]: Invalid value: "api.*.example.com": spec.egress[0].to[0].domainNames[0] in body should match \'^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$\'. A wildcard may only be the whole first label: "*.example.com".'],
      ['a URL as a domain name', egress({ action: 'Accept', to: [{ domainNames: ['https://example.com'] }] }), 'spec.egress[0].to[0].domainNames[0]: Invalid value: "https://example.com": spec.egress[0].to[0].domainNames[0] in body should match \'^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$\'. Write the host name alone, without a scheme or path, e.g. "api.example.com".'],
      ['networks with a named port', egress({ to: [{ networks: ['10.0.0.0/8'] }], protocols: [{ destinationNamedPort: 'http' }] }), `spec.egress[0]: Invalid value: "object": ${NAMED_PORT_RULE_MESSAGE}`],
      ['nodes with a named port', egress({ to: [{ namespaces: {} }, { nodes: {} }], protocols: [{ tcp: { destinationPort: { number: 1 } } }, { destinationNamedPort: 'http' }] }), `spec.egress[0]: Invalid value: "object": ${NAMED_PORT_RULE_MESSAGE}`],
      ['a misspelt rule field', egress({ acton: 'Deny' }), 'spec.egress[0].acton: unknown field "acton". Did you mean "action"?'],
      ['ports written as in a NetworkPolicy', egress({ ports: [{ port: 80 }] }), 'spec.egress[0].ports: unknown field "ports". Ports are written as protocols: [{ tcp: { destinationPort: { number: 443 } } }].'],
      ['a podSelector in the spec', cnp({ podSelector: {} }), 'spec.podSelector: unknown field "podSelector". The pods a ClusterNetworkPolicy applies to are chosen by `subject`.'],
      ['a matchLabels value that is a number', cnp({ subject: { namespaces: { matchLabels: { env: 1 } } } }), 'spec.subject.namespaces.matchLabels.env: Invalid value: "number": spec.subject.namespaces.matchLabels.env in body must be of type string: "number"'],
      ['a matchExpression without operator', cnp({ subject: { namespaces: { matchExpressions: [{ key: 'env' }] } } }), 'spec.subject.namespaces.matchExpressions[0].operator: Required value'],
      ['a v1alpha1 apiVersion', { ...cnp(), apiVersion: 'policy.networking.k8s.io/v1alpha1' }, 'apiVersion: Unsupported value: "policy.networking.k8s.io/v1alpha1": supported values: "policy.networking.k8s.io/v1alpha2". ClusterNetworkPolicy is served as policy.networking.k8s.io/v1alpha2; AdminNetworkPolicy and BaselineAdminNetworkPolicy were v1alpha1.'],
      ['a missing name', cnp({}, { metadata: {} }), 'metadata.name: Required value: name or generateName is required'],
      ['a missing apiVersion', { ...cnp(), apiVersion: undefined }, 'apiVersion: Required value: set apiVersion to "policy.networking.k8s.io/v1alpha2"'],
      ['a kind in the wrong case', { ...cnp(), kind: 'clusterNetworkPolicy' }, 'kind: Unsupported value: "clusterNetworkPolicy": supported values: "ClusterNetworkPolicy". Did you mean "ClusterNetworkPolicy"?'],
      ['a missing metadata', cnp({}, { metadata: undefined }), 'metadata: Required value'],
    ])('%s', (_, manifest, expected) => {
      // WHEN
      const issues = validate(manifest);

      // THEN: unknown fields are pruned first, so a peer or protocol left empty is reported too
      expect(issues).toEqual(Array.isArray(expected) ? expected : [expected]);
    });
  });

  describe('with the standard channel', () => {
    test.each<[string, any, string]>([
      ['refuses a nodes peer', egress({ to: [{ nodes: {} }] }), 'spec.egress[0].to[0].nodes: unknown field "nodes". `nodes` is in the experimental channel of the ClusterNetworkPolicy CRD only: install the experimental CRD (and validate with --channel experimental), or remove it.'],
      ['refuses a domainNames peer', egress({ action: 'Accept', to: [{ domainNames: ['example.com'] }] }), 'spec.egress[0].to[0].domainNames: unknown field "domainNames". `domainNames` is in the experimental channel of the ClusterNetworkPolicy CRD only: install the experimental CRD (and validate with --channel experimental), or remove it.'],
    ])('%s', (_, manifest, expected) => {
      // WHEN
      const issues = validate(manifest, 'standard');

      // THEN: the field is pruned, so the peer is also empty
      expect(issues[0]).toBe(expected);
      expect(issues[1]).toMatch(/^spec\.egress\[0\]\.to\[0\]: Invalid value: 0: .* should have at least 1 properties/);
      expect(validate(manifest, 'experimental')).toEqual([]);
    });

    test('does not apply the experimental named-port rule', () => {
      // GIVEN
      const manifest = egress({ to: [{ networks: ['10.0.0.0/8'] }], protocols: [{ destinationNamedPort: 'http' }] });

      // THEN
      expect(validate(manifest, 'standard')).toEqual([]);
      expect(validate(manifest, 'experimental')).toHaveLength(1);
    });
  });

  test('reports every problem of a manifest at once, and never throws', () => {
    // GIVEN
    const manifest = cnp({ tier: 'Top', priority: 5000, subject: {} });

    // WHEN
    const issues = validate(manifest);

    // THEN
    expect(issues.map(i => i.split(':')[0])).toEqual(['spec.priority', 'spec.subject', 'spec.tier']);
    expect(validate(null)).toHaveLength(1);
    expect(validate([1, 2])).toHaveLength(1);
  });

  test('isClusterNetworkPolicyManifest reads apiVersion and kind only', () => {
    // THEN
    expect(isClusterNetworkPolicyManifest(cnp({ tier: 'nonsense' }))).toBe(true);
    expect(isClusterNetworkPolicyManifest({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' })).toBe(false);
    expect(isClusterNetworkPolicyManifest('text')).toBe(false);
  });
});
