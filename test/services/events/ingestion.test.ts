import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventUuid } from '../../../src/services/events/event-id.ts'
import { eventsService } from '../../../src/services/events/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'
import { eventsEnv, fetchNow, sample, searchAll, startFetch, startProvider } from './provider.ts'

test('the two moments: ever online, with the last values seen online; never 1700', async (t) => {
  await eachDialect(t, async (db) => {
    const provider = await startProvider()
    provider.serve(sample('provider-v2-moment1.xml'))
    const f = await startTestFlotilla(db, eventsEnv(provider), { services: [eventsService] })
    try {
      assert.equal((await startFetch(f)).status, 'succeeded')
      const moment1 = await searchAll(f)
      assert.deepEqual(moment1.map((e) => e.title), ['Pantomima Full', 'Camela en concierto', 'Los Morancos'])

      provider.serve(sample('provider-v2-moment2.xml'))
      const job = await fetchNow(f)
      assert.equal(job.status, 'succeeded', job.error ?? '')
      const events = await searchAll(f)
      assert.deepEqual(events, [
        { id: eventUuid('322', '1642'), title: 'Pantomima Full', start_date: '2021-02-10', start_time: '20:00:00', end_date: '2021-02-10', end_time: '21:30:00', min_price: 55, max_price: 55 },
        { id: eventUuid('291', '291'), title: 'Camela en concierto', start_date: '2021-06-30', start_time: '21:00:00', end_date: '2021-06-30', end_time: '22:00:00', min_price: 12.5, max_price: 30 },
        { id: eventUuid('1591', '1642'), title: 'Los Morancos', start_date: '2021-07-31', start_time: '20:00:00', end_date: '2021-07-31', end_time: '21:00:00', min_price: 65, max_price: 75 },
        { id: eventUuid('444', '445'), title: 'Tributo a Queen', start_date: '2021-09-15', start_time: '21:30:00', end_date: '2021-09-16', end_time: '00:30:00', min_price: 35, max_price: 48 },
        { id: eventUuid('444', '446'), title: 'Tributo a Queen', start_date: '2021-09-16', start_time: '21:30:00', end_date: '2021-09-17', end_time: '00:30:00', min_price: 32, max_price: 32 },
      ])
      assert.ok(!events.some((e) => e.title === 'Never online'))
      assert.deepEqual(job.result, {
        ...(job.result as object),
        outcome: 'success',
        baseEvents: 3,
        events: 4,
        onlineEvents: 3,
        skippedBaseEvents: 0,
        inserted: 2,
        updated: 1,
        unchanged: 0,
      })
    } finally {
      await f.close()
      await provider.close()
    }
  })
})

test('the v1 dialect: 291 and 1591 are served, the offline 322 is not', async (t) => {
  await eachDialect(t, async (db) => {
    const provider = await startProvider()
    provider.serve(sample('provider-v1.xml'))
    const f = await startTestFlotilla(db, eventsEnv(provider), { services: [eventsService] })
    try {
      assert.equal((await startFetch(f)).status, 'succeeded')
      const events = await searchAll(f)
      assert.deepEqual(
        events.map((e) => [e.id, e.start_date, e.start_time, e.end_date, e.end_time, e.min_price, e.max_price]),
        [
          [eventUuid('291', '291'), '2019-06-30', '21:00:00', '2019-06-30', '21:00:00', 0, 20],
          [eventUuid('1591', '1642'), '2019-07-31', '20:00:00', '2019-07-31', '20:00:00', 75, 75],
        ],
      )
      const v1 = await f.server.inject({ url: '/v1/api/events' })
      assert.equal(v1.statusCode, 200)
      const ids = v1.json<Array<{ base_event: { base_event_id: string } }>>().map((d) => d.base_event.base_event_id)
      assert.deepEqual(ids, ['291', '1591'])
    } finally {
      await f.close()
      await provider.close()
    }
  })
})
