import { test } from 'node:test'
import assert from 'node:assert/strict'
import { renderLanding } from '../../src/platform/landing/render-landing.ts'
import { buildDiagram } from '../../src/platform/landing/diagram-model.ts'
import { escapeHtml, safeHref } from '../../src/platform/landing/escape-html.ts'
import type { LandingInfo } from '../../src/platform/landing/landing-info.ts'

function sample(): LandingInfo {
  return {
    version: '0.1.0',
    mode: 'embedded',
    database: 'SQLite ./data/flotilla.db',
    broker: 'in-process',
    process: { pid: 4242, role: 'all', uptimeSeconds: 3725, rssBytes: 87 * 1024 * 1024, health: 'ok' },
    services: [
      {
        name: 'hotels',
        description: 'Scrapes a city\'s hotels. <script>alert("x")</script>',
        routes: [
          { method: 'POST', url: '/scrape' },
          { method: 'GET', url: '/hotels' },
        ],
        jobs: ['hotels.scrape'],
        schedules: [{ name: 'nightly-scrape', job: 'hotels.scrape', every: '24h' }],
        topics: { publishes: ['hotels.selection'], subscribes: [] },
      },
      {
        name: 'plays',
        description: 'Aggregates song plays.',
        routes: [{ method: 'GET', url: '/api/plays/results/:id' }],
        jobs: ['plays.aggregate'],
        schedules: [],
        topics: { publishes: [], subscribes: [{ topic: 'hotels.selection', group: 'selection-store' }] },
      },
    ],
    links: [{ href: '/ui/', label: 'Dashboard' }],
  }
}

void test('the landing page lists each service with its routes and jobs', () => {
  const html = renderLanding(sample())
  assert.match(html, /^<!doctype html>/)
  assert.match(html, /<\/html>\s*$/)
  assert.match(html, /<span class="method m-post">POST<\/span><code>\/scrape<\/code>/)
  assert.match(html, /<span class="method m-get">GET<\/span><code>\/hotels<\/code>/)
  assert.match(html, /<code>\/api\/plays\/results\/:id<\/code>/)
  assert.match(html, /<span class="chip chip-job">hotels\.scrape<\/span>/)
  assert.match(html, /<span class="chip chip-job">plays\.aggregate<\/span>/)
  assert.match(html, /nightly-scrape · every 24h → hotels\.scrape/)
  assert.match(html, /hotels\.selection → group selection-store/)
  assert.match(html, /<div class="card mode current">\s*<h3>Embedded/)
  assert.match(html, /pid<\/dt><dd>4242<\/dd>/)
  assert.match(html, /uptime<\/dt><dd>1 h 2 min<\/dd>/)
  for (const href of ['/ui/', '/docs', '/metrics', '/openapi.json']) assert.ok(html.includes(`href="${href}"`), href)
  assert.equal(html.match(/href="\/ui\/"/g)?.length, 2, 'the dashboard link is not repeated from the defaults (header + footer)')
  assert.doesNotMatch(html, /<script|src=|<link /, 'no script and no external assets')
})

void test('the diagram draws the topic from its publisher to its subscriber group', () => {
  const diagram = buildDiagram(sample())
  const ids = diagram.nodes.map((node) => node.id)
  for (const id of ['clients', 'process', 'service:hotels', 'service:plays', 'database', 'jobs', 'workers', 'schedule:hotels/nightly-scrape', 'topic:hotels.selection', 'group:plays/selection-store']) {
    assert.ok(ids.includes(id), `node ${id}`)
  }
  const has = (from: string, to: string) => diagram.edges.some((edge) => edge.from === from && edge.to === to)
  assert.ok(has('clients', 'process'))
  assert.ok(has('process', 'service:hotels') && has('process', 'service:plays'))
  assert.ok(has('service:hotels', 'database') && has('service:plays', 'database'))
  assert.ok(has('jobs', 'workers'))
  assert.ok(has('schedule:hotels/nightly-scrape', 'jobs'))
  assert.ok(has('service:hotels', 'topic:hotels.selection'))
  assert.ok(has('topic:hotels.selection', 'group:plays/selection-store'))
  assert.ok(!has('service:plays', 'topic:hotels.selection'), 'a subscriber does not publish')

  // Every edge joins neighbouring columns, left to right, so no edge crosses a box.
  const byId = new Map(diagram.nodes.map((node) => [node.id, node]))
  for (const edge of diagram.edges) {
    const from = byId.get(edge.from)
    const to = byId.get(edge.to)
    assert.ok(from && to, `${edge.from} → ${edge.to} joins two nodes`)
    assert.ok(to.x > from.x && to.x - from.x < 2 * from.w, `${edge.from} → ${edge.to} spans one column`)
  }
  // No two boxes overlap.
  for (const a of diagram.nodes) {
    for (const b of diagram.nodes) {
      if (a === b || a.x !== b.x) continue
      assert.ok(a.y + a.h <= b.y || b.y + b.h <= a.y, `${a.id} and ${b.id} overlap`)
    }
  }

  const html = renderLanding(sample())
  assert.match(html, /<svg class="diagram"/)
  assert.match(html, /data-node="topic:hotels\.selection"/)
  assert.match(html, /data-node="group:plays\/selection-store"/)
  assert.match(html, /class="edge edge-bus" data-from="service:hotels" data-to="topic:hotels\.selection"/)
  assert.match(html, /class="edge edge-bus" data-from="topic:hotels\.selection" data-to="group:plays\/selection-store"/)
  assert.match(html, /class="edge edge-job" data-from="jobs" data-to="workers"/)
})

void test('interpolated strings are escaped', () => {
  const info = sample()
  info.version = '1"><b>'
  info.links = [{ href: 'javascript:alert(1)', label: '<i>evil</i>' }]
  info.services[1]!.topics.subscribes[0]!.group = '<g onload=x>'
  const html = renderLanding(info)
  assert.ok(!html.includes('<script>alert'), 'the description script is escaped')
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'))
  assert.ok(html.includes('Scrapes a city&#39;s hotels.'))
  assert.ok(!html.includes('<b>') && !html.includes('<i>evil') && !html.includes('<g onload'))
  assert.ok(!html.includes('javascript:'), 'a script URL does not become a link')
  assert.ok(html.includes('data-node="group:plays/&lt;g onload=x&gt;"'))
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  assert.equal(safeHref('//evil.example'), '#')
  assert.equal(safeHref('/docs?a=1&b=2'), '/docs?a=1&amp;b=2')
})

void test('a process without jobs, schedules or topics draws only the request path', () => {
  const info = sample()
  info.mode = 'distributed'
  info.services = [{ name: 'ctr', description: 'CTRs', routes: [{ method: 'POST', url: '/predict' }], jobs: [], schedules: [], topics: { publishes: [], subscribes: [] } }]
  const diagram = buildDiagram(info)
  assert.deepEqual(diagram.nodes.map((node) => node.id).sort(), ['clients', 'database', 'process', 'service:ctr'])
  const html = renderLanding(info)
  assert.match(html, /<div class="card mode current">\s*<h3>Distributed/)
  assert.match(html, /one service: <code>ctr<\/code>/)
})
