import { formatPort } from '../analysis/model/port-spec';
import type { ReportFlows, ReportWorkload } from '../analysis/report';
import { compareStrings } from '../util/strings';

/*
 * The graph of allowed flows, rendered as Mermaid (a flowchart), Graphviz
 * DOT (a digraph) and inline SVG for the HTML report. Nodes are workloads,
 * grouped by namespace; an edge means the source can reach the destination
 * on at least one probed port. A workload reaching itself is left out of the
 * graph (the heat map shows it). The layout is computed here, so the same
 * input always gives the same picture.
 */

/** What the graph reads of the report's flows. */
export interface FlowInput {
  readonly workloads: ReadonlyArray<Pick<ReportWorkload, 'label' | 'namespace' | 'external' | 'ingressIsolated' | 'egressIsolated'>>;
  readonly ports: ReportFlows['ports'];
  readonly allowed: ReportFlows['allowed'];
}

/** A node of the graph. */
export interface GraphNode {
  readonly index: number;
  /** The unique label, e.g. `shop/web`. */
  readonly label: string;
  /** The label without the namespace, e.g. `web`. */
  readonly name: string;
  /** The cluster: the namespace, or `EXTERNAL_CLUSTER`. */
  readonly cluster: string;
  readonly external: boolean;
  /** Selected by a policy for ingress or egress. */
  readonly isolated: boolean;
}

/** An allowed flow. */
export interface GraphEdge {
  readonly source: number;
  readonly destination: number;
  /** The probed ports it is allowed on, e.g. `TCP 8080`. */
  readonly ports: string[];
  /**
   * Allowed only because no policy restricts it: the source is not isolated
   * for egress and the destination is not isolated for ingress.
   */
  readonly open: boolean;
}

/** The graph: nodes in input order, clusters sorted (external last), edges by source then destination. */
export interface FlowGraph {
  readonly nodes: GraphNode[];
  readonly clusters: string[];
  readonly edges: GraphEdge[];
}

/** The cluster of external addresses; no namespace can have this name. */
export const EXTERNAL_CLUSTER = 'outside the cluster';

/** How many ports an edge label lists before "+N more". */
const MAX_LABEL_PORTS = 4;

/** The graph of allowed flows of a reachability input. */
export function flowGraph(input: FlowInput): FlowGraph {
  const nodes: GraphNode[] = input.workloads.map((w, index) => ({
    index,
    label: w.label,
    name: w.namespace !== undefined && w.label.startsWith(`${w.namespace}/`) ? w.label.slice(w.namespace.length + 1) : w.label,
    cluster: w.external || w.namespace === undefined ? EXTERNAL_CLUSTER : w.namespace,
    external: w.external,
    isolated: w.ingressIsolated || w.egressIsolated,
  }));
  const named = [...new Set(nodes.filter(n => !n.external).map(n => n.cluster))].sort(compareStrings);
  const clusters = nodes.some(n => n.external) ? [...named, EXTERNAL_CLUSTER] : named;
  const edges: GraphEdge[] = [];
  input.workloads.forEach((source, s) => input.workloads.forEach((destination, d) => {
    if (s === d) {
      return;
    }
    const ports = input.ports.filter((_p, p) => input.allowed[p]?.[s]?.[d] === true).map(formatPort);
    if (ports.length > 0) {
      edges.push({ source: s, destination: d, ports, open: !source.egressIsolated && !destination.ingressIsolated });
    }
  }));
  return { nodes, clusters, edges };
}

/**
 * An edge's ports for a label: `any port` for a flow no policy restricts,
 * else `TCP 8080, TCP 8443`, or the first few and `+N more`.
 */
export function edgePortsLabel(edge: GraphEdge): string {
  if (edge.open) {
    return 'any port';
  }
  const shown = edge.ports.slice(0, MAX_LABEL_PORTS).join(', ');
  return edge.ports.length > MAX_LABEL_PORTS ? `${shown} +${edge.ports.length - MAX_LABEL_PORTS} more` : shown;
}

/**
 * A Mermaid flowchart: one subgraph per namespace (and one for external
 * addresses), solid arrows for flows a policy allows, dotted ones for flows
 * no policy restricts, each labelled with its ports; workloads a policy
 * selects are filled. Ends with a newline.
 */
export function renderMermaid(graph: FlowGraph): string {
  const lines = ['flowchart LR'];
  graph.clusters.forEach((cluster, c) => {
    lines.push(`  subgraph c${c}["${mermaidText(cluster)}"]`);
    for (const node of graph.nodes.filter(n => n.cluster === cluster)) {
      lines.push(`    n${node.index}["${mermaidText(node.name)}"]`);
    }
    lines.push('  end');
  });
  for (const edge of graph.edges) {
    const arrow = edge.open ? '-.->' : '-->';
    lines.push(`  n${edge.source} ${arrow}|"${mermaidText(edgePortsLabel(edge))}"| n${edge.destination}`);
  }
  if (graph.edges.length === 0) {
    lines.push('  %% no allowed flows between different workloads');
  }
  const isolated = graph.nodes.filter(n => n.isolated).map(n => `n${n.index}`);
  const external = graph.nodes.filter(n => n.external).map(n => `n${n.index}`);
  if (isolated.length > 0) {
    lines.push('  classDef isolated fill:#e8f5e9,stroke:#1b5e20', `  class ${isolated.join(',')} isolated`);
  }
  if (external.length > 0) {
    lines.push('  classDef external fill:#fff8e1,stroke-dasharray:4 3', `  class ${external.join(',')} external`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A Graphviz digraph: one cluster per namespace, solid edges for flows a
 * policy allows, dashed ones for flows no policy restricts, each labelled
 * with its ports. Ends with a newline.
 */
export function renderDot(graph: FlowGraph): string {
  const lines = [
    'digraph netpol {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  graph.clusters.forEach((cluster, c) => {
    lines.push(`  subgraph cluster_${c} {`, `    label=${dotString(cluster)};`, '    style=rounded;');
    for (const node of graph.nodes.filter(n => n.cluster === cluster)) {
      const attrs = [`label=${dotString(node.name)}`];
      if (node.external) {
        attrs.push('shape=parallelogram');
      } else if (node.isolated) {
        attrs.push('fillcolor="#e8f5e9"');
      }
      lines.push(`    n${node.index} [${attrs.join(', ')}];`);
    }
    lines.push('  }');
  });
  for (const edge of graph.edges) {
    const attrs = [`label=${dotString(edgePortsLabel(edge))}`];
    if (edge.open) {
      attrs.push('style=dashed', 'color=gray50');
    }
    lines.push(`  n${edge.source} -> n${edge.destination} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// SVG

/** A point. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where everything goes. */
export interface GraphLayout {
  /** Node centres, by node index. */
  readonly nodes: Point[];
  /** Cluster circles, in `graph.clusters` order. */
  readonly clusters: Array<{ readonly center: Point; readonly radius: number }>;
  /** The bounding box. */
  readonly minX: number;
  readonly minY: number;
  readonly width: number;
  readonly height: number;
}

const NODE_RADIUS = 7;
const NODE_SPACING = 96;
const LABEL_ROOM = 58;
const CLUSTER_GAP = 36;
const MARGIN = 24;
/** The SVG is drawn this much larger than its layout units. */
const SCALE = 1.3;

/**
 * A deterministic layout: clusters (namespaces) as circles placed on a
 * larger circle, in sorted order from the top, clockwise; the workloads of
 * a cluster evenly spaced on a circle inside it. Sizes grow with the number
 * of workloads so that nothing overlaps.
 */
export function layoutGraph(graph: FlowGraph): GraphLayout {
  const members = graph.clusters.map(c => graph.nodes.filter(n => n.cluster === c));
  const inner = members.map(m => (m.length <= 1 ? 0 : Math.max(48, (m.length * NODE_SPACING) / (2 * Math.PI))));
  const radii = inner.map(r => r + LABEL_ROOM);
  const count = graph.clusters.length;

  let centers: Point[] = [];
  if (count === 1) {
    centers = [{ x: 0, y: 0 }];
  } else if (count > 1) {
    const total = radii.reduce((sum, r) => sum + 2 * r + CLUSTER_GAP, 0);
    const angles: number[] = [];
    let run = 0;
    for (const r of radii) {
      angles.push(-Math.PI / 2 + (2 * Math.PI * (run + r + CLUSTER_GAP / 2)) / total);
      run += 2 * r + CLUSTER_GAP;
    }
    let big = Math.max(total / (2 * Math.PI), ...radii);
    for (let i = 0; i < 200; i++) {
      centers = angles.map(a => ({ x: big * Math.cos(a), y: big * Math.sin(a) }));
      if (!overlaps(centers, radii)) {
        break;
      }
      big *= 1.08;
    }
  }

  const nodes: Point[] = new Array(graph.nodes.length);
  members.forEach((m, c) => {
    m.forEach((node, j) => {
      // Half a step off the top, so that no node sits under the cluster's label.
      const angle = -Math.PI / 2 + (2 * Math.PI * (j + 0.5)) / m.length;
      nodes[node.index] = { x: centers[c].x + inner[c] * Math.cos(angle), y: centers[c].y + inner[c] * Math.sin(angle) };
    });
  });

  if (count === 0) {
    return { nodes, clusters: [], minX: -100, minY: -40, width: 200, height: 80 };
  }
  const minX = Math.min(...centers.map((p, c) => p.x - radii[c])) - MARGIN;
  const minY = Math.min(...centers.map((p, c) => p.y - radii[c])) - MARGIN;
  const maxX = Math.max(...centers.map((p, c) => p.x + radii[c])) + MARGIN;
  const maxY = Math.max(...centers.map((p, c) => p.y + radii[c])) + MARGIN;
  return {
    nodes,
    clusters: centers.map((center, c) => ({ center, radius: radii[c] })),
    minX: round(minX),
    minY: round(minY),
    width: round(maxX - minX),
    height: round(maxY - minY),
  };
}

/**
 * The graph as an inline `<svg>` element (no external references): cluster
 * circles, curved arrows (class `edge rule` or `edge open`, with
 * `data-source` and `data-destination`), and nodes (class `node`, with
 * `data-workload`). Every text is escaped.
 */
export function renderGraphSvg(graph: FlowGraph): string {
  const layout = layoutGraph(graph);
  const out: string[] = [];
  out.push('<svg class="graph" role="img" aria-label="Allowed flows between workloads" '
    + `viewBox="${layout.minX} ${layout.minY} ${layout.width} ${layout.height}" `
    + `width="${round(layout.width * SCALE)}" height="${round(layout.height * SCALE)}" `
    + 'preserveAspectRatio="xMidYMin meet">');
  out.push('<defs>'
    + '<marker id="arrow-rule" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
    + '<path d="M0,0 L10,5 L0,10 z" class="arrow rule"/></marker>'
    + '<marker id="arrow-open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
    + '<path d="M0,0 L10,5 L0,10 z" class="arrow open"/></marker>'
    + '</defs>');
  graph.clusters.forEach((cluster, c) => {
    const { center, radius } = layout.clusters[c];
    out.push(`<g class="cluster${cluster === EXTERNAL_CLUSTER ? ' external' : ''}" data-cluster="${escapeXml(cluster)}">`
      + `<circle cx="${round(center.x)}" cy="${round(center.y)}" r="${round(radius)}"/>`
      + `<text x="${round(center.x)}" y="${round(center.y - radius + 18)}" text-anchor="middle">${escapeXml(cluster)}</text></g>`);
  });
  out.push('<g class="edges">');
  for (const edge of graph.edges) {
    const kind = edge.open ? 'open' : 'rule';
    const source = graph.nodes[edge.source];
    const destination = graph.nodes[edge.destination];
    out.push(`<path class="edge ${kind}" data-source="${escapeXml(source.label)}" data-destination="${escapeXml(destination.label)}" `
      + `d="${edgePath(layout.nodes[edge.source], layout.nodes[edge.destination])}" marker-end="url(#arrow-${kind})">`
      + `<title>${escapeXml(`${source.label} → ${destination.label}: ${edge.ports.join(', ')}${edge.open ? ' (no policy restricts it)' : ''}`)}</title>`
      + '</path>');
  }
  out.push('</g>');
  out.push('<g class="nodes">');
  graph.clusters.forEach((cluster, c) => {
    const center = layout.clusters[c].center;
    for (const node of graph.nodes.filter(n => n.cluster === cluster)) {
      const p = layout.nodes[node.index];
      const dx = p.x - center.x;
      const dy = p.y - center.y;
      const len = Math.hypot(dx, dy);
      // Labels point away from the cluster centre; a lone node gets its label below.
      const ux = len < 1 ? 0 : dx / len;
      const uy = len < 1 ? 1 : dy / len;
      const anchor = ux > 0.35 ? 'start' : ux < -0.35 ? 'end' : 'middle';
      const tx = p.x + ux * 13;
      const ty = p.y + uy * 14 + (uy > 0.35 ? 9 : uy < -0.35 ? -3 : 4);
      const shape = node.external
        ? `<rect x="${round(p.x - NODE_RADIUS)}" y="${round(p.y - NODE_RADIUS)}" width="${NODE_RADIUS * 2}" height="${NODE_RADIUS * 2}"/>`
        : `<circle cx="${round(p.x)}" cy="${round(p.y)}" r="${NODE_RADIUS}"/>`;
      out.push(`<g class="node${node.isolated ? ' isolated' : ''}${node.external ? ' external' : ''}" data-workload="${escapeXml(node.label)}" tabindex="0">`
        + `<title>${escapeXml(node.label)}${node.isolated ? ' (selected by a policy)' : ' (no policy selects it)'}</title>`
        + shape
        + `<text x="${round(tx)}" y="${round(ty)}" text-anchor="${anchor}">${escapeXml(node.name)}</text></g>`);
    }
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}

/** Escapes text for XML and HTML content and attribute values. */
export function escapeXml(text: string): string {
  return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A curved arrow from `a` to `b`, bending left, shortened to the node edges. */
function edgePath(a: Point, b: Point): string {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const dist = Math.hypot(dx, dy) || 1;
  // Control point: off the midpoint, to the left of a -> b, so a -> b and b -> a don't overlap.
  const bend = Math.min(0.18 * dist, 60);
  const cx = (a.x + b.x) / 2 - (dy / dist) * bend;
  const cy = (a.y + b.y) / 2 + (dx / dist) * bend;
  const start = towards(a, { x: cx, y: cy }, NODE_RADIUS + 1);
  const end = towards(b, { x: cx, y: cy }, NODE_RADIUS + 2);
  return `M${round(start.x)},${round(start.y)} Q${round(cx)},${round(cy)} ${round(end.x)},${round(end.y)}`;
}

function towards(from: Point, to: Point, distance: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: from.x + (dx / len) * distance, y: from.y + (dy / len) * distance };
}

function overlaps(centers: Point[], radii: number[]): boolean {
  for (let i = 0; i < centers.length; i++) {
    for (let j = i + 1; j < centers.length; j++) {
      if (Math.hypot(centers[i].x - centers[j].x, centers[i].y - centers[j].y) < radii[i] + radii[j] + CLUSTER_GAP) {
        return true;
      }
    }
  }
  return false;
}

/** Mermaid text inside `"..."`: quotes and angle brackets as entity codes, no line breaks. */
function mermaidText(text: string): string {
  return String(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;');
}

/** A DOT double-quoted string. */
function dotString(text: string): string {
  return `"${String(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
