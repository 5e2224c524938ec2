import * as fc from 'fast-check';
import { FULL_POLICY, ingressPeer, ingressPort, ipBlock, lines, policy } from './_support';
import { isNetworkPolicyManifest, validateNetworkPolicy } from '../../../src/kube/validation/network-policy';
import { FieldIssue } from '../../../src/kube/validation/schema';

/** Every issue of a manifest, requiring a name and a namespace (PolicyValidator's defaults). */
function validate(manifest: unknown): FieldIssue[] {
  return validateNetworkPolicy(manifest, { requireName: true, requireNamespace: true });
}

describe('validateNetworkPolicy |', () => {
  describe('accepts', () => {
    test.each<[string, any]>([
      ['a policy that uses every field', FULL_POLICY],
      ['the minimal policy', policy()],
      ['a default-deny policy', policy({ policyTypes: ['Ingress', 'Egress'] })],
      ['an empty rule (allow all)', policy({ ingress: [{}], egress: [{}] })],
      ['empty lists', policy({ ingress: [], egress: [], policyTypes: [] })],
      ['nulls, as absent values', policy({ ingress: null, egress: [null], policyTypes: null })],
      ['a null rule list inside a rule', policy({ ingress: [{ from: null, ports: null }] })],
      ['a null port (all ports)', policy({ ingress: [{ ports: [null] }] })],
      ['a null protocol (TCP)', ingressPort({ protocol: null, port: 80 })],
      ['port 1', ingressPort({ port: 1 })],
      ['port 65535', ingressPort({ port: 65535 })],
      ['endPort equal to port', ingressPort({ port: 8000, endPort: 8000 })],
      ['endPort 65535', ingressPort({ port: 1, endPort: 65535 })],
      ['a 15-character port name', ingressPort({ port: 'abcdefghijklmno' })],
      ['a protocol without a port', ingressPort({ protocol: 'UDP' })],
      ['an IPv6 CIDR with an except', ipBlock('2001:db8::/32', ['2001:db8:ffff::/48'])],
      ['a CIDR with host bits set (the API server masks them)', ipBlock('10.0.0.7/8')],
      ['an IPv4 CIDR with leading zeros (read as decimal)', ipBlock('010.000.000.000/8', ['010.001.000.000/16'])],
      ['an except with host bits set', ipBlock('10.0.0.0/8', ['10.1.2.3/16'])],
      ['the whole IPv4 space except one range', ipBlock('0.0.0.0/0', ['10.0.0.0/8'])],
      ['the whole IPv6 space except one range', ipBlock('::/0', ['fc00::/7'])],
      ['a null except list', ipBlock('10.0.0.0/8', null)],
      ['a podSelector with namespaceSelector in one peer', ingressPeer({ podSelector: {}, namespaceSelector: {} })],
      ['a status object', { ...policy(), status: {} }],
      ['duplicate policyTypes (the API server allows them)', policy({ policyTypes: ['Ingress', 'Ingress'] })],
    ])('%s', (_, manifest) => {
      expect(lines(validate(manifest))).toEqual([]);
    });
  });

  describe('rejects', () => {
    test.each<[string, any, string, RegExp | string]>([
      // apiVersion and kind
      ['a missing apiVersion', { ...policy(), apiVersion: undefined }, 'apiVersion', /^Required value/],
      ['another apiVersion', { ...policy(), apiVersion: 'extensions/v1beta1' },
        'apiVersion', 'Unsupported value: "extensions/v1beta1": supported values: "networking.k8s.io/v1". NetworkPolicy is served as networking.k8s.io/v1 only.'],
      ['a missing kind', { ...policy(), kind: undefined }, 'kind', /^Required value/],
      ['a kind in the wrong case', { ...policy(), kind: 'Networkpolicy' }, 'kind', /Unsupported value: "Networkpolicy".*Did you mean "NetworkPolicy"\?/],
      ['a numeric apiVersion', { ...policy(), apiVersion: 1 }, 'apiVersion', /^Invalid value: 1: must be a string/],
      // metadata
      ['a missing namespace', policy({}, { namespace: undefined }), 'metadata.namespace', /^Required value/],
      // spec
      ['a missing spec', { ...policy(), spec: undefined }, 'spec', /^Required value/],
      ['a missing podSelector', { ...policy(), spec: {} }, 'spec.podSelector', /^Required value: use podSelector: \{\}/],
      ['a null podSelector', policy({ podSelector: null }), 'spec.podSelector', /^Required value/],
      ['ingress as an object', policy({ ingress: { from: [] } }), 'spec.ingress', /^Invalid value: \{"from":\[\]\}: must be a list/],
      ['ingress as a string', policy({ ingress: 'all' }), 'spec.ingress', /must be a list/],
      ['a rule as a string', policy({ egress: ['all'] }), 'spec.egress[0]', /must be an object/],
      // peers
      ['an empty peer', ingressPeer({}), 'spec.ingress[0].from[0]', /^Required value: must specify a peer\. .*leave out `from`$/],
      ['a null peer', ingressPeer(null), 'spec.ingress[0].from[0]', /^Required value: must specify a peer/],
      ['an empty egress peer', policy({ egress: [{ to: [{}] }] }), 'spec.egress[0].to[0]', /^Required value: must specify a peer\. .*leave out `to`$/],
      ['ipBlock with podSelector', ingressPeer({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }),
        'spec.ingress[0].from[0]', /^Forbidden: may not specify both ipBlock and another peer/],
      ['ipBlock with namespaceSelector', policy({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }] }] }),
        'spec.egress[0].to[0]', /^Forbidden: may not specify both ipBlock and another peer/],
      ['`to` in an ingress rule', policy({ ingress: [{ to: [] }] }), 'spec.ingress[0].to', /^unknown field "to"\. Did you mean "from"\?/],
      ['`from` in an egress rule', policy({ egress: [{ from: [] }] }), 'spec.egress[0].from', /^unknown field "from"\. Did you mean "to"\?/],
      ['ports inside a peer', ingressPeer({ podSelector: {}, ports: [] }), 'spec.ingress[0].from[0].ports', /^unknown field "ports"\. Ports belong to the rule/],
      ['a peer without a from list', policy({ ingress: [{ podSelector: {} }] }), 'spec.ingress[0].podSelector', /^unknown field "podSelector"\. Peers go in a list under `from`/],
      // ipBlock
      ['a missing cidr', ingressPeer({ ipBlock: {} }), 'spec.ingress[0].from[0].ipBlock.cidr', /^Required value/],
      ['an empty cidr', ipBlock(''), 'spec.ingress[0].from[0].ipBlock.cidr', /^Required value/],
      ['a cidr without a mask', ipBlock('10.0.0.7'), 'spec.ingress[0].from[0].ipBlock.cidr',
        'Invalid value: "10.0.0.7": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64). Mask missing. Did you mean "10.0.0.7/32"?'],
      ['an IPv6 cidr without a mask', ipBlock('2001:db8::1'), 'spec.ingress[0].from[0].ipBlock.cidr', /Mask missing\. Did you mean "2001:db8::1\/128"\?$/],
      ['a prefix out of range', ipBlock('10.0.0.0/33'), 'spec.ingress[0].from[0].ipBlock.cidr', /^Invalid value: "10\.0\.0\.0\/33": must be a valid CIDR value/],
      ['an IPv6 prefix out of range', ipBlock('::/129'), 'spec.ingress[0].from[0].ipBlock.cidr', /must be a valid CIDR value/],
      ['a hex IPv4 cidr', ipBlock('0x0a.0.0.0/8'), 'spec.ingress[0].from[0].ipBlock.cidr', /must be a valid CIDR value/],
      ['a cidr with a zone', ipBlock('fe80::%eth0/64'), 'spec.ingress[0].from[0].ipBlock.cidr', /zone index/],
      ['a numeric cidr', ipBlock(10), 'spec.ingress[0].from[0].ipBlock.cidr', /must be a string/],
      ['an except equal to the cidr', ipBlock('10.0.0.0/8', ['10.0.0.0/8']), 'spec.ingress[0].from[0].ipBlock.except[0]',
        /^Invalid value: "10\.0\.0\.0\/8": must be a strict subset of `cidr`\. It is all of `cidr`/],
      ['an IPv6 except equal to the cidr', ipBlock('2001:db8::/32', ['2001:DB8::/32']), 'spec.ingress[0].from[0].ipBlock.except[0]', /must be a strict subset of `cidr`/],
      ['an except larger than the cidr', ipBlock('10.1.0.0/16', ['10.0.0.0/8']), 'spec.ingress[0].from[0].ipBlock.except[0]', /must be a strict subset of `cidr`\. It is larger than/],
      ['an except outside the cidr', ipBlock('10.0.0.0/8', ['192.168.0.0/16']), 'spec.ingress[0].from[0].ipBlock.except[0]', /must be a strict subset of `cidr`\. It lies outside/],
      ['an IPv6 except outside the cidr', ipBlock('2001:db8::/32', ['2001:db9::/48']), 'spec.ingress[0].from[0].ipBlock.except[0]', /must be a strict subset of `cidr`/],
      ['an IPv6 except in an IPv4 cidr', ipBlock('10.0.0.0/8', ['2001:db8::/64']), 'spec.ingress[0].from[0].ipBlock.except[0]', /must be a strict subset of `cidr`\. `cidr` "10\.0\.0\.0\/8" is IPv4 and this range is IPv6/],
      ['an IPv4 except in an IPv6 cidr', ipBlock('::/0', ['10.0.0.0/8']), 'spec.ingress[0].from[0].ipBlock.except[0]', /must be a strict subset of `cidr`/],
      ['an invalid except', policy({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0'] } }] }] }),
        'spec.egress[0].to[0].ipBlock.except[1]', /^Invalid value: "10\.2\.0\.0": must be a valid CIDR value.*Did you mean "10\.2\.0\.0\/32"\?/],
      ['a null except entry', ipBlock('10.0.0.0/8', [null]), 'spec.ingress[0].from[0].ipBlock.except[0]', /^Invalid value: "": must be a valid CIDR value/],
      ['except as a string', ipBlock('10.0.0.0/8', '10.1.0.0/16'), 'spec.ingress[0].from[0].ipBlock.except', 'Invalid value: "10.1.0.0/16": must be a list. Write it as a list: ["10.1.0.0/16"].'],
      ['ipBlock as a string', ingressPeer({ ipBlock: '10.0.0.0/8' }), 'spec.ingress[0].from[0].ipBlock', /must be an object/],
      // ports
      ['a lowercase protocol', ingressPort({ protocol: 'tcp', port: 80 }), 'spec.ingress[0].ports[0].protocol',
        'Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP". Did you mean "TCP"?'],
      ['an unknown protocol', ingressPort({ protocol: 'ICMP' }), 'spec.ingress[0].ports[0].protocol', 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'],
      ['an empty protocol', ingressPort({ protocol: '' }), 'spec.ingress[0].ports[0].protocol', /^Unsupported value: ""/],
      ['port 0', ingressPort({ port: 0 }), 'spec.ingress[0].ports[0].port', /^Invalid value: 0: must be between 1 and 65535, inclusive/],
      ['port 65536', ingressPort({ port: 65536 }), 'spec.ingress[0].ports[0].port', 'Invalid value: 65536: must be between 1 and 65535, inclusive'],
      ['a negative port', ingressPort({ port: -80 }), 'spec.ingress[0].ports[0].port', /must be between 1 and 65535/],
      ['a fractional port', ingressPort({ port: 80.5 }), 'spec.ingress[0].ports[0].port', /^Invalid value: 80\.5: must be an integer port number/],
      ['a boolean port', ingressPort({ port: true }), 'spec.ingress[0].ports[0].port', /must be an integer port number \(1-65535\) or a port name/],
      ['a quoted port number', ingressPort({ port: '80' }), 'spec.ingress[0].ports[0].port',
        'Invalid value: "80": a port name must contain at least one letter (a-z). For a port number, write 80 without quotes.'],
      ['a quoted port range', ingressPort({ port: '8000-8099' }), 'spec.ingress[0].ports[0].port', /For a port range, write port: 8000 and endPort: 8099\.$/],
      ['an uppercase port name', ingressPort({ port: 'HTTP' }), 'spec.ingress[0].ports[0].port',
        'Invalid value: "HTTP": a port name must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-). Did you mean "http"?'],
      ['a 16-character port name', ingressPort({ port: 'abcdefghijklmnop' }), 'spec.ingress[0].ports[0].port', 'Invalid value: "abcdefghijklmnop": a port name must be no more than 15 characters'],
      ['a port name with consecutive hyphens', ingressPort({ port: 'a--b' }), 'spec.ingress[0].ports[0].port', /a port name must not contain consecutive hyphens/],
      ['a port name with a leading hyphen', ingressPort({ port: '-http' }), 'spec.ingress[0].ports[0].port', /a port name must not begin or end with a hyphen/],
      ['an empty port name', ingressPort({ port: '' }), 'spec.ingress[0].ports[0].port', /a port name must contain at least one letter/],
      ['endPort below port', ingressPort({ port: 9000, endPort: 8000 }), 'spec.ingress[0].ports[0].endPort',
        'Invalid value: 8000: must be greater than or equal to `port`. Did you mean port: 8000, endPort: 9000?'],
      ['endPort 65536', ingressPort({ port: 80, endPort: 65536 }), 'spec.ingress[0].ports[0].endPort', 'Invalid value: 65536: must be between 1 and 65535, inclusive'],
      ['endPort with a named port', ingressPort({ port: 'http', endPort: 90 }), 'spec.ingress[0].ports[0].endPort',
        /^Invalid value: 90: may not be specified when `port` is non-numeric/],
      ['endPort without a port', ingressPort({ endPort: 90 }), 'spec.ingress[0].ports[0].endPort',
        /^Invalid value: 90: may not be specified when `port` is not specified/],
      ['a quoted endPort', ingressPort({ port: 80, endPort: '90' }), 'spec.ingress[0].ports[0].endPort', 'Invalid value: "90": must be an integer. Write 90 without quotes.'],
      ['a port as a number in a list', policy({ ingress: [{ ports: [80] }] }), 'spec.ingress[0].ports[0]', /^Invalid value: 80: must be an object/],
      ['a misspelt port field', ingressPort({ prot: 80 }), 'spec.ingress[0].ports[0].prot', 'unknown field "prot". Did you mean "port"?'],
      ['a port named like a container port', ingressPort({ name: 'http' }), 'spec.ingress[0].ports[0].name', /set with `port`/],
      // policyTypes
      ['a lowercase policy type', policy({ policyTypes: ['ingress'] }), 'spec.policyTypes[0]',
        'Unsupported value: "ingress": supported values: "Ingress", "Egress". Did you mean "Ingress"?'],
      ['an unknown policy type', policy({ policyTypes: ['Ingress', 'Both'] }), 'spec.policyTypes[1]', /^Unsupported value: "Both"/],
      ['three policy types', policy({ policyTypes: ['Ingress', 'Egress', 'Ingress'] }), 'spec.policyTypes',
        /^Invalid value: \["Ingress","Egress","Ingress"\]: may not specify more than two policyTypes/],
      ['policyTypes as a string', policy({ policyTypes: 'Ingress' }), 'spec.policyTypes', 'Invalid value: "Ingress": must be a list. Write it as a list: ["Ingress"].'],
      // unknown fields
      ['an unknown top-level field', { ...policy(), foo: 1 }, 'foo', 'unknown field "foo"'],
      ['spec fields at the top level', { ...policy(), podSelector: {} }, 'podSelector', /Move it under `spec`/],
      ['an unknown spec field', policy({ ingres: [] }), 'spec.ingres', 'unknown field "ingres". Did you mean "ingress"?'],
      ['a field in the wrong case', policy({ PodSelector: {} }), 'spec.PodSelector', /Did you mean "podSelector"\? Field names are case-sensitive/],
      ['an unknown ipBlock field', ingressPeer({ ipBlock: { cidr: '10.0.0.0/8', exclude: [] } }), 'spec.ingress[0].from[0].ipBlock.exclude', /^unknown field "exclude"/],
    ])('%s', (_, manifest, path, message) => {
      // WHEN
      const issues = validate(manifest);

      // THEN
      const atPath = issues.filter((i) => i.path === path).map((i) => i.message);
      if (typeof message === 'string') {
        expect(atPath).toContain(message);
      } else {
        expect(atPath).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      }
    });

    test.each<[string, unknown]>([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'kind: NetworkPolicy'],
      ['a number', 42],
      ['a list', [policy()]],
    ])('%s as the manifest', (_, manifest) => {
      // WHEN
      const issues = validate(manifest);

      // THEN
      expect(issues).toEqual([{ path: '', message: expect.stringMatching(/must be an object \(a NetworkPolicy manifest\)$/) }]);
    });

    test('another kind of object, with its kind only', () => {
      // GIVEN
      const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } };

      // WHEN
      const issues = validate(deployment);

      // THEN
      expect(issues.map((i) => i.path)).toEqual(['apiVersion', 'kind']);
      expect(issues[1].message).toMatch(/PolicyValidator\.isNetworkPolicy\(\)/);
    });

    test('every problem at once, in document order', () => {
      // GIVEN
      const manifest = policy({
        ingress: [{
          from: [{}],
          ports: [{ port: '80' }, { port: 9000, endPort: 8000 }],
        }],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.0.0.0/8'] } }] }],
        policyTypes: ['ingress'],
      }, { name: 'Bad_Name' });

      // WHEN
      const issues = validate(manifest);

      // THEN
      expect(issues.map((i) => i.path)).toEqual([
        'metadata.name',
        'spec.ingress[0].ports[0].port',
        'spec.ingress[0].ports[1].endPort',
        'spec.ingress[0].from[0]',
        'spec.egress[0].to[0].ipBlock.except[1]',
        'spec.policyTypes[0]',
      ]);
    });

    test('one issue per broken port-name rule', () => {
      // WHEN
      const issues = validate(ingressPort({ port: '-HTTP--' }));

      // THEN
      expect(issues.map((i) => i.message)).toEqual([
        'Invalid value: "-HTTP--": a port name must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'Invalid value: "-HTTP--": a port name must contain at least one letter (a-z)',
        'Invalid value: "-HTTP--": a port name must not contain consecutive hyphens',
        'Invalid value: "-HTTP--": a port name must not begin or end with a hyphen',
      ]);
    });

    test('only the except syntax while the cidr itself is invalid', () => {
      // WHEN
      const issues = validate(ipBlock('10.0.0.0', ['192.168.0.0/16', 'nope']));

      // THEN
      expect(issues.map((i) => i.path)).toEqual([
        'spec.ingress[0].from[0].ipBlock.cidr',
        'spec.ingress[0].from[0].ipBlock.except[1]',
      ]);
    });
  });

  describe('rules', () => {
    test('reports a missing name and namespace only when required', () => {
      // GIVEN
      const manifest = policy({}, { name: undefined, namespace: undefined });

      // WHEN
      const required = validateNetworkPolicy(manifest, { requireName: true, requireNamespace: true });
      const optional = validateNetworkPolicy(manifest, { requireName: false, requireNamespace: false });

      // THEN
      expect(lines(required)).toEqual([
        'metadata.name: Required value: name or generateName is required',
        'metadata.namespace: Required value: a NetworkPolicy applies to pods of its own namespace; set metadata.namespace, e.g. "default"',
      ]);
      expect(optional).toEqual([]);
    });

    test('reports an internal error, not an exception, for a manifest whose reads throw', () => {
      // GIVEN: a Proxy that throws on every look-up
      const hostile = new Proxy({}, {
        ownKeys: () => {
          throw new Error('no keys for you');
        },
      });

      // WHEN
      const issues = validate(hostile);

      // THEN
      expect(issues).toEqual([{ path: '', message: 'Internal error: could not validate this manifest (no keys for you)' }]);
    });
  });

  describe('properties', () => {
    test('accepts generated valid port names', () => {
      fc.assert(fc.property(portName(), (name) => {
        expect(validate(ingressPort({ protocol: 'TCP', port: name }))).toEqual([]);
      }));
    });

    test('accepts generated valid label keys and values', () => {
      fc.assert(fc.property(labelKey(), labelValue(), (key, value) => {
        // GIVEN
        const manifest = policy({
          podSelector: { matchLabels: { [key]: value }, matchExpressions: [{ key, operator: 'In', values: [value] }] },
        }, { labels: { [key]: value } });

        // THEN
        expect(validate(manifest)).toEqual([]);
      }));
    });

    test('accepts generated valid port numbers and ranges, and rejects inverted ranges', () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(validate(ingressPort({ port: lo, endPort: hi }))).toEqual([]);
        if (lo < hi) {
          expect(validate(ingressPort({ port: hi, endPort: lo })).map((i) => i.path))
            .toEqual(['spec.ingress[0].ports[0].endPort']);
        }
      }));
    });

    test('rejects every quoted port number with a hint', () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), (port) => {
        expect(validate(ingressPort({ port: String(port) }))).toEqual([{
          path: 'spec.ingress[0].ports[0].port',
          message: `Invalid value: "${port}": a port name must contain at least one letter (a-z). For a port number, write ${port} without quotes.`,
        }]);
      }));
    });
  });
});

describe('isNetworkPolicyManifest |', () => {
  test('reads apiVersion and kind as own properties only', () => {
    // GIVEN
    const inherited = Object.create({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' });

    // THEN
    expect(isNetworkPolicyManifest(inherited)).toBe(false);
    expect(isNetworkPolicyManifest({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' })).toBe(true);
  });
});

function portName(): fc.Arbitrary<string> {
  return fc.array(fc.stringMatching(/^[a-z0-9]{1,5}$/), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('-'))
    .filter((name) => name.length <= 15 && /[a-z]/.test(name));
}

function labelValue(): fc.Arbitrary<string> {
  return fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/);
}

function labelKey(): fc.Arbitrary<string> {
  const name = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
  const prefix = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?){0,3}$/);
  return fc.tuple(fc.option(prefix, { nil: undefined }), name).map(([p, n]) => (p ? `${p}/${n}` : n));
}
