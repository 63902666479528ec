import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildDiagram } from '../../src/platform/landing/diagram-model.ts'
import type { LandingInfo } from '../../src/platform/landing/landing-info.ts'
import { renderLanding } from '../../src/platform/landing/render-landing.ts'
import { createTestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

function distributed(): LandingInfo {
  const api = { pid: 11, host: 'api-1', role: 'api', services: ['ctr'], uptimeSeconds: 60, rssBytes: 1 << 26, health: 'ok' as const, lastSeenSeconds: 0, current: true }
  return {
    version: '0.1.0',
    mode: 'distributed',
    database: 'PostgreSQL db:5432/flotilla',
    broker: 'RabbitMQ mq:5672',
    process: api,
    processes: [api, { ...api, pid: 12, host: 'worker-1', role: 'worker', current: false, lastSeenSeconds: 95, health: 'degraded' }],
    services: [{ name: 'ctr', description: 'CTRs', routes: [{ method: 'POST', url: '/predict' }], jobs: [], schedules: [], topics: { publishes: [], subscribes: [] } }],
    links: [
      { href: '/ui/admin', label: 'Admin', note: 'Rows of each service\u2019s tables.', locked: true },
      { href: '/openapi.json', label: 'OpenAPI document' },
    ],
  }
}

test('every process is listed with its role, services and health; the diagram counts them', () => {
  const html = renderLanding(distributed())
  assert.match(html, /<h2>Processes<\/h2>/)
  assert.match(html, /2 processes share the work by role/)
  assert.match(html, /<code>api-1:11<\/code><\/td>\s*<td><span class="pill">api<\/span>/)
  assert.match(html, /<code>worker-1:12<\/code><\/td>\s*<td><span class="pill">worker<\/span>/)
  assert.match(html, /<span class="pill pill-degraded">degraded<\/span>/)
  assert.match(html, /1 min 35 s ago/)
  const process = buildDiagram(distributed()).nodes.find((node) => node.id === 'process')
  assert.equal(process?.label, '2 Flotilla processes')
  assert.equal(process?.sublabel, 'roles api, worker')

  // Links with a note become cards; a locked one says it needs the token.
  assert.match(html, /<a class="card surface" href="\/ui\/admin">\s*<h3>Admin <span class="pill pill-locked"/)
  assert.doesNotMatch(html, /class="card surface" href="\/openapi.json"/)
})

test('the live page shows this process, healthy, and leads to every surface', async () => {
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr', FLOTILLA_PROFILER: 'off' })
  try {
    const html = (await f.server.inject({ url: '/' })).body
    assert.match(html, new RegExp(`<code>[^<]+:${process.pid}</code>`))
    assert.match(html, /<tr class="current">[\s\S]*?<span class="pill">all<\/span>[\s\S]*?<code>ctr<\/code>[\s\S]*?pill-ok">ok</)
    for (const href of ['/ui/', '/ui/admin', '/ui/profiler', '/ui/db', '/docs', '/metrics']) assert.ok(html.includes(`href="${href}"`), href)
    assert.match(html, /Off in this process \(FLOTILLA_PROFILER=off\)/)
    assert.doesNotMatch(html, /class="pill pill-locked"/, 'on loopback nothing needs the token')
  } finally {
    await f.close()
    await db.cleanup()
  }
})
