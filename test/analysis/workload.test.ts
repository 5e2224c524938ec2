import { Workload } from '../../src/analysis';
import { Protocol } from '../../src/core/protocol';

describe('Workload |', () => {
  test('of() takes a namespace, labels and options', () => {
    // WHEN
    const workload = Workload.of('shop', { app: 'web', tier: 'front' }, {
      name: 'web',
      ports: [{ number: 8080, name: 'http' }, { number: 53, protocol: Protocol.UDP }],
      ip: '10.0.0.7',
      ips: ['fd00::7', '10.0.0.7'],
    });

    // THEN
    expect(workload).toMatchObject({
      id: 'shop/web',
      name: 'web',
      kind: 'Workload',
      namespace: 'shop',
      labels: { app: 'web', tier: 'front' },
      ips: ['10.0.0.7', 'fd00::7'],
      isExternal: false,
    });
    expect(workload.ports).toEqual([
      { number: 8080, name: 'http', protocol: Protocol.TCP },
      { number: 53, name: undefined, protocol: Protocol.UDP },
    ]);
    expect(workload.toString()).toBe('shop/web');
  });

  test('is named after its labels by default', () => {
    expect(Workload.of('shop', { tier: 'front', app: 'web' }).id).toBe('shop/app=web,tier=front');
    expect(Workload.of('shop', {}).id).toBe('shop/*');
  });

  test('external() is an IP outside the cluster', () => {
    const workload = Workload.external('2001:db8::7');
    expect(workload).toMatchObject({ id: '2001:db8::7', kind: 'External', namespace: undefined, isExternal: true, ips: ['2001:db8::7'], labels: {}, ports: [] });
  });

  test('copies its inputs', () => {
    const labels = { app: 'web' };
    const workload = Workload.of('shop', labels);
    labels.app = 'api';
    expect(workload.labels).toEqual({ app: 'web' });
  });

  test.each([
    ['an invalid namespace', () => Workload.of('Shop', {}), /Invalid namespace name "Shop"/],
    ['an invalid label', () => Workload.of('shop', { app: 'a b' }), /Invalid value "a b" for label "app"/],
    ['an invalid name', () => Workload.of('shop', {}, { name: 'Web_1' }), /Invalid workload name "Web_1"/],
    ['an invalid port number', () => Workload.of('shop', {}, { ports: [{ number: 0 }] }), /Container port 0 is invalid/],
    ['an invalid port name', () => Workload.of('shop', {}, { ports: [{ number: 80, name: '80' }] }), /Invalid port name "80"/],
    ['an invalid protocol', () => Workload.of('shop', {}, { ports: [{ number: 80, protocol: 'ICMP' as Protocol }] }), /Invalid protocol "ICMP"/],
    ['an invalid pod IP', () => Workload.of('shop', {}, { ip: '10.0.0.256' }), /Invalid pod IP "10.0.0.256"/],
    ['a CIDR as an external IP', () => Workload.external('10.0.0.0/8'), /Give one address, not a CIDR/],
    ['garbage as an external IP', () => Workload.external('example.com'), /Invalid external IP "example.com".*e\.g\. "10\.0\.0\.7"/],
  ])('rejects %s', (_, make, message) => {
    expect(make).toThrow(message);
  });
});
