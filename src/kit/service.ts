import type { Command } from 'commander'
import type { TObject } from 'typebox'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { Clock } from './clock.ts'
import type { AuthSettings } from './http/auth.ts'
import type { Server } from './http/create-server.ts'
import type { Database } from './db/database.ts'
import type { Migrations } from './db/migrate.ts'
import type { JobDefinition } from './jobs/types.ts'
import type { JobQueue } from './jobs/queue.ts'
import type { Bus, Subscription } from './bus/types.ts'
import type { Schedule } from './schedule/types.ts'
import type { AdminModel } from './admin/admin-model.ts'

export type Role = 'all' | 'api' | 'worker' | 'scheduler'

/** What the kit hands a service when it is created. */
export interface ServiceContext<C = Record<string, unknown>> {
  /** The whole validated configuration: the base settings and every service's own. */
  config: C & { FLOTILLA_DATA_DIR: string; HOST: string }
  role: Role
  database: Database
  jobs: JobQueue
  bus: Bus
  log: Logger
  metrics: Registry
  clock: Clock
  /** A directory of this service's own under the data dir, for its files. */
  filesDir: string
  /** Whether auth is on and the token: for routes that check credentials themselves. */
  auth: AuthSettings
}

/** What a service looks like once created: everything optional but its routes. */
export interface ServiceInstance {
  /** A Fastify plugin holding the service's routes, registered at the root. */
  routes?: (app: Server) => Promise<void>
  jobs?: Record<string, JobDefinition>
  schedules?: Schedule[]
  subscriptions?: Subscription[]
  /** Topics it publishes, for the architecture drawn on the landing page. */
  publishes?: string[]
  /** Called before the HTTP server listens (e.g. to load a snapshot). */
  start?(): Promise<void>
  /** Called on shutdown after the HTTP server stopped taking requests. */
  stop?(): Promise<void>
  /** Tables the admin (`/ui/admin`) lists and edits, through the service's own functions. */
  admin?: AdminModel[]
  /** Live figures for the landing page and dashboard. */
  status?(): Promise<Record<string, unknown>>
}

export interface ServiceDefinition<C = any> {
  name: string
  description: string
  /** The service's settings, prefixed with its name; merged into the one config schema. */
  config?: TObject
  migrations?: Migrations
  create(ctx: ServiceContext<C>): Promise<ServiceInstance> | ServiceInstance
  /** Adds the service's subcommands (`flotilla <name> …`) to the CLI. */
  cli?(command: Command, context: CliContext): void
}

/** What a service's CLI command may use: the configured, migrated database. */
export interface CliContext {
  open(): Promise<{ database: Database; config: Record<string, unknown>; clock: Clock; close(): Promise<void> }>
}

export function defineService<C = any>(definition: ServiceDefinition<C>): ServiceDefinition<C> {
  if (!/^[a-z][a-z0-9]*$/.test(definition.name)) throw new Error(`service name must be lowercase letters and digits: ${definition.name}`)
  return definition
}
