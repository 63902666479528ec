import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import type { Command } from 'commander'
import type { Kysely } from 'kysely'
import type { CliContext } from '../../kit/service.ts'
import { importEstimatesCsv } from './import-estimates.ts'
import type { CtrTables } from './repository.ts'

/** `flotilla ctr import FILE`: loads the original's CSV straight into the database. */
export function ctrCli(command: Command, context: CliContext): void {
  command
    .command('import')
    .description('import a CSV with the header adId,estimatedCVR (all rows or none); running processes pick it up at their next refresh')
    .argument('<file>', 'the CSV file')
    .action(async (file: string) => {
      await access(file)
      const opened = await context.open()
      try {
        const started = Date.now()
        const count = await importEstimatesCsv(opened.database.db as Kysely<CtrTables>, createReadStream(file), opened.clock.now())
        console.log(`imported ${count} estimates from ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      } finally {
        await opened.close()
      }
    })
}
