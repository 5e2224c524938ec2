import { IpBlock, Peer } from '../../src';

describe('IpBlock |', () => {
  test.each([
    ['10.0.0.0/8', undefined, { cidr: '10.0.0.0/8' }, '10.0.0.0/8'],
    ['10.0.0.0/8', ['10.2.0.0/16', '10.1.0.0/16', '10.1.0.0/16'], { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] }, '10.0.0.0/8 except 10.1.0.0/16, 10.2.0.0/16'],
    ['0.0.0.0/0', ['10.0.0.0/8'], { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, '0.0.0.0/0 except 10.0.0.0/8'],
    ['192.0.2.1/32', undefined, { cidr: '192.0.2.1/32' }, '192.0.2.1/32'],
    ['2001:DB8::/32', ['2001:db8:0:1::/64'], { cidr: '2001:db8::/32', except: ['2001:db8:0:1::/64'] }, '2001:db8::/32 except 2001:db8:0:1::/64'],
    ['::/0', undefined, { cidr: '::/0' }, '::/0'],
  ])('IpBlock.of(%s, %j) renders', (cidr, except, kube, text) => {
    const block = IpBlock.of(cidr, except);
    expect(block._toKube()).toEqual(kube);
    expect(block.toString()).toEqual(text);
  });

  test('knows its family', () => {
    expect(IpBlock.anyIpv4().family).toEqual(4);
    expect(IpBlock.anyIpv6().family).toEqual(6);
  });

  test.each([
    ['10.0.0.7', undefined, /Invalid CIDR "10\.0\.0\.7".*Did you mean "10\.0\.0\.7\/32"\?/],
    ['2001:db8::1', undefined, /Did you mean "2001:db8::1\/128"\?/],
    ['10.0.0.7/8', undefined, /Did you mean "10\.0\.0\.0\/8"\?/],
    ['10.0.0.0/33', undefined, /Invalid CIDR "10\.0\.0\.0\/33"/],
    ['010.0.0.0/8', undefined, /Invalid CIDR "010\.0\.0\.0\/8"/],
    ['not-a-cidr', undefined, /Invalid CIDR "not-a-cidr"/],
    ['10.0.0.0/8', ['10.0.0.0/8'], /Invalid except "10\.0\.0\.0\/8" for CIDR "10\.0\.0\.0\/8": must be strictly inside/],
    ['10.0.0.0/16', ['10.0.0.0/8'], /must be strictly inside/],
    ['10.0.0.0/8', ['2001:db8::/32'], /it is IPv6 and the CIDR is IPv4/],
    ['10.0.0.0/8', ['10.1.0.7/16'], /Invalid except range of "10\.0\.0\.0\/8" "10\.1\.0\.7\/16".*Did you mean "10\.1\.0\.0\/16"/],
  ])('rejects IpBlock.of(%s, %j)', (cidr, except, message) => {
    expect(() => IpBlock.of(cidr, except)).toThrow(message);
  });

  test('Peer.cidr is an ipBlock peer', () => {
    expect(Peer.cidr('10.0.0.0/8', ['10.1.0.0/16'])._toKube({ path: 'p', namespace: 'n', appLabelKey: 'app' }))
      .toEqual({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } });
  });
});
