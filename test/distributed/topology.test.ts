import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { JobQueue } from '../../src/kit/jobs/queue.ts'
import { createTestDatabase, postgresSkipReason } from '../helpers/databases.ts'
import { waitFor } from '../helpers/flotilla.ts'
import { FakeProvider, PLAYS_CSV, killAll, schedulerLeaders, schemaOf, startRole, terminate, type FlotillaProcess } from './processes.ts'

const PERIOD_S = 2

test('two api, two worker and one scheduler process on one PostgreSQL database work as one', async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const db = await createTestDatabase('postgres')
  const provider = new FakeProvider()
  const processes: FlotillaProcess[] = []
  try {
    const env = {
      ...db.env,
      FLOTILLA_SERVICES: 'events,plays',
      EVENTS_PROVIDER_URL: await provider.start(),
      EVENTS_FETCH_INTERVAL_SECONDS: String(PERIOD_S),
      EVENTS_INDEX_REFRESH_SECONDS: '0.5',
    }
    // The first process migrates the database; the rest start side by side.
    processes.push(await startRole('api', env))
    processes.push(...(await Promise.all([startRole('api', env), startRole('worker', env), startRole('worker', env), startRole('scheduler', env)])))
    const apis = processes.filter((p) => p.role === 'api')
    const scheduler = processes.find((p) => p.role === 'scheduler')!
    const queue = new JobQueue(db.database)
    const leaders = await waitFor(async () => {
      const pids = await schedulerLeaders(schemaOf(db.env))
      return pids.length > 0 ? pids : undefined
    }, 10_000, 'the scheduler to lead')
    assert.deepEqual(leaders, [scheduler.child.pid])

    // Every process answers health and metrics on its port; the worker and scheduler ones
    // serve nothing else (no service routes, no platform pages, no API docs).
    for (const p of processes) {
      assert.equal((await fetch(`${p.url}/healthz`)).status, 200, `${p.role} /healthz`)
      const ready = await fetch(`${p.url}/readyz`)
      assert.equal(ready.status, 200, `${p.role} /readyz`)
      assert.deepEqual(((await ready.json()) as { checks: Record<string, string> }).checks, { database: 'ok' })
      const metrics = await fetch(`${p.url}/metrics`)
      assert.equal(metrics.status, 200, `${p.role} /metrics`)
      const exported = await metrics.text()
      assert.match(exported, /^# TYPE process_cpu_user_seconds_total counter$/m, `${p.role} /metrics`)
      if (p.role === 'worker') assert.match(exported, /^# TYPE flotilla_jobs_completed_total counter$/m)
      if (p.role === 'scheduler') assert.match(exported, /^# TYPE flotilla_scheduler_leader gauge$/m)
      if (p.role === 'api') continue
      for (const url of ['/search', '/v1/tasks/status/x', '/docs', '/ui/', '/api/auth']) assert.equal((await fetch(`${p.url}${url}`)).status, 404, `${p.role} ${url}`)
    }

    // Requests alternate between the api processes; each sees what the other accepted.
    const tasks: string[] = []
    for (let i = 0; i < 6; i++) {
      const api = apis[i % 2]!
      const response = await fetch(`${api.url}/v1/data_processor/upload`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: PLAYS_CSV })
      assert.equal(response.status, 202)
      tasks.push(((await response.json()) as { task_id: string }).task_id)
    }
    for (const [i, id] of tasks.entries()) {
      const api = apis[(i + 1) % 2]!
      await waitFor(async () => {
        const status = (await (await fetch(`${api.url}/v1/tasks/status/${id}`)).json()) as { status: string }
        return status.status === 'DONE' ? true : undefined
      }, 20_000, `task ${id} to finish`)
    }

    // The scheduled fetch ran on a worker; both api processes answer searches from it.
    for (const api of apis) {
      await waitFor(async () => {
        const body = (await (await fetch(`${api.url}/search`)).json()) as { data: { events: unknown[] } }
        return body.data.events.length > 0 ? true : undefined
      }, 20_000, 'events to be searchable')
    }

    // A schedule fires once per period: one job per period key, one provider request per job.
    await sleep(3 * PERIOD_S * 1000)
    const fetches = await queue.list({ type: 'events.fetch' })
    const scheduled = fetches.filter((j) => j.key?.startsWith('schedule:events.fetch:'))
    const periods = scheduled.map((j) => Number(j.key!.split(':').at(-1)))
    assert.equal(new Set(periods).size, periods.length, 'no period twice')
    assert.ok(periods.every((p) => p % (PERIOD_S * 1000) === 0))
    assert.ok(scheduled.length >= 3, `${scheduled.length} periods fired`)
    const finished = fetches.filter((j) => j.status === 'succeeded').length
    assert.ok(provider.requests >= finished && provider.requests <= finished + 1, `${provider.requests} requests for ${finished} fetches`)

    for (const p of processes) assert.equal((await terminate(p)).code, 0, p.output())
  } finally {
    await killAll(processes)
    await provider.stop()
    await db.cleanup()
  }
})
