import { Protocol } from '../../src/core/protocol';
import {
  edgePortsLabel,
  EXTERNAL_CLUSTER,
  flowGraph,
  FlowInput,
  layoutGraph,
  renderDot,
  renderGraphSvg,
  renderMermaid,
} from '../../src/render/graph';

/** web -> api on both ports (both isolated), api -> db on 5432, everyone -> ext (nobody isolated for egress except web). */
const INPUT: FlowInput = {
  workloads: [
    { label: 'shop/web', namespace: 'shop', external: false, ingressIsolated: false, egressIsolated: true },
    { label: 'shop/api', namespace: 'shop', external: false, ingressIsolated: true, egressIsolated: false },
    { label: 'data/db', namespace: 'data', external: false, ingressIsolated: false, egressIsolated: false },
    { label: '203.0.113.0/24', external: true, ingressIsolated: false, egressIsolated: false },
  ],
  ports: [{ port: 8080, protocol: Protocol.TCP }, { port: 5432, protocol: Protocol.TCP }],
  allowed: [
    [[true, true, false, false], [false, true, true, true], [false, false, true, true], [true, false, true, true]],
    [[true, true, false, false], [false, true, true, true], [false, false, true, true], [true, false, true, true]],
  ],
};

/** Labels that would break HTML, Mermaid or DOT if written as they are. */
const HOSTILE: FlowInput = {
  workloads: [
    { label: 'ns"x/<b>a</b>', namespace: 'ns"x', external: false, ingressIsolated: true, egressIsolated: false },
    { label: 'ns"x/b|c\\"];evil', namespace: 'ns"x', external: false, ingressIsolated: false, egressIsolated: false },
  ],
  ports: [{ port: 1, protocol: 'TCP"<>' as Protocol }],
  allowed: [[[false, false], [true, false]]],
};

describe('render graph |', () => {
  test('keeps flows between different workloads, with their ports and whether a policy restricts them', () => {
    // WHEN
    const graph = flowGraph(INPUT);

    // THEN
    expect(graph.clusters).toEqual(['data', 'shop', EXTERNAL_CLUSTER]);
    expect(graph.nodes.map(n => [n.name, n.cluster, n.isolated])).toEqual([
      ['web', 'shop', true], ['api', 'shop', true], ['db', 'data', false], ['203.0.113.0/24', EXTERNAL_CLUSTER, false],
    ]);
    expect(graph.edges.map(e => `${e.source}>${e.destination} ${e.ports.join(',')} ${e.open ? 'open' : 'rule'}`)).toEqual([
      '0>1 TCP 8080,TCP 5432 rule',
      '1>2 TCP 8080,TCP 5432 open',
      '1>3 TCP 8080,TCP 5432 open',
      '2>3 TCP 8080,TCP 5432 open',
      '3>0 TCP 8080,TCP 5432 open',
      '3>2 TCP 8080,TCP 5432 open',
    ]);
  });

  test('labels an open flow "any port", and truncates long port lists', () => {
    expect(edgePortsLabel({ source: 0, destination: 1, ports: ['TCP 1'], open: true })).toBe('any port');
    expect(edgePortsLabel({ source: 0, destination: 1, ports: ['TCP 1', 'TCP 2', 'TCP 3', 'TCP 4', 'TCP 5', 'TCP 6'], open: false }))
      .toBe('TCP 1, TCP 2, TCP 3, TCP 4 +2 more');
  });

  test('renders Mermaid and DOT', () => {
    // WHEN
    const mermaid = renderMermaid(flowGraph(INPUT));
    const dot = renderDot(flowGraph(INPUT));

    // THEN
    expect(mermaid).toMatchSnapshot();
    expect(dot).toMatchSnapshot();
    expect(mermaid).toContain('  n0 -->|"TCP 8080, TCP 5432"| n1\n');
    expect(mermaid).toContain('  n1 -.->|"any port"| n2\n');
    expect(mermaid).toContain('  class n3 external\n');
    expect(dot).toContain('  n1 -> n2 [label="any port", style=dashed, color=gray50];\n');
    expect(dot).toContain('    n3 [label="203.0.113.0/24", shape=parallelogram];\n');
  });

  test('escapes quotes, brackets and pipes in Mermaid and DOT', () => {
    // WHEN
    const mermaid = renderMermaid(flowGraph(HOSTILE));
    const dot = renderDot(flowGraph(HOSTILE));

    // THEN
    expect(mermaid).toContain('  subgraph c0["ns#quot;x"]');
    expect(mermaid).toContain('    n0["#lt;b#gt;a#lt;/b#gt;"]');
    expect(mermaid).toContain('    n1["b#124;c\\#quot;];evil"]');
    expect(mermaid).toContain('  n1 -->|"TCP#quot;#lt;#gt; 1"| n0');
    expect(mermaid).not.toMatch(/<|"\];evil|b\|c/);
    expect(dot).toContain('    label="ns\\"x";');
    expect(dot).toContain('    n1 [label="b|c\\\\\\"];evil"];');
  });

  test('escapes every text in the SVG, and references nothing outside it', () => {
    // WHEN
    const svg = renderGraphSvg(flowGraph(HOSTILE));

    // THEN
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('data-workload="ns&quot;x/&lt;b&gt;a&lt;/b&gt;"');
    expect(svg).toContain('<text x="0" y="-88" text-anchor="middle">ns&quot;x</text>');
    expect(svg).not.toMatch(/(href|src)=|url\((?!#arrow-)/);
  });

  test('lays out with pinned positions, clusters apart and nodes apart', () => {
    // GIVEN: 12 namespaces of 1 to 6 workloads
    const workloads = [];
    for (let c = 0; c < 12; c++) {
      for (let w = 0; w <= c % 6; w++) {
        workloads.push({ label: `ns${c}/w${w}`, namespace: `ns${c}`, external: false, ingressIsolated: false, egressIsolated: false });
      }
    }
    const graph = flowGraph({ workloads, ports: [], allowed: [] });

    // WHEN
    const layout = layoutGraph(graph);
    const svg = renderGraphSvg(graph);

    // THEN: the same input always gives this picture
    expect({ minX: layout.minX, minY: layout.minY, width: layout.width, height: layout.height })
      .toEqual({ minX: -647.4, minY: -659.9, width: 1349.2, height: 1330.4 });
    expect(layout.clusters[0].radius).toBe(58); // ns0: one workload, at the centre
    expect(layout.nodes[0].x).toBeCloseTo(81.761, 3);
    expect(layout.nodes[0].y).toBeCloseTo(-530.842, 3);
    expect(svg).toContain('<g class="node" data-workload="ns0/w0" tabindex="0"><title>ns0/w0 (no policy selects it)</title>'
      + '<circle cx="81.8" cy="-530.8" r="7"/><text x="81.8" y="-507.8" text-anchor="middle">w0</text></g>');
    expect(svg).toContain('<g class="node" data-workload="ns11/w5" tabindex="0"><title>ns11/w5 (no policy selects it)</title>'
      + '<circle cx="482.2" cy="18.6" r="7"/><text x="475.7" y="3.5" text-anchor="end">w5</text></g>');
    layout.clusters.forEach((a, i) => layout.clusters.slice(i + 1).forEach(b => {
      expect(Math.hypot(a.center.x - b.center.x, a.center.y - b.center.y)).toBeGreaterThan(a.radius + b.radius);
    }));
    layout.nodes.forEach((a, i) => layout.nodes.slice(i + 1).forEach(b => {
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(40);
    }));
    for (const p of layout.nodes) {
      expect(p.x).toBeGreaterThan(layout.minX);
      expect(p.x).toBeLessThan(layout.minX + layout.width);
      expect(p.y).toBeGreaterThan(layout.minY);
      expect(p.y).toBeLessThan(layout.minY + layout.height);
    }
  });

  test('draws an empty graph without failing', () => {
    // WHEN
    const svg = renderGraphSvg(flowGraph({ workloads: [], ports: [], allowed: [] }));

    // THEN
    expect(svg).toContain('<svg class="graph"');
    expect(svg).not.toContain('class="edge ');
    expect(renderMermaid(flowGraph({ workloads: [], ports: [], allowed: [] }))).toBe('flowchart LR\n  %% no allowed flows between different workloads\n');
  });
});
