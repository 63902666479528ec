import { escapeHtml as e } from './escape-html.ts'
import { formatBytes, formatUptime } from './format.ts'
import type { LandingInfo, LandingService } from './landing-info.ts'

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']
const count = (n: number) => NUMBERS[n] ?? String(n)

export function renderHero(info: LandingInfo): string {
  const names = info.services.map((s) => `<code>${e(s.name)}</code>`).join(', ')
  const running = info.services.length === 1 ? 'service' : 'services'
  return `<section class="hero">
<h1>One code base, five services, one kit.</h1>
<p>Flotilla is one TypeScript code base that runs five backend services on one shared kit:
configuration, database and migrations, a job queue, a message bus, schedules, HTTP with
OpenAPI, metrics and logs. A service is one folder; it never touches another's tables and
talks to the others only through the bus.</p>
<p>This process runs ${count(info.services.length)} ${running}${names ? `: ${names}` : ''}
<span class="pill pill-mode">${e(info.mode)}</span>
<span class="pill pill-${info.process.health === 'ok' ? 'ok' : 'degraded'}">${info.process.health === 'ok' ? 'healthy' : 'degraded'}</span></p>
</section>`
}

function modeCard(info: LandingInfo, mode: LandingInfo['mode'], title: string, items: string[]): string {
  const current = info.mode === mode
  return `<div class="card mode${current ? ' current' : ''}">
<h3>${title}${current ? ' <span class="pill pill-mode">this deployment</span>' : ''}</h3>
<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>
</div>`
}

/** The two mode cards, the current one highlighted. */
export function renderModes(info: LandingInfo): string {
  return [
    modeCard(info, 'embedded', 'Embedded', [
      'one process: <code>npm start</code> on a laptop',
      'SQLite file in the data directory (WAL)',
      'jobs run by an in-process worker pool',
      'events delivered in-process from the outbox table',
    ]),
    modeCard(info, 'distributed', 'Distributed', [
      'any number of <code>api</code>, <code>worker</code> and <code>scheduler</code> processes',
      'PostgreSQL holds every job and event',
      'RabbitMQ carries work signals and bus messages',
      'schedules fired once cluster-wide by the elected leader',
    ]),
  ].join('\n')
}

export function renderProcess(info: LandingInfo): string {
  const p = info.process
  const facts: Array<[string, string]> = [
    ['role', p.role],
    ['pid', String(p.pid)],
    ['uptime', formatUptime(p.uptimeSeconds)],
    ['memory (RSS)', formatBytes(p.rssBytes)],
    ['database', info.database],
    ['broker', info.broker],
    ['version', info.version],
  ]
  return `<div class="card">
<h3>This process <span class="pill pill-${p.health === 'ok' ? 'ok' : 'degraded'}">${e(p.health)}</span></h3>
<dl class="facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
</div>`
}

function list(items: string[], empty: string, render: (item: string) => string): string {
  return items.length === 0 ? `<span class="none">${e(empty)}</span>` : `<div class="chips">${items.map(render).join('')}</div>`
}

function renderService(service: LandingService): string {
  const routes = service.routes.length
    ? `<ul class="routes">${service.routes
        .map((r) => `<li><span class="method m-${e(r.method.toLowerCase())}">${e(r.method.toUpperCase())}</span><code>${e(r.url)}</code></li>`)
        .join('')}</ul>`
    : '<span class="none">no routes</span>'
  const schedules = service.schedules.map((s) => `${s.name} · every ${s.every} → ${s.job}`)
  const topics = [
    ...service.topics.publishes.map((t) => `publishes ${t}`),
    ...service.topics.subscribes.map((s) => `${s.topic} → group ${s.group}`),
  ]
  return `<article class="card service" id="service-${e(service.name)}">
<h3><code>${e(service.name)}</code></h3>
<p>${e(service.description)}</p>
<h4>Routes</h4>${routes}
<h4>Jobs</h4>${list(service.jobs, 'no jobs', (j) => `<span class="chip chip-job">${e(j)}</span>`)}
<h4>Schedules</h4>${list(schedules, 'no schedules', (s) => `<span class="chip chip-job">${e(s)}</span>`)}
<h4>Topics</h4>${list(topics, 'no topics', (t) => `<span class="chip chip-topic">${e(t)}</span>`)}
</article>`
}

export function renderServices(info: LandingInfo): string {
  const body = info.services.length ? info.services.map(renderService).join('\n') : '<p class="none">No services run in this process.</p>'
  return `<section>
<h2>Services</h2>
<div class="grid">
${body}
</div>
</section>`
}
