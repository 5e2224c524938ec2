import { Testing } from 'cdk8s';
import { crdProblems } from './_support';
import { BaselineDenyMetadataEndpoint, ClusterPolicyPriority } from '../../src';

describe('BaselineDenyMetadataEndpoint |', () => {
  test('denies egress to the IPv4 and IPv6 metadata endpoints for every pod, in the Baseline tier', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new BaselineDenyMetadataEndpoint(chart, 'NoMetadata', { priority: ClusterPolicyPriority.of(10) });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
    expect(manifests[0].metadata.name).toBe('baseline-deny-metadata-endpoint');
    expect(manifests[0].spec.egress).toEqual([{ name: 'deny-metadata-endpoint', action: 'Deny', to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }] }]);
    expect(crdProblems(manifests[0])).toEqual([]);
  });
});
