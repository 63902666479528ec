import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from '../../bench/lib/processes.ts'
import type { Database } from '../../src/kit/db/database.ts'
import { requireServices } from '../helpers/databases.ts'
import type { FlotillaProcess } from './processes.ts'

const run = promisify(execFile)

/** The worker's pid inside a `locked_by` worker id (`host:pid:random`, see worker-pool.ts). */
export function pidOfWorkerId(workerId: string): number {
  return Number(workerId.split(':').at(-2))
}

/** The running jobs of `type` with the pid of the process holding each one's lease. */
export async function leaseHolders(database: Database, type: string): Promise<Array<{ id: number; pid: number; attempts: number }>> {
  const rows = await database.db
    .selectFrom('jobs')
    .select(['id', 'locked_by', 'attempts'])
    .where('type', '=', type)
    .where('status', '=', 'running')
    .where('locked_by', 'is not', null)
    .execute()
  return rows.map((r: { id: number | string; locked_by: string; attempts: number | string }) => ({ id: Number(r.id), pid: pidOfWorkerId(r.locked_by), attempts: Number(r.attempts) }))
}

/** `kill -9`: no shutdown hook runs, the lease stays in the table until it expires. */
export async function sigkill(p: FlotillaProcess): Promise<void> {
  p.child.kill('SIGKILL')
  await p.exited
}

const PG_ROOT = '/usr/lib/postgresql'
/** /usr/local/bin, then the newest Debian-style install. */
const PG_BIN_DIRS = ['/usr/local/bin', ...(existsSync(PG_ROOT) ? readdirSync(PG_ROOT).sort((a, b) => Number(b) - Number(a)) : []).map((v) => path.join(PG_ROOT, v, 'bin'))]

function pgBin(name: string): string | undefined {
  for (const dir of PG_BIN_DIRS) if (existsSync(path.join(dir, name))) return path.join(dir, name)
  return undefined
}

/**
 * Why a private cluster cannot be made here (no initdb, or running as root with no
 * `postgres` user to run it as); throws instead under FLOTILLA_REQUIRE_SERVICES=1.
 */
export function privatePostgresSkipReason(): string | undefined {
  let reason: string | undefined
  if (!pgBin('initdb') || !pgBin('pg_ctl')) reason = 'initdb and pg_ctl not found (install PostgreSQL server binaries) to run this test'
  else if (process.getuid?.() === 0 && !postgresUser()) reason = 'running as root and no "postgres" user to run initdb as'
  if (reason && requireServices) throw new Error(`FLOTILLA_REQUIRE_SERVICES=1 but ${reason}`)
  return reason
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  if (!line) return undefined
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temp dir, its own port and socket
 * dir), so that stopping it disturbs nothing else on the machine. As root, the server
 * runs as the `postgres` user, since PostgreSQL refuses to run as root.
 */
export class PrivatePostgres {
  readonly dir: string
  readonly port: number
  private readonly asUser: { uid: number; gid: number } | undefined

  private constructor(dir: string, port: number) {
    this.dir = dir
    this.port = port
    this.asUser = process.getuid?.() === 0 ? postgresUser() : undefined
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-pg-'))
    const cluster = new PrivatePostgres(dir, await freePort())
    if (cluster.asUser) chownSync(dir, cluster.asUser.uid, cluster.asUser.gid)
    await cluster.exec('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'])
    return cluster
  }

  get dataDir(): string {
    return path.join(this.dir, 'data')
  }

  /** A URL for database `name` on this cluster. */
  url(name = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`
  }

  async start(): Promise<void> {
    // fsync off: the cluster lives for one test; -k: the socket stays in our dir.
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
    await this.exec('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'])
  }

  /** `pg_ctl stop -m fast`: open connections are cut, as in a real outage. */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'])
  }

  async createDatabase(name: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url() })
    await client.connect()
    try {
      await client.query(`create database ${name}`)
    } finally {
      await client.end()
    }
  }

  log(): string {
    try {
      return readFileSync(path.join(this.dir, 'server.log'), 'utf8')
    } catch {
      return ''
    }
  }

  /** Stops the server if it runs (immediate mode: nothing to keep) and removes its files. */
  async destroy(): Promise<void> {
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {})
    }
    rmSync(this.dir, { recursive: true, force: true })
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const bin = pgBin(tool)
    if (!bin) throw new Error(`${tool} not found`)
    const [file, argv] = this.asUser ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
    try {
      await run(file, argv, { cwd: this.dir, timeout: 90_000 })
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string }
      throw new Error(`${tool} ${args.at(-1)} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}\n${this.log()}`, { cause: err })
    }
  }
}
