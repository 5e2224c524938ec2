import { classKey, Endpoint, namespaceLabels } from '../../../src/analysis/model/endpoint';
import { Protocol } from '../../../src/core/protocol';

function pod(options: Partial<Endpoint> = {}): Endpoint {
  return {
    id: 'shop/web',
    kind: 'Pod',
    namespace: 'shop',
    name: 'web',
    labels: { app: 'web' },
    ports: [],
    ips: [],
    external: false,
    ...options,
  };
}

function external(...ips: string[]): Endpoint {
  return { id: ips[0], kind: 'External', name: ips[0], labels: {}, ports: [], ips, external: true };
}

describe('namespaceLabels |', () => {
  test('gives the declared labels plus the name label', () => {
    // GIVEN
    const declared = new Map([['ops', { team: 'ops' }]]);

    // WHEN
    const labels = namespaceLabels(declared, 'ops');

    // THEN
    expect(labels).toEqual({ 'team': 'ops', 'kubernetes.io/metadata.name': 'ops' });
  });

  test('gives only the name label for a namespace that is referenced but not declared', () => {
    // THEN
    expect(namespaceLabels(new Map(), 'shop')).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
  });

  test('lets the name label win over a declared one, as the API server sets it', () => {
    // GIVEN
    const declared = new Map([['ops', { 'kubernetes.io/metadata.name': 'other', 'team': 'ops' }]]);

    // WHEN
    const labels = namespaceLabels(declared, 'ops');

    // THEN
    expect(labels['kubernetes.io/metadata.name']).toBe('ops');
    expect(declared.get('ops')!['kubernetes.io/metadata.name']).toBe('other');
  });
});

describe('classKey |', () => {
  const NS = { 'kubernetes.io/metadata.name': 'shop' };

  test('is the same for pods that differ only in name, kind and id', () => {
    // WHEN
    const a = classKey(pod(), NS);
    const b = classKey(pod({ id: 'shop/web-2', name: 'web-2', kind: 'Deployment' }), NS);

    // THEN
    expect(a).toBe(b);
  });

  test('does not depend on the order of labels, ports or IPs', () => {
    // GIVEN
    const http = { name: 'http', port: 80, protocol: Protocol.TCP };
    const dns = { name: 'dns', port: 53, protocol: Protocol.UDP };

    // WHEN
    const a = classKey(pod({ labels: { app: 'web', tier: 'front' }, ports: [http, dns], ips: ['10.0.0.1', 'fd00::1'] }), { ...NS, team: 'a' });
    const b = classKey(pod({ labels: { tier: 'front', app: 'web' }, ports: [dns, http], ips: ['fd00::1', '10.0.0.1'] }), { team: 'a', ...NS });

    // THEN
    expect(a).toBe(b);
  });

  test.each<[string, Partial<Endpoint>, { [key: string]: string }]>([
    ['namespace', { namespace: 'ops' }, NS],
    ['namespace labels', {}, { ...NS, team: 'shop' }],
    ['labels', { labels: { app: 'api' } }, NS],
    ['a port number', { ports: [{ name: 'http', port: 81, protocol: Protocol.TCP }] }, NS],
    ['a port name', { ports: [{ name: 'web', port: 80, protocol: Protocol.TCP }] }, NS],
    ['a port protocol', { ports: [{ name: 'http', port: 80, protocol: Protocol.UDP }] }, NS],
    ['IPs', { ips: ['10.0.0.2'] }, NS],
  ])('tells pods apart by their %s', (_what, change, nsLabels) => {
    // GIVEN
    const base = pod({ ports: [{ name: 'http', port: 80, protocol: Protocol.TCP }], ips: ['10.0.0.1'] });

    // WHEN
    const changed = classKey({ ...base, ...change }, nsLabels);

    // THEN
    expect(changed).not.toBe(classKey(base, NS));
  });

  test('keys an external address by its sorted IPs only', () => {
    // WHEN
    const key = classKey(external('203.0.113.9', '198.51.100.1'), {});

    // THEN
    expect(key).toBe('external:198.51.100.1,203.0.113.9');
    expect(classKey({ ...external('198.51.100.1', '203.0.113.9'), labels: { app: 'x' } }, { team: 'x' })).toBe(key);
  });

  test('never gives a pod the key of an external address', () => {
    // THEN
    expect(classKey(pod({ ips: ['203.0.113.9'] }), NS)).not.toBe(classKey(external('203.0.113.9'), {}));
  });
});
