import { escapeHtml as e, safeHref } from './escape-html.ts'
import { formatBytes, formatUptime } from './format.ts'
import type { LandingInfo, LandingProcess } from './landing-info.ts'

/**
 * A process as the table shows it: a scheduler also says whether it leads (fires the
 * schedules) or stands by.
 */
export type ProcessRow = LandingProcess & { schedulerLeader?: boolean }

function leadership(p: ProcessRow): string {
  if (p.schedulerLeader === undefined) return ''
  return p.schedulerLeader
    ? ' <span class="pill pill-ok" title="holds the scheduler lock: fires the schedules">leader</span>'
    : ' <span class="pill" title="another scheduler fires the schedules; this one takes over if it dies">standby</span>'
}

function row(p: ProcessRow): string {
  const seen = p.current ? 'this page' : p.lastSeenSeconds === undefined ? '–' : `${formatUptime(p.lastSeenSeconds)} ago`
  return `<tr${p.current ? ' class="current"' : ''}>
<td><code>${e(p.host ?? 'localhost')}:${e(p.pid)}</code></td>
<td><span class="pill">${e(p.role)}</span>${leadership(p)}</td>
<td>${(p.services ?? []).map((s) => `<code>${e(s)}</code>`).join(' ') || '<span class="none">none</span>'}</td>
<td><span class="pill pill-${p.health === 'ok' ? 'ok' : 'degraded'}">${e(p.health)}</span></td>
<td class="num">${e(formatUptime(p.uptimeSeconds))}</td>
<td class="num">${e(formatBytes(p.rssBytes))}</td>
<td>${e(seen)}</td>
</tr>`
}

/** Every process of the deployment with its role and health; embedded, there is one. */
export function renderProcesses(info: LandingInfo): string {
  const processes = info.processes ?? [{ ...info.process, current: true }]
  const note =
    processes.length === 1
      ? 'One process does everything: it serves HTTP, runs the jobs and fires the schedules.'
      : `${processes.length} processes share the work by role; each reports a heartbeat.`
  return `<section>
<h2>Processes</h2>
<p class="section-note">${e(note)}</p>
<div class="table-box"><table class="processes">
<thead><tr><th>process</th><th>role</th><th>services</th><th>health</th><th class="num">uptime</th><th class="num">memory</th><th>last seen</th></tr></thead>
<tbody>
${processes.map(row).join('\n')}
</tbody>
</table></div>
</section>`
}

/** The surfaces beyond this page, each with what it is for. */
export function renderSurfaces(info: LandingInfo): string {
  const cards = info.links
    .filter((link) => link.note)
    .map(
      (link) => `<a class="card surface" href="${safeHref(link.href)}">
<h3>${e(link.label)}${link.locked ? ' <span class="pill pill-locked" title="needs the token on this deployment">token</span>' : ''}</h3>
<p>${e(link.note)}</p>
</a>`,
    )
  if (cards.length === 0) return ''
  return `<section>
<h2>Where to go</h2>
<div class="grid surfaces">
${cards.join('\n')}
</div>
</section>`
}
