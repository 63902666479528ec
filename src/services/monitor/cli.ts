import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { Kysely } from 'kysely'
import type { CliContext } from '../../kit/service.ts'
import { JobQueue } from '../../kit/jobs/queue.ts'
import { parseWebsiteList } from './import-file.ts'
import type { MonitorTables } from './repository/tables.ts'
import { WebsiteService } from './website-service.ts'

/** `flotilla monitor import FILE`: adds or updates websites from a JSON or CSV file, all or none. */
export function monitorCli(command: Command, context: CliContext): void {
  command
    .command('import')
    .description('add or update websites from a file: JSON [{"url","intervalSeconds","regex"}] or CSV with a header (website_url,monitoring_interval,regex); all or none. Running engines pick them up at their next sync.')
    .argument('<file>', 'the JSON or CSV file')
    .action(async (file: string) => {
      const text = await readFile(file, 'utf8')
      const inputs = parseWebsiteList(text)
      const opened = await context.open()
      try {
        const service = new WebsiteService({
          db: opened.database.db as Kysely<MonitorTables>,
          dialect: opened.database.dialect,
          clock: opened.clock,
          jobs: new JobQueue(opened.database, { clock: opened.clock }),
        })
        const { created, updated } = await service.import(inputs)
        console.log(`imported ${inputs.length} websites from ${file}: ${created} added, ${updated} updated`)
      } finally {
        await opened.close()
      }
    })
}
