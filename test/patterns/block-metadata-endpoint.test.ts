import { Testing } from 'cdk8s';
import { onlyPolicy, shopChart } from './_support';
import { BlockMetadataEndpoint } from '../../src';

describe('BlockMetadataEndpoint |', () => {
  test('allows all egress except the metadata endpoints', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new BlockMetadataEndpoint(chart, 'Metadata');

    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(onlyPolicy(chart).metadata.name).toEqual('block-metadata-endpoint');
    expect(onlyPolicy(chart).spec.egress).toEqual([{
      to: [
        { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } },
        { ipBlock: { cidr: '::/0', except: ['fd00:ec2::254/128'] } },
        { namespaceSelector: {} },
      ],
    }]);
  });

  test('takes other addresses', () => {
    // GIVEN
    const chart = shopChart();

    // WHEN
    new BlockMetadataEndpoint(chart, 'Metadata', { addresses: ['100.100.100.200/32', '169.254.169.254/32'] });

    // THEN
    expect(onlyPolicy(chart).spec.egress[0].to[0]).toEqual({ ipBlock: { cidr: '0.0.0.0/0', except: ['100.100.100.200/32', '169.254.169.254/32'] } });
  });
});

describe('BlockMetadataEndpoint | refusals', () => {
  test('names the construct path when an address is invalid', () => {
    // GIVEN
    const chart = shopChart();

    // THEN
    expect(() => new BlockMetadataEndpoint(chart, 'Meta', { addresses: ['169.254.169.254'] }))
      .toThrow(/^\[test\/Meta\] Invalid CIDR "169\.254\.169\.254": mask missing/);
  });
});
