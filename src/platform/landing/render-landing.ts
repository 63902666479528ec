import { buildDiagram } from './diagram-model.ts'
import { renderDiagramSvg } from './diagram-svg.ts'
import { escapeHtml as e, safeHref } from './escape-html.ts'
import type { LandingInfo, LandingLink } from './landing-info.ts'
import { renderProcesses, renderSurfaces } from './landing-processes.ts'
import { renderHero, renderModes, renderProcess, renderServices } from './landing-sections.ts'
import { LANDING_CSS } from './landing-styles.ts'

export type { LandingInfo } from './landing-info.ts'

const DEFAULT_LINKS = [
  { href: '/ui/', label: 'Dashboard' },
  { href: '/docs', label: 'API docs' },
  { href: '/metrics', label: 'Metrics' },
  { href: '/openapi.json', label: 'OpenAPI' },
]

/** The info's own links first, then the standard ones it does not already have. */
function linksOf(info: LandingInfo): LandingLink[] {
  const seen = new Set(info.links.map((link) => link.href))
  return [...info.links, ...DEFAULT_LINKS.filter((link) => !seen.has(link.href))]
}

function renderLinks(links: LandingLink[]): string {
  return links.map((link) => `<a href="${safeHref(link.href)}">${e(link.label)}</a>`).join('')
}

function renderDiagramSection(info: LandingInfo): string {
  return `<section>
<h2>How data flows</h2>
<div class="diagram-box">
${renderDiagramSvg(buildDiagram(info))}
</div>
<div class="legend"><span class="l-http">HTTP</span><span class="l-sql">database reads and writes</span><span class="l-job">jobs</span><span class="l-bus">bus messages (outbox, at least once per group)</span></div>
</section>`
}

/** The landing page at `/`: a complete HTML document, no external assets, no script. */
export function renderLanding(info: LandingInfo): string {
  const links = linksOf(info)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Flotilla ${e(info.version)} · ${e(info.mode)}</title>
<style>${LANDING_CSS}</style>
</head>
<body>
<header class="top"><div class="wrap">
<div class="brand">Flotilla<small>v${e(info.version)}</small></div>
<nav>${renderLinks(links)}</nav>
</div></header>
<main class="wrap">
${renderHero(info)}
${renderSurfaces(info)}
<section>
<h2>Mode and process</h2>
<p class="section-note">Two modes, one code path: the same binary runs as one process or as many, without changing a line of service code.</p>
<div class="grid">
${renderProcess(info)}
${renderModes(info)}
</div>
</section>
${renderProcesses(info)}
${renderDiagramSection(info)}
${renderServices(info)}
</main>
<footer><div class="wrap"><span>Flotilla ${e(info.version)} · ${e(info.mode)} · role ${e(info.process.role)}</span><span>${renderLinks(links).replace(/<\/a><a /g, '</a> · <a ')}</span></div></footer>
</body>
</html>
`
}
