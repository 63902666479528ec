import assert from 'node:assert/strict'
import { test } from 'node:test'
import WebSocket from 'ws'
import type { ProgressSummary } from '../../../src/services/hotels/scrape/progress.ts'
import type { HotelData } from '../../../src/services/hotels/hotel-data.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { waitFor, type TestFlotilla } from '../../helpers/flotilla.ts'
import { startDemo, startHotels, startSearch } from './helpers.ts'

interface Client {
  socket: WebSocket
  messages: any[]
  closed: Promise<{ code: number; reason: string }>
}

const listening = new WeakMap<TestFlotilla, Promise<string>>()

async function connect(f: TestFlotilla): Promise<Client> {
  if (!listening.has(f)) listening.set(f, f.runtime.listen())
  const address = await listening.get(f)!
  const socket = new WebSocket(`${address.replace(/^http/, 'ws')}/fastapi/ws`)
  const messages: any[] = []
  socket.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString('utf8'))))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })))
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return { socket, messages, closed }
}

const env = { PORT: '0', HOTELS_CONCURRENCY_PER_HOST: '2' }

test('a client that subscribes to a job gets its progress pushed until it ends, each hotel once', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo({ latencyMs: 30 })
    const f = await startHotels(db, site, env)
    const client = await connect(f)
    try {
      const id = await startSearch(f, { query: 'Madrid', page: 1, pages: 2 })
      client.socket.send(JSON.stringify({ subscribe: String(id) }))
      const last = await waitFor(() => client.messages.find((m) => m.type === 'progress' && m.job.status === 'succeeded'), 20_000, 'the final progress message')
      const progress = client.messages.filter((m) => m.type === 'progress')
      assert.ok(progress.length >= 2, `several messages (${progress.length})`)
      const values = progress.map((m) => (m.job as ProgressSummary).progress)
      assert.deepEqual(values, [...values].sort((a, b) => a - b), 'progress never goes back')
      assert.ok(values.some((v) => v > 0 && v < 100), `progress in between: ${values.join(' ')}`)
      assert.equal(last.job.progress, 100)
      assert.deepEqual(last.job.subJobs, { queued: 0, running: 0, succeeded: 35, failed: 0, skipped: 0, total: 35 })
      const hotels: HotelData[] = progress.flatMap((m) => m.results)
      assert.equal(hotels.length, 35, 'every hotel, none twice')
      assert.equal(new Set(hotels.map((h) => h.id)).size, 35)
      await new Promise((resolve) => setTimeout(resolve, 700))
      assert.equal(client.messages.filter((m) => m.type === 'progress').length, progress.length, 'nothing after the end')
    } finally {
      client.socket.close()
      await f.close()
      await site.close()
    }
  })
})

test("a client that sends nothing gets the original's {tasks: …} pushes, results once complete", async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site, env)
    const client = await connect(f)
    try {
      const id = await startSearch(f, { query: 'Lisbon', page: 1 })
      const complete = await waitFor(() => client.messages.find((m) => m.tasks?.[String(id)]?.progress === 100), 20_000, 'the complete task')
      const task = complete.tasks[String(id)]
      assert.deepEqual(task.overview, { master_task_status: 'SUCCESS', child_tasks_statuses: { PENDING: 0, SUCCESS: 30, FAILURE: 0, TOTAL: 30 } })
      assert.equal(task.results.length, 30)
      const earlier = client.messages.filter((m) => m.tasks?.[String(id)] && m !== complete)
      assert.ok(earlier.every((m) => m.tasks[String(id)].results === undefined), 'results come with the complete task only')
    } finally {
      client.socket.close()
      await f.close()
      await site.close()
    }
  })
})

test('what a client may send is bounded: its shape, its size, its rate', async (t) => {
  await eachDialect(t, async (db) => {
    const site = await startDemo()
    const f = await startHotels(db, site, env)
    try {
      const client = await connect(f)
      for (const text of ['hello', '[1]', '{"subscribe": -1}', '{"subscribe": 1, "also": 2}', '{"subscribe": 999999}']) client.socket.send(text)
      await waitFor(() => (client.messages.length >= 5 ? true : undefined), 5000, 'five answers')
      assert.ok(client.messages.every((m) => m.type === 'error'))
      assert.match(client.messages[0].message, /^not JSON; send \{"subscribe": <job id>\}/)
      assert.match(client.messages[2].message, /subscribe takes a job id/)
      assert.equal(client.messages[4].message, 'no hotels search job 999999')

      client.socket.send(JSON.stringify({ subscribe: 'x'.repeat(2000) }))
      assert.equal((await client.closed).code, 1009, 'a message over 1 KiB closes the socket')

      const chatty = await connect(f)
      for (let i = 0; i < 61; i++) chatty.socket.send('{"unsubscribe": 1}')
      const closed = await chatty.closed
      assert.equal(closed.code, 1008)
      assert.match(closed.reason, /more than 60 messages a minute/)
    } finally {
      await f.close()
      await site.close()
    }
  })
})
