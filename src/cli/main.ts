import { Command, Option } from 'commander'
import { ConfigError, configSchema, loadConfig, type BaseConfig } from '../kit/config.ts'
import { openConfiguredDatabase, runMigrations, selectServices } from '../kit/runtime.ts'
import { systemClock } from '../kit/clock.ts'
import { addDemoSiteCommand } from '../services/hotels/demo-site/command.ts'
import { services } from '../services/index.ts'
import { version } from '../version.ts'
import { startCommand } from './start.ts'

function configFromEnv(): BaseConfig & Record<string, unknown> {
  return loadConfig(configSchema(services.map((s) => s.config).filter((c) => c !== undefined))) as BaseConfig & Record<string, unknown>
}

const program = new Command('flotilla')
  .description('Five backend services on one kit: ctr, monitor, events, plays, hotels.\nConfiguration comes from the environment (see README.md).')
  .version(version)
  .showHelpAfterError()

program
  .command('start')
  .description('start Flotilla: HTTP API, workers and schedules, per --role')
  .addOption(new Option('--role <role>', 'what this process does').choices(['all', 'api', 'worker', 'scheduler']))
  .option('--services <names>', 'comma-separated subset of services to run (default: all)')
  .action(async (options: { role?: string; services?: string }) => {
    if (options.role) process.env.FLOTILLA_ROLE = options.role
    if (options.services) process.env.FLOTILLA_SERVICES = options.services
    await startCommand()
  })

program
  .command('migrate')
  .description('apply pending database migrations of the kit and every service, then exit')
  .action(async () => {
    const config = configFromEnv()
    const database = openConfiguredDatabase(config)
    try {
      const applied = await runMigrations(database, selectServices(services, config.FLOTILLA_SERVICES))
      console.log(applied.length === 0 ? 'the database is up to date' : `applied ${applied.length} migrations:\n  ${applied.join('\n  ')}`)
    } finally {
      await database.close()
    }
  })

addDemoSiteCommand(program)

for (const service of services) {
  if (!service.cli) continue
  const command = program.command(service.name).description(`${service.name}: ${service.description}`)
  service.cli(command, {
    async open() {
      const config = configFromEnv()
      const database = openConfiguredDatabase(config)
      await runMigrations(database, [service])
      return { database, config, clock: systemClock, close: () => database.close() }
    },
  })
}

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`flotilla: ${error.message}`)
  } else {
    console.error(`flotilla: ${error instanceof Error ? error.message : String(error)}`)
  }
  process.exitCode = 1
}
