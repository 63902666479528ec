// `npm run bench -- jobs`: trivial jobs through the jobs table. Throughput: BENCH_JOBS
// jobs enqueued in batches of 500 while the workers run, from the first enqueue to the
// last finish. Latency: BENCH_LATENCY_JOBS jobs enqueued one by one at 200/s, from
// enqueue (created_at) to start (started_at). SQLite runs in this process; PostgreSQL
// runs one or two worker processes (bench/jobs/worker-process.ts), polling every
// second (the default) or woken by RabbitMQ signals.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { Connection } from 'rabbitmq-client'
import { Broker } from '../src/kit/broker/broker.ts'
import { brokerNames } from '../src/kit/broker/names.ts'
import { openDatabase, type Database } from '../src/kit/db/database.ts'
import { migrateToLatest } from '../src/kit/db/migrate.ts'
import { jobsMigrations } from '../src/kit/jobs/migrations.ts'
import { JobQueue } from '../src/kit/jobs/queue.ts'
import { WorkerPool } from '../src/kit/jobs/worker-pool.ts'
import { stopProcess } from './lib/processes.ts'
import { printTable, type Row } from './lib/report.ts'

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000)
const LATENCY_JOBS = Number(process.env.BENCH_LATENCY_JOBS ?? 1_000)
const LATENCY_RATE = 200
const CONCURRENCY = 32
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test'
const BROKER_URL = process.env.BENCH_BROKER_URL ?? 'amqp://guest:guest@127.0.0.1:5672'

interface JobTimes {
  created_at: number | string
  started_at: number | string | null
  finished_at: number | string | null
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function times(database: Database): Promise<Array<{ created: number; started: number; finished: number }>> {
  const rows = (await database.db.selectFrom('jobs').select(['created_at', 'started_at', 'finished_at']).execute()) as JobTimes[]
  // pg returns int8 as strings.
  return rows.map((r) => ({ created: Number(r.created_at), started: Number(r.started_at), finished: Number(r.finished_at) }))
}

async function allSucceeded(queue: JobQueue, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  // Seldom, since on SQLite it shares the thread with the pool; the figures come from the rows' timestamps.
  while ((await queue.counts())['noop']?.succeeded !== count) {
    if (Date.now() > deadline) throw new Error(`jobs did not finish within ${timeoutMs} ms: ${JSON.stringify(await queue.counts())}`)
    await sleep(200)
  }
}

/** Both phases on a queue whose workers are running; the jobs table is emptied before each. */
async function measure(database: Database, queue: JobQueue): Promise<Row['figures']> {
  await database.db.deleteFrom('jobs').execute()
  for (let i = 0; i < JOBS; i += 500) await queue.enqueueMany(Array.from({ length: Math.min(500, JOBS - i) }, () => ({ type: 'noop', payload: null })))
  await allSucceeded(queue, JOBS, 120_000)
  const burst = await times(database)
  const seconds = (Math.max(...burst.map((t) => t.finished)) - Math.min(...burst.map((t) => t.created))) / 1000

  await database.db.deleteFrom('jobs').execute()
  const start = Date.now()
  for (let i = 0; i < LATENCY_JOBS; i++) {
    const due = start + (i * 1000) / LATENCY_RATE
    if (due > Date.now()) await sleep(due - Date.now())
    await queue.enqueue('noop', null)
  }
  await allSucceeded(queue, LATENCY_JOBS, 60_000)
  const latencies = (await times(database)).map((t) => t.started - t.created).sort((a, b) => a - b)
  return { 'jobs/s': JOBS / seconds, 'p50 ms': percentile(latencies, 50), 'p99 ms': percentile(latencies, 99) }
}

async function sqliteRow(): Promise<Row> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-jobs-'))
  const database = openDatabase({ sqliteFile: path.join(dir, 'flotilla.db') })
  try {
    await migrateToLatest(database.db, database.dialect, 'kit', jobsMigrations)
    const queue = new JobQueue(database)
    const pool = new WorkerPool(queue, { noop: { concurrency: CONCURRENCY, handler: async () => {} } })
    pool.start()
    try {
      return { name: 'SQLite, in-process', figures: await measure(database, queue) }
    } finally {
      await pool.stop(0)
    }
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/jobs/worker-process.ts'], {
    env: { ...process.env, ...env, CONCURRENCY: String(CONCURRENCY) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child))
    child.once('exit', (code) => reject(new Error(`a bench worker exited (${code}) before it was ready`)))
  })
}

async function postgresRow(workers: number, signals: boolean): Promise<Row> {
  const schema = `bench_jobs_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const database = openDatabase({ url: POSTGRES_URL, schema })
  const url = new URL(POSTGRES_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const prefix = `flotilla-bench-${randomBytes(4).toString('hex')}`
  const broker = signals ? new Broker({ url: BROKER_URL, prefix }) : undefined
  const children: ChildProcess[] = []
  try {
    await migrateToLatest(database.db, database.dialect, 'kit', jobsMigrations)
    const queue = new JobQueue(database)
    if (broker) {
      queue.useSignals(broker.signals)
      await broker.connected()
    }
    const env: Record<string, string> = { DATABASE_URL: url.toString(), ...(signals ? { BROKER_URL, BROKER_PREFIX: prefix } : {}) }
    children.push(...(await Promise.all(Array.from({ length: workers }, () => startWorker(env)))))
    const name = `PostgreSQL, ${workers} worker process${workers > 1 ? 'es' : ''}, ${signals ? 'RabbitMQ signals' : 'polling'}`
    return { name, figures: await measure(database, queue) }
  } finally {
    await Promise.all(children.map(stopProcess))
    await broker?.close()
    if (signals) await deleteExchanges(prefix)
    await database.close()
    await admin.query(`drop schema ${schema} cascade`)
    await admin.end()
  }
}

async function deleteExchanges(prefix: string): Promise<void> {
  const connection = new Connection(BROKER_URL)
  connection.on('error', () => {})
  const names = brokerNames(prefix)
  for (const exchange of [names.signals, names.bus]) await connection.exchangeDelete({ exchange })
  await connection.close()
}

async function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || defaultPort) })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export async function benchJobs(): Promise<void> {
  const rows: Row[] = [await sqliteRow()]
  const postgres = await reachable(POSTGRES_URL, 5432)
  const rabbit = await reachable(BROKER_URL, 5672)
  if (!postgres) console.error(`PostgreSQL not reachable at ${new URL(POSTGRES_URL).host}: its rows are left out`)
  if (postgres && !rabbit) console.error(`RabbitMQ not reachable at ${new URL(BROKER_URL).host}: the signal rows are left out`)
  if (postgres) {
    for (const workers of [1, 2]) {
      for (const signals of rabbit ? [false, true] : [false]) rows.push(await postgresRow(workers, signals))
    }
  }
  printTable(
    `jobs: ${JOBS.toLocaleString('en-US')} trivial jobs enqueued in batches of 500 (jobs/s, first enqueue to last finish); ` +
      `${LATENCY_JOBS.toLocaleString('en-US')} enqueued one by one at ${LATENCY_RATE}/s (enqueue-to-start p50/p99); ` +
      `concurrency ${CONCURRENCY} per process; polling = the default 1 s poll`,
    rows,
    'SQLite, in-process',
    ['jobs/s'],
  )
}
