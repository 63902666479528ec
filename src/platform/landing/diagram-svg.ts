import { escapeHtml } from './escape-html.ts'
import { truncate } from './format.ts'
import type { Diagram, DiagramEdge, DiagramNode, EdgeKind } from './diagram-model.ts'

const KINDS: EdgeKind[] = ['http', 'sql', 'job', 'bus']
const LABEL_CHARS = 21
const SUB_CHARS = 24

function edgePath(from: DiagramNode, to: DiagramNode): string {
  const x1 = from.x + from.w
  const y1 = from.y + from.h / 2
  const x2 = to.x - 4
  const y2 = to.y + to.h / 2
  const bend = (x2 - x1) / 2
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`
}

function renderEdge(edge: DiagramEdge, byId: Map<string, DiagramNode>): string {
  const from = byId.get(edge.from)
  const to = byId.get(edge.to)
  if (!from || !to) return ''
  return (
    `<path class="edge edge-${edge.kind}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" ` +
    `d="${edgePath(from, to)}" marker-end="url(#arrow-${edge.kind})"><title>${escapeHtml(edge.label)}</title></path>`
  )
}

function renderNode(node: DiagramNode): string {
  const small = node.h < 46
  const labelY = small ? 18 : 21
  const subY = small ? 33 : 38
  return (
    `<g class="node node-${node.kind}" data-node="${escapeHtml(node.id)}" transform="translate(${node.x},${node.y})">` +
    `<title>${escapeHtml(`${node.label}: ${node.sublabel}`)}</title>` +
    `<rect width="${node.w}" height="${node.h}" rx="8"/>` +
    `<text class="node-label" x="12" y="${labelY}">${escapeHtml(truncate(node.label, LABEL_CHARS))}</text>` +
    `<text class="node-sub" x="12" y="${subY}">${escapeHtml(truncate(node.sublabel, SUB_CHARS))}</text>` +
    `</g>`
  )
}

/** The diagram as inline SVG; styled by the page's CSS (classes node-*, edge-*). */
export function renderDiagramSvg(diagram: Diagram): string {
  const byId = new Map(diagram.nodes.map((node) => [node.id, node]))
  const markers = KINDS.map(
    (kind) =>
      `<marker id="arrow-${kind}" class="arrow-${kind}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
  ).join('')
  const columns = diagram.columns.map((c) => `<text class="col-title" x="${c.x + c.w / 2}" y="20" text-anchor="middle">${escapeHtml(c.title)}</text>`).join('')
  return [
    `<svg class="diagram" viewBox="0 0 ${diagram.width} ${diagram.height}" width="${diagram.width}" role="img" aria-labelledby="diagram-title" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="diagram-title">How data flows through this Flotilla</title>`,
    `<defs>${markers}</defs>`,
    `<g class="columns">${columns}</g>`,
    `<g class="edges">${diagram.edges.map((edge) => renderEdge(edge, byId)).join('')}</g>`,
    `<g class="nodes">${diagram.nodes.map(renderNode).join('')}</g>`,
    `</svg>`,
  ].join('\n')
}
