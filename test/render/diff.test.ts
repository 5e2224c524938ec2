import { diffSide, diffSides } from '../../src/analysis/diff';
import { sourcedObjects } from '../../src/analysis/load';
import { diffHasChanges, diffToJson, renderDiffJson, renderDiffMarkdown, renderDiffText } from '../../src/render/diff';

const NS = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const WEB = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } } };
const API = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
  spec: { containers: [{ name: 'api', image: 'api', ports: [{ name: 'http', containerPort: 8080 }] }] },
};
const ALLOW_WEB = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'api-from-web', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'api' } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }] }],
  },
};

function diffOf(before: any[], after: any[]) {
  return diffSides(diffSide(sourcedObjects(before)), diffSide(sourcedObjects(after)));
}

describe('render diff |', () => {
  test('renders a named-port rule added as text, markdown and JSON (inline manifests)', () => {
    // GIVEN
    const diff = diffOf([NS, WEB, API], [NS, WEB, API, ALLOW_WEB]);

    // WHEN
    const text = renderDiffText(diff);
    const markdown = renderDiffMarkdown(diff);
    const json = renderDiffJson(diff);

    // THEN
    expect(text).toMatchSnapshot();
    expect(markdown).toMatchSnapshot();
    expect(diffHasChanges(diff)).toBe(true);
    // api is newly isolated: only web on 8080 (the named port "http") stays allowed.
    expect(text).toContain('  shop/web -> shop/api\n    - TCP 1-8079, TCP 8081-65535, UDP any port, SCTP any port  '
      + '(ingress: no port match (shop/api-from-web rule 0))\n');
    expect(text).toContain('  shop/api -> shop/api\n    - TCP any port, UDP any port, SCTP any port  (ingress: no peer match (selected by shop/api-from-web))\n');
    // and nothing outside the cluster reaches it any more
    expect(text).toContain('  0.0.0.0/0 -> shop/api\n    - TCP any port, UDP any port, SCTP any port  (ingress: no peer match (selected by shop/api-from-web))\n');
    expect(markdown).toContain('| `shop/web` | `shop/api` | TCP 1-8079, TCP 8081-65535, UDP any port, SCTP any port | ingress: no port match (shop/api-from-web rule 0) |');
    const doc = JSON.parse(json);
    expect(Object.keys(doc)).toEqual(['added', 'removed', 'summary', 'policies', 'workloads']);
    expect(doc.summary).toEqual({
      changed: true,
      newlyAllowed: 0,
      newlyDenied: 13,
      pairs: 4,
      workloads: 2,
      externalAddresses: ['0.0.0.0/0', '::/0'],
      portPieces: { TCP: 3, UDP: 1, SCTP: 1 },
    });
    expect(doc.added).toEqual([]);
    expect(doc.removed).toHaveLength(13);
    expect(doc.removed[0]).toMatchObject({ source: 'shop/web', destination: 'shop/api', protocol: 'TCP', port: 1, endPort: 8079 });
    expect(doc.removed[0].after.ingress).toMatchObject({
      workload: 'shop/api',
      isolated: true,
      allowed: false,
      reason: 'NoPortMatch',
      portMismatches: [{ namespace: 'shop', name: 'api-from-web', direction: 'Ingress', ruleIndex: 0 }],
    });
    expect(doc.policies).toEqual({ added: [{ namespace: 'shop', name: 'api-from-web' }], removed: [], changed: [] });
  });

  test('escapes pipes and backticks from file names in markdown tables', () => {
    // GIVEN
    const diff = diffOf([NS, WEB, API], [NS, WEB, API, ALLOW_WEB]);
    const renamed = { ...diff, policies: { ...diff.policies, added: [{ namespace: 'shop', name: 'api-from-web', file: 'we|ird`name.yaml' }] } };

    // WHEN
    const markdown = renderDiffMarkdown(renamed);

    // THEN
    expect(markdown).toContain('| added | `shop/api-from-web` | `` we\\|ird`name.yaml `` |  |');
    const row = markdown.split('\n').find(l => l.startsWith('| added'))!;
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6); // 4 cells: the pipe in the name does not split the row
  });

  test('says "No connectivity changes" for equal sides (inline manifests)', () => {
    // WHEN
    const diff = diffOf([NS, WEB, API, ALLOW_WEB], [ALLOW_WEB, API, WEB, NS]);

    // THEN
    expect(diffHasChanges(diff)).toBe(false);
    expect(renderDiffText(diff)).toBe('No connectivity changes; policies: 0 added, 0 removed, 0 changed\n\n'
      + 'Probed 2 workloads and 2 addresses outside the cluster, one per region (0.0.0.0/0, ::/0), on every port 1-65535 '
      + '(TCP in 3 pieces, UDP in 1 piece, SCTP in 1 piece).\n');
    expect(diffToJson(diff)).toMatchObject({ added: [], removed: [], summary: { changed: false, pairs: 0 } });
  });
});
