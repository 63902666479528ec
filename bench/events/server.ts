// Flotilla with the events service alone, plus the rejected alternative to the in-memory
// index for comparison: the same search as one SQL query per request on the indexed table.
import { createRuntime } from '../../src/kit/runtime.ts'
import { eventsService } from '../../src/services/events/index.ts'

const runtime = await createRuntime({
  services: [eventsService],
  version: 'bench',
  platform: async ({ server, database }) => {
    server?.get('/bench/search-sql', { schema: { hide: true } }, async (request, reply) => {
      const query = request.query as { starts_at: string; ends_at: string }
      const [from, to] = [Date.parse(query.starts_at), Date.parse(query.ends_at)]
      const rows = await database.db
        .selectFrom('events_event')
        .select('summary')
        .where('starts_at', '>=', from)
        .where('starts_at', '<=', to)
        .where('ends_at', '<=', to)
        .orderBy('starts_at')
        .orderBy('id')
        .limit(1000)
        .execute()
      const json = rows.map((r: { summary: string }) => r.summary).join(',')
      return reply.type('application/json; charset=utf-8').send(`{"data":{"events":[${json}]},"error":null}`)
    })
  },
})
process.on('SIGTERM', () => {
  void runtime.close().then(() => process.exit(0))
})
await runtime.listen()
