import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { JobQueue } from '../../src/kit/jobs/queue.ts'
import { createTestDatabase, postgresSkipReason } from '../helpers/databases.ts'
import { waitFor } from '../helpers/flotilla.ts'
import { FakeProvider, killAll, schedulerLeaders, schemaOf, startRole, type FlotillaProcess } from './processes.ts'

test('two scheduler processes: one leads; kill -9 it and the other takes over; no period fires twice', async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const db = await createTestDatabase('postgres')
  const provider = new FakeProvider()
  const processes: FlotillaProcess[] = []
  try {
    const env = { ...db.env, FLOTILLA_SERVICES: 'events', EVENTS_PROVIDER_URL: await provider.start(), EVENTS_FETCH_INTERVAL_SECONDS: '1' }
    const schema = schemaOf(db.env)
    // One at a time: the migrations run once, and the first takes the lock.
    processes.push(await startRole('scheduler', env))
    processes.push(await startRole('scheduler', env))
    processes.push(await startRole('worker', env))
    const [one, two] = processes as [FlotillaProcess, FlotillaProcess]

    const [leaderPid] = await waitFor(async () => {
      const pids = await schedulerLeaders(schema)
      return pids.length === 1 ? pids : undefined
    }, 10_000, 'one scheduler to lead')
    const [leader, standby] = leaderPid === one.child.pid ? [one, two] : [two, one]
    assert.equal(leaderPid, leader.child.pid)
    assert.match(leader.output(), /scheduler leadership acquired/)
    assert.doesNotMatch(standby.output(), /scheduler leadership acquired/)

    const queue = new JobQueue(db.database)
    const fetched = async () => (await queue.list({ type: 'events.fetch' })).filter((j) => j.status === 'succeeded').length
    await waitFor(async () => ((await fetched()) >= 2 ? true : undefined), 15_000, 'two periods to fire and run')

    leader.child.kill('SIGKILL')
    await leader.exited
    const killedAt = Date.now()
    await waitFor(async () => ((await schedulerLeaders(schema)).includes(standby.child.pid!) ? true : undefined), 10_000, 'the standby to take over')
    const tookOverMs = Date.now() - killedAt
    assert.ok(tookOverMs < 10_000, `took over in ${tookOverMs} ms`)
    t.diagnostic(`the standby took over ${tookOverMs} ms after the leader was killed`)
    assert.match(standby.output(), /scheduler leadership acquired/)

    const before = await fetched()
    await waitFor(async () => ((await fetched()) >= before + 2 ? true : undefined), 15_000, 'the new leader to fire')
    await sleep(1_500)

    const jobs = await queue.list({ type: 'events.fetch' })
    const keys = jobs.map((j) => j.key)
    assert.equal(new Set(keys).size, keys.length, 'one job per period')
    // Each period's job ran once: the provider saw one request per finished job (and at most one in flight).
    const succeeded = jobs.filter((j) => j.status === 'succeeded').length
    assert.ok(provider.requests >= succeeded && provider.requests <= succeeded + 1, `${provider.requests} requests for ${succeeded} fetches`)
  } finally {
    await killAll(processes)
    await provider.stop()
    await db.cleanup()
  }
})
