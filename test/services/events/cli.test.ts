import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { Command } from 'commander'
import Value from 'typebox/value'
import { systemClock } from '../../../src/kit/clock.ts'
import { runMigrations } from '../../../src/kit/runtime.ts'
import { eventsCli } from '../../../src/services/events/cli.ts'
import { EventsConfig, eventsService } from '../../../src/services/events/index.ts'
import { eachDialect } from '../../helpers/databases.ts'

test('flotilla events ingest FILE stores a feed by the rules of the scheduled fetch', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await runMigrations(database, [eventsService])
    const program = new Command().exitOverride()
    eventsCli(program, {
      open: async () => ({ database, config: Value.Default(EventsConfig, {}) as Record<string, unknown>, clock: systemClock, close: async () => {} }),
    })
    const lines: string[] = []
    const log = t.mock.method(console, 'log', (line: string) => lines.push(line))
    const file = fileURLToPath(new URL('../../../../shared/data/events/provider-v2-moment1.xml', import.meta.url))
    await program.parseAsync(['ingest', file], { from: 'user' })
    log.mock.restore()
    assert.match(lines.join('\n'), /ingested 3 online events \(3 new, 0 changed, 0 unchanged; 0 malformed base_events skipped\)/)
    const titles = await database.db.selectFrom('events_event').select('title').orderBy('starts_at').execute()
    assert.deepEqual(
      titles.map((r) => r.title),
      ['Pantomima Full', 'Camela en concierto', 'Los Morancos'],
    )
  })
})
