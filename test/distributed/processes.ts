import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { freePort } from '../../bench/lib/processes.ts'
import { LEADER_LOCK_CLASS } from '../../src/kit/schedule/leader.ts'
import { postgresUrl } from '../helpers/databases.ts'
import { waitFor } from '../helpers/flotilla.ts'

const BIN = new URL('../../bin/flotilla.js', import.meta.url).pathname
export const FEED = readFileSync(new URL('../../../shared/data/events/provider-v1.xml', import.meta.url))
export const PLAYS_CSV = readFileSync(new URL('../../../shared/data/plays/sample-input.csv', import.meta.url))

export type Role = 'api' | 'worker' | 'scheduler' | 'all'

/** A `flotilla start --role …` child process, with what it logged. */
export interface FlotillaProcess {
  role: Role
  child: ChildProcess
  /** Its HTTP address: the API for the api role, health and metrics only for the others. */
  url: string
  output(): string
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
}

/** Starts `flotilla start --role <role>` on a free port and resolves once its /healthz answers. */
export async function startRole(role: Role, env: Record<string, string>, timeoutMs = 60_000): Promise<FlotillaProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [BIN, 'start', '--role', role], {
    env: { ...process.env, LOG_LEVEL: 'info', FLOTILLA_PROFILER: 'off', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const started: FlotillaProcess = { role, child, url, output: () => output, exited }
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`flotilla --role ${role} exited with ${child.exitCode}:\n${output}`)
        return (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) ? true : undefined
      },
      timeoutMs,
      `flotilla --role ${role} to start`,
    )
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
  return started
}

/** Sends SIGTERM and waits for the exit; resolves with the code and how long it took. */
export async function terminate(p: FlotillaProcess, timeoutMs = 30_000): Promise<{ code: number | null; ms: number }> {
  const began = Date.now()
  p.child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`--role ${p.role} did not exit within ${timeoutMs} ms of SIGTERM:\n${p.output()}`)), timeoutMs)
  })
  try {
    const code = await Promise.race([p.exited, timeout])
    return { code, ms: Date.now() - began }
  } finally {
    clearTimeout(timer)
  }
}

/** Kills whatever is still running, for `finally` blocks. */
export async function killAll(processes: FlotillaProcess[]): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return
      p.child.kill('SIGKILL')
      await p.exited
    }),
  )
}

/** The node pids of the processes holding the scheduler lock of `schema`, from PostgreSQL's view. */
export async function schedulerLeaders(schema: string): Promise<number[]> {
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ name: string }>(
      `select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objsubid = 2
          and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = $1::bigint::oid and l.objid = (hashtext($2)::bigint & 4294967295)::oid`,
      [LEADER_LOCK_CLASS, schema],
    )
    return rows.map((r) => Number(r.name.split(' ').at(-1)))
  } finally {
    await admin.end()
  }
}

/**
 * An events provider: serves the feed and counts the requests. While `hold` is set,
 * requests hang (a fetch in flight) until the client gives up or `release` is called.
 */
export class FakeProvider {
  requests = 0
  hold = false
  private readonly held = new Set<() => void>()
  private readonly server: Server

  constructor() {
    this.server = createServer((request, response) => {
      this.requests++
      const answer = () => {
        if (!response.writableEnded) response.writeHead(200, { 'content-type': 'application/xml' }).end(FEED)
      }
      if (!this.hold) return answer()
      this.held.add(answer)
      response.on('close', () => this.held.delete(answer))
    })
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed.xml`
  }

  get waiting(): number {
    return this.held.size
  }

  release(): void {
    this.hold = false
    for (const answer of this.held) answer()
    this.held.clear()
  }

  async stop(): Promise<void> {
    this.release()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

export function schemaOf(env: Record<string, string>): string {
  const options = new URL(env.DATABASE_URL ?? '').searchParams.get('options') ?? ''
  return /search_path=(\S+)/.exec(options)?.[1] ?? 'public'
}
