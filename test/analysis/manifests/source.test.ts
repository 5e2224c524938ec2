import { formatPath, parseFieldPath } from '../../../src/analysis/manifests/source';

describe('parseFieldPath |', () => {
  test.each([
    ['spec.ingress[0].from[1].ipBlock.cidr', ['spec', 'ingress', 0, 'from', 1, 'ipBlock', 'cidr']],
    ['metadata.labels[app.kubernetes.io/name]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['', []],
  ])('parses %s', (path, expected) => {
    expect(parseFieldPath(path)).toEqual(expected);
  });
});

describe('formatPath |', () => {
  test.each([
    [['spec', 'ingress', 0, 'from', 1, 'ipBlock', 'cidr'], 'spec.ingress[0].from[1].ipBlock.cidr'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels[app.kubernetes.io/name]'],
    [[0, 'kind'], '[0].kind'],
    [[], ''],
  ])('writes %j as %s, the inverse of parseFieldPath', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
    expect(parseFieldPath(expected)).toEqual(path);
  });
});
