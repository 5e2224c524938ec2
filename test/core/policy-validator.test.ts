import * as fc from 'fast-check';
import { PolicyValidator, ValidationIssue } from '../../src/core/policy-validator';

/** A valid policy that uses every field of the schema. */
const FULL_POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'api.allow-web',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/name': 'api', 'tier': '', 'version': 'v1.2.3' },
    annotations: { 'example.com/Owner': 'team-a', 'note': 'free text: anything goes' },
    uid: '6d4b1c6e-0000-4000-8000-000000000000',
    resourceVersion: '12345',
    generation: 2,
    creationTimestamp: '2024-01-31T12:00:00Z',
    finalizers: ['example.com/cleanup', 'kubernetes'],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'abc', controller: true, blockOwnerDeletion: true }],
    managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'networking.k8s.io/v1', time: '2024-01-31T12:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
  },
  spec: {
    podSelector: {
      matchLabels: { app: 'api' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['backend', 'api'] },
        { key: 'example.com/canary', operator: 'DoesNotExist' },
      ],
    },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: 'web' } } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} },
          { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'] } },
        ],
        ports: [
          { protocol: 'TCP', port: 8080 },
          { protocol: 'TCP', port: 'http-alt' },
          { protocol: 'UDP', port: 9000, endPort: 9100 },
          { port: 443 },
        ],
      },
      {}, // allows everything
    ],
    egress: [
      {
        to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }],
        ports: [{ protocol: 'SCTP', port: 5000, endPort: 5000 }],
      },
      { ports: [{ protocol: 'UDP', port: 53 }] },
    ],
  },
};

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** A minimal valid policy with `spec` merged over `podSelector: {}`. */
function policy(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'test', namespace: 'default', ...metadata },
    spec: { podSelector: {}, ...spec },
  };
}

function ingressPort(port: Record<string, unknown>): any {
  return policy({ ingress: [{ ports: [port] }] });
}

function ingressPeer(peer: unknown): any {
  return policy({ ingress: [{ from: [peer] }] });
}

function ipBlock(cidr: unknown, except?: unknown): any {
  return ingressPeer({ ipBlock: except === undefined ? { cidr } : { cidr, except } });
}

function lines(issues: ValidationIssue[]): string[] {
  return issues.map((i) => `${i.path}: ${i.message}`);
}

describe('PolicyValidator |', () => {
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
      ['Exists with an empty values list', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] } })],
      ['an empty label value', policy({ podSelector: { matchLabels: { app: '' } } })],
      ['a null label value (Go reads "")', policy({ podSelector: { matchLabels: { app: null } } })],
      ['a 63-character label name and value', policy({ podSelector: { matchLabels: { ['k'.repeat(63)]: 'v'.repeat(63) } } })],
      ['generateName without name', policy({}, { name: undefined, generateName: 'allow-' })],
      ['generateName with a trailing dot before the dash (upstream quirk)', policy({}, { generateName: 'a.-' })],
      ['creationTimestamp: null, as kubectl writes it', policy({}, { creationTimestamp: null })],
      ['annotation keys in any case', policy({}, { annotations: { 'Example.COM/Key': 'v' } })],
      ['a status object', { ...policy(), status: {} }],
      ['duplicate policyTypes (the API server allows them)', policy({ policyTypes: ['Ingress', 'Ingress'] })],
    ])('%s', (_, manifest) => {
      expect(lines(PolicyValidator.validate(manifest))).toEqual([]);
    });

    test('a policy without a name or namespace when not required', () => {
      // GIVEN
      const manifest = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: { podSelector: {} } };

      // WHEN
      const issues = PolicyValidator.validate(manifest, { requireName: false, requireNamespace: false });

      // THEN
      expect(issues).toEqual([]);
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
      ['a missing name', policy({}, { name: undefined }), 'metadata.name', 'Required value: name or generateName is required'],
      ['an empty name', policy({}, { name: '' }), 'metadata.name', 'Required value: name or generateName is required'],
      ['an uppercase name', policy({}, { name: 'My_Policy' }), 'metadata.name', /^Invalid value: "My_Policy": a lowercase RFC 1123 subdomain .*Did you mean "my-policy"\?$/],
      ['a 254-character name', policy({}, { name: 'a'.repeat(254) }), 'metadata.name', /must be no more than 253 characters/],
      ['a numeric name', policy({}, { name: 42 }), 'metadata.name', 'Invalid value: 42: must be a string. Quote it: "42".'],
      ['an invalid generateName', policy({}, { generateName: 'Allow_' }), 'metadata.generateName', /^Invalid value: "Allow_": a lowercase RFC 1123 subdomain/],
      ['a missing namespace', policy({}, { namespace: undefined }), 'metadata.namespace', /^Required value/],
      ['a namespace with dots', policy({}, { namespace: 'my.ns' }), 'metadata.namespace', 'Invalid value: "my.ns": must not contain dots. Did you mean "my-ns"?'],
      ['a 64-character namespace', policy({}, { namespace: 'n'.repeat(64) }), 'metadata.namespace', /must be no more than 63 characters/],
      ['an invalid label key', policy({}, { labels: { 'bad key': 'x' } }), 'metadata.labels', /^Invalid value: "bad key": name part must consist of/],
      ['a 64-character label name', policy({}, { labels: { ['k'.repeat(64)]: 'x' } }), 'metadata.labels', /name part must be no more than 63 characters/],
      ['an invalid label value', policy({}, { labels: { app: 'web app' } }), 'metadata.labels', /^Invalid value: "web app": a valid label must be .* \(the value of label "app"\)\. Did you mean "web-app"\?$/],
      ['a 64-character label value', policy({}, { labels: { app: 'v'.repeat(64) } }), 'metadata.labels', /must be no more than 63 characters/],
      ['a numeric label value', policy({}, { labels: { version: 1.2 } }), 'metadata.labels[version]', 'Invalid value: 1.2: must be a string. Quote it: "1.2".'],
      ['labels as a list', policy({}, { labels: ['app=web'] }), 'metadata.labels', /must be an object \(a map of strings\)/],
      ['an invalid annotation key', policy({}, { annotations: { 'a/b/c': 'x' } }), 'metadata.annotations', /^Invalid value: "a\/b\/c": a qualified name/],
      ['annotations over 256 KiB', policy({}, { annotations: { big: 'x'.repeat(256 * 1024) } }), 'metadata.annotations', /^Too long: must have at most 262144 bytes/],
      ['a negative generation', policy({}, { generation: -1 }), 'metadata.generation', 'Invalid value: -1: must be greater than or equal to 0'],
      ['a malformed creationTimestamp', policy({}, { creationTimestamp: 'yesterday' }), 'metadata.creationTimestamp', /RFC 3339/],
      ['a short finalizer', policy({}, { finalizers: ['cleanup'] }), 'metadata.finalizers[0]', /neither a standard finalizer name nor is it fully qualified/],
      ['conflicting finalizers', policy({}, { finalizers: ['orphan', 'foregroundDeletion'] }), 'metadata.finalizers', /cannot be both set/],
      ['an owner reference without a uid', policy({}, { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p' }] }), 'metadata.ownerReferences.uid', 'Invalid value: "": must not be empty'],
      ['two controller owner references', policy({}, {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Pod', name: 'a', uid: '1', controller: true },
          { apiVersion: 'v1', kind: 'Pod', name: 'b', uid: '2', controller: true },
        ],
      }), 'metadata.ownerReferences', /Only one reference can have Controller set to true.*Pod\/a and Pod\/b/],
      ['a managedFields operation', policy({}, { managedFields: [{ manager: 'm', operation: 'Patch' }] }), 'metadata.managedFields[0].operation', 'Invalid value: "Patch": must be `Apply` or `Update`'],
      ['metadata as a string', { ...policy(), metadata: 'test' }, 'metadata', /must be an object/],

      // spec
      ['a missing spec', { ...policy(), spec: undefined }, 'spec', /^Required value/],
      ['a missing podSelector', { ...policy(), spec: {} }, 'spec.podSelector', /^Required value: use podSelector: \{\}/],
      ['a null podSelector', policy({ podSelector: null }), 'spec.podSelector', /^Required value/],
      ['labels directly in podSelector', policy({ podSelector: { app: 'web' } }), 'spec.podSelector.app', 'unknown field "app". Labels go under matchLabels, e.g. matchLabels: {"app": "web"}.'],
      ['a string podSelector', policy({ podSelector: 'app=web' }), 'spec.podSelector', 'Invalid value: "app=web": must be an object. Write it as matchLabels: {"app": "web"}.'],
      ['ingress as an object', policy({ ingress: { from: [] } }), 'spec.ingress', /^Invalid value: \{"from":\[\]\}: must be a list/],
      ['ingress as a string', policy({ ingress: 'all' }), 'spec.ingress', /must be a list/],
      ['a rule as a string', policy({ egress: ['all'] }), 'spec.egress[0]', /must be an object/],

      // label selectors
      ['an invalid matchLabels key', policy({ podSelector: { matchLabels: { '-app': 'web' } } }), 'spec.podSelector.matchLabels', /^Invalid value: "-app": name part must consist/],
      ['an invalid matchLabels value', policy({ podSelector: { matchLabels: { app: '-web' } } }), 'spec.podSelector.matchLabels', /^Invalid value: "-web": a valid label must be/],
      ['an unknown operator', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['a'] }] } }),
        'spec.podSelector.matchExpressions[0].operator', 'Invalid value: "Equals": not a valid selector operator. Use one of In, NotIn, Exists, DoesNotExist.'],
      ['an operator in the wrong case', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['a'] }] } }),
        'spec.podSelector.matchExpressions[0].operator', 'Invalid value: "in": not a valid selector operator. Did you mean "In"?'],
      ['a missing operator', policy({ podSelector: { matchExpressions: [{ key: 'app' }] } }), 'spec.podSelector.matchExpressions[0].operator', /^Invalid value: "": not a valid selector operator/],
      ['In without values', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }),
        'spec.podSelector.matchExpressions[0].values', /^Required value: must be specified when `operator` is 'In' or 'NotIn'/],
      ['NotIn with empty values', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] } }),
        'spec.podSelector.matchExpressions[0].values', /^Required value/],
      ['Exists with values', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['a'] }] } }),
        'spec.podSelector.matchExpressions[0].values', /^Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'/],
      ['DoesNotExist with values', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: ['a'] }] } }),
        'spec.podSelector.matchExpressions[0].values', /^Forbidden/],
      ['an invalid expression key', policy({ podSelector: { matchExpressions: [{ key: 'a b', operator: 'Exists' }] } }),
        'spec.podSelector.matchExpressions[0].key', /^Invalid value: "a b": name part must consist/],
      ['a missing expression key', policy({ podSelector: { matchExpressions: [{ operator: 'Exists' }] } }),
        'spec.podSelector.matchExpressions[0].key', 'Invalid value: "": name part must be non-empty'],
      ['an invalid expression value', policy({ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['ok', 'not ok'] }] } }),
        'spec.podSelector.matchExpressions[0].values[1]', /^Invalid value: "not ok": a valid label must be/],
      ['a numeric expression value', policy({ podSelector: { matchExpressions: [{ key: 'v', operator: 'In', values: [2] }] } }),
        'spec.podSelector.matchExpressions[0].values[0]', 'Invalid value: 2: must be a string. Quote it: "2".'],
      ['an invalid namespaceSelector', ingressPeer({ namespaceSelector: { matchLabels: { 'kubernetes.io/': 'x' } } }),
        'spec.ingress[0].from[0].namespaceSelector.matchLabels', /name part must be non-empty/],

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
      ['an unknown metadata field', policy({}, { lables: {} }), 'metadata.lables', 'unknown field "lables". Did you mean "labels"?'],
      ['an unknown spec field', policy({ ingres: [] }), 'spec.ingres', 'unknown field "ingres". Did you mean "ingress"?'],
      ['a field in the wrong case', policy({ PodSelector: {} }), 'spec.PodSelector', /Did you mean "podSelector"\? Field names are case-sensitive/],
      ['an unknown selector field', policy({ podSelector: { matchLabel: { app: 'x' } } }), 'spec.podSelector.matchLabel', /Did you mean "matchLabels"\?/],
      ['an unknown expression field', policy({ podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', value: [] }] } }),
        'spec.podSelector.matchExpressions[0].value', /Did you mean "values"\?/],
      ['an unknown ipBlock field', ingressPeer({ ipBlock: { cidr: '10.0.0.0/8', exclude: [] } }), 'spec.ingress[0].from[0].ipBlock.exclude', /^unknown field "exclude"/],
      ['an unknown owner reference field', policy({}, { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', extra: 1 }] }),
        'metadata.ownerReferences[0].extra', 'unknown field "extra"'],
    ])('%s', (_, manifest, path, message) => {
      // WHEN
      const issues = PolicyValidator.validate(manifest);

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
      const issues = PolicyValidator.validate(manifest);

      // THEN
      expect(issues).toEqual([{ path: '', message: expect.stringMatching(/must be an object \(a NetworkPolicy manifest\)$/) }]);
    });

    test('another kind of object, with its kind only', () => {
      // GIVEN
      const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } };

      // WHEN
      const issues = PolicyValidator.validate(deployment);

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
      const issues = PolicyValidator.validate(manifest);

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
      const issues = PolicyValidator.validate(ingressPort({ port: '-HTTP--' }));

      // THEN
      expect(issues.map((i) => i.message)).toEqual([
        'Invalid value: "-HTTP--": a port name must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'Invalid value: "-HTTP--": a port name must contain at least one letter (a-z)',
        'Invalid value: "-HTTP--": a port name must not contain consecutive hyphens',
        'Invalid value: "-HTTP--": a port name must not begin or end with a hyphen',
      ]);
    });

    test('no name when generateName is set, but a bad generateName', () => {
      // WHEN
      const issues = PolicyValidator.validate(policy({}, { name: undefined, generateName: 'Allow-' }));

      // THEN
      expect(issues.map((i) => i.path)).toEqual(['metadata.generateName']);
    });

    test('only the except syntax while the cidr itself is invalid', () => {
      // WHEN
      const issues = PolicyValidator.validate(ipBlock('10.0.0.0', ['192.168.0.0/16', 'nope']));

      // THEN
      expect(issues.map((i) => i.path)).toEqual([
        'spec.ingress[0].from[0].ipBlock.cidr',
        'spec.ingress[0].from[0].ipBlock.except[1]',
      ]);
    });
  });

  describe('options', () => {
    test.each<[string, object, string[]]>([
      ['require both by default', {}, ['metadata.name', 'metadata.namespace']],
      ['requireName: false', { requireName: false }, ['metadata.namespace']],
      ['requireNamespace: false', { requireNamespace: false }, ['metadata.name']],
      ['both off', { requireName: false, requireNamespace: false }, []],
    ])('%s', (_, options, paths) => {
      // GIVEN
      const manifest = policy({}, { name: undefined, namespace: undefined });

      // WHEN
      const issues = PolicyValidator.validate(manifest, options);

      // THEN
      expect(issues.map((i) => i.path)).toEqual(paths);
    });

    test('still checks a name that is present when not required', () => {
      const issues = PolicyValidator.validate(policy({}, { name: 'UPPER', namespace: 'Upper' }), { requireName: false, requireNamespace: false });
      expect(issues.map((i) => i.path)).toEqual(['metadata.name', 'metadata.namespace']);
    });
  });

  describe('isNetworkPolicy', () => {
    test.each<[string, unknown, boolean]>([
      ['a NetworkPolicy', policy(), true],
      ['an invalid NetworkPolicy', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: 'x' }, true],
      ['another kind', { apiVersion: 'apps/v1', kind: 'Deployment' }, false],
      ['another version', { apiVersion: 'extensions/v1beta1', kind: 'NetworkPolicy' }, false],
      ['a kind in the wrong case', { apiVersion: 'networking.k8s.io/v1', kind: 'networkpolicy' }, false],
      ['null', null, false],
      ['a list', [policy()], false],
      ['a string', 'NetworkPolicy', false],
    ])('%s: %s', (_, manifest, expected) => {
      expect(PolicyValidator.isNetworkPolicy(manifest)).toBe(expected);
    });
  });

  describe('properties', () => {
    test('never throws on arbitrary JSON', () => {
      fc.assert(fc.property(fc.anything(), (manifest) => {
        const issues = PolicyValidator.validate(manifest);
        expect(Array.isArray(issues)).toBe(true);
        expectNoInternalErrors(issues);
        PolicyValidator.isNetworkPolicy(manifest);
      }), { numRuns: 500 });
    });

    test('never throws on arbitrary JSON in a NetworkPolicy envelope', () => {
      fc.assert(fc.property(fc.anything(), fc.anything(), (metadata, spec) => {
        const manifest = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec };
        expectNoInternalErrors(PolicyValidator.validate(manifest));
      }), { numRuns: 500 });
    });

    test('never throws on random mutations of a valid policy', () => {
      // GIVEN every path into the full policy
      const paths = allPaths(FULL_POLICY);
      const mutation = fc.record({
        at: fc.nat({ max: paths.length - 1 }),
        remove: fc.boolean(),
        value: fc.oneof(fc.anything(), fc.jsonValue(), fc.constantFrom(null, '', 0, -1, 65536, '80', [], {}, 'x'.repeat(300))),
      });

      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        // WHEN
        const manifest = clone(FULL_POLICY) as any;
        for (const m of mutations) {
          mutate(manifest, paths[m.at], m.remove, m.value);
        }
        const issues = PolicyValidator.validate(manifest);

        // THEN
        expectNoInternalErrors(issues);
        for (const issue of issues) {
          expect(typeof issue.path).toBe('string');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }), { numRuns: 1000 });
    });

    test('accepts generated valid port names', () => {
      fc.assert(fc.property(portName(), (name) => {
        expect(PolicyValidator.validate(ingressPort({ protocol: 'TCP', port: name }))).toEqual([]);
      }));
    });

    test('accepts generated valid label keys and values', () => {
      fc.assert(fc.property(labelKey(), labelValue(), (key, value) => {
        // GIVEN
        const manifest = policy({
          podSelector: { matchLabels: { [key]: value }, matchExpressions: [{ key, operator: 'In', values: [value] }] },
        }, { labels: { [key]: value } });

        // THEN
        expect(PolicyValidator.validate(manifest)).toEqual([]);
      }));
    });

    test('accepts generated valid port numbers and ranges, and rejects inverted ranges', () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(PolicyValidator.validate(ingressPort({ port: lo, endPort: hi }))).toEqual([]);
        if (lo < hi) {
          expect(PolicyValidator.validate(ingressPort({ port: hi, endPort: lo })).map((i) => i.path))
            .toEqual(['spec.ingress[0].ports[0].endPort']);
        }
      }));
    });

    test('rejects every quoted port number with a hint', () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), (port) => {
        expect(PolicyValidator.validate(ingressPort({ port: String(port) }))).toEqual([{
          path: 'spec.ingress[0].ports[0].port',
          message: `Invalid value: "${port}": a port name must contain at least one letter (a-z). For a port number, write ${port} without quotes.`,
        }]);
      }));
    });
  });
});

function expectNoInternalErrors(issues: ValidationIssue[]): void {
  expect(issues.filter((i) => i.message.startsWith('Internal error'))).toEqual([]);
}

type PathStep = string | number;

function allPaths(value: unknown, prefix: PathStep[] = []): PathStep[][] {
  const result: PathStep[][] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => result.push(...allPaths(v, [...prefix, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      result.push(...allPaths(v, [...prefix, k]));
    }
  }
  return result;
}

/** Replaces (or removes) the value at `path`, if the path still exists. */
function mutate(root: any, path: PathStep[], remove: boolean, value: unknown): void {
  if (path.length === 0) {
    return;
  }
  let parent = root;
  for (const step of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) {
      return;
    }
    parent = parent[step];
  }
  if (typeof parent !== 'object' || parent === null) {
    return;
  }
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(parent) && typeof last === 'number') {
      parent.splice(last, 1);
    } else {
      delete parent[last];
    }
  } else {
    parent[last] = value;
  }
}

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
