import { createFlotilla } from '../app.ts'

/**
 * Starts the process and stops it cleanly: on SIGTERM or SIGINT it stops taking
 * requests and jobs, finishes or hands back what it holds, and exits 0.
 */
export async function startCommand(): Promise<void> {
  const runtime = await createFlotilla()
  const { log, auth } = runtime
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))

  const address = await runtime.listen()
  log.info({ address, role: runtime.role, services: runtime.services.map((s) => s.definition.name), database: runtime.database.location }, 'flotilla started')
  if (auth.enabled && auth.generated) {
    // Printed once, to the terminal only (never through the logger), so it is not kept in logs.
    process.stderr.write(`\nAuth is on (listening on ${runtime.config.HOST}). Your token, saved in ${runtime.config.FLOTILLA_DATA_DIR}/token:\n  ${auth.token}\n\n`)
  }
  if (runtime.server) process.stdout.write(`Flotilla is up: ${address}/  (dashboard ${address}/ui/, API docs ${address}/docs)\n`)
  else process.stdout.write(`Flotilla ${runtime.role} is up: health ${address}/healthz, readiness ${address}/readyz, metrics ${address}/metrics\n`)
}
