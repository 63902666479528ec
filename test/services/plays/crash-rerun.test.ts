import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { test } from 'node:test'
import { eachDialect, type TestDatabase } from '../../helpers/databases.ts'
import { startTestFlotilla, waitFor, type TestFlotilla } from '../../helpers/flotilla.ts'
import { playsService } from '../../../src/services/plays/index.ts'
import { download, waitForStatus } from './helpers.ts'
import { randomPlays, referenceTotals } from './reference.ts'

const FIXTURE = new URL('./fixtures/serve-plays.ts', import.meta.url).pathname
const INPUT = randomPlays(400_000, 20_000, 365, 9)

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Runs a plays process in a child, uploads INPUT, and kill -9s it once the task has written rows to disk. */
async function killMidTask(db: TestDatabase): Promise<string> {
  const dataDir = db.env.FLOTILLA_DATA_DIR!
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = { ...process.env, ...db.env, PORT: String(port), LOG_LEVEL: 'silent', PLAYS_MEMORY_MB: '0.25', PLAYS_THREADS: '1' }
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { env, stdio: ['ignore', 'ignore', 'inherit'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  let id: string
  try {
    await waitFor(() => fetch(`${base}/readyz`).then((r) => (r.ok ? true : undefined), () => undefined), 30_000, 'the child to start')
    const res = await fetch(`${base}/v1/data_processor/upload`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: INPUT })
    assert.equal(res.status, 202)
    id = ((await res.json()) as { task_id: string }).task_id
    // Killed once its table has filled and rows are going to partitions: a crash with partial state on disk.
    const work = path.join(dataDir, 'files', 'plays', 'work', id)
    const written = (): boolean => existsSync(work) && readdirSync(work).some((f) => statSync(path.join(work, f), { throwIfNoEntry: false })?.size)
    await waitFor(() => (written() ? true : undefined), 30_000, 'rows written to partitions')
  } finally {
    child.kill('SIGKILL')
    await exited
  }
  const row = await db.database.db.selectFrom('plays_task').select('status').where('id', '=', id).executeTakeFirstOrThrow()
  assert.equal(row.status, 'PROCESSING', 'the task was mid-way when its process died')
  return id
}

/** Another process, a minute later: the dead worker's lease has run out. */
function nextProcess(db: TestDatabase): Promise<TestFlotilla> {
  return startTestFlotilla(db, { FLOTILLA_DATA_DIR: db.env.FLOTILLA_DATA_DIR!, PLAYS_MEMORY_MB: '0.25' }, { services: [playsService], clock: { now: () => Date.now() + 60_000 } })
}

test('a process killed mid-task: the task runs again elsewhere and ends DONE and right', async (t) => {
  await eachDialect(t, async (db) => {
    const id = await killMidTask(db)
    const f = await nextProcess(db)
    try {
      assert.equal((await waitForStatus(f, id, undefined, 120_000)).status, 'DONE')
      assert.equal((await download(f, id)).toString(), referenceTotals(INPUT))
      const [job] = await f.runtime.jobs.list({ type: 'plays.process' })
      assert.equal(job!.attempts, 2)
      const files = path.join(db.env.FLOTILLA_DATA_DIR!, 'files', 'plays')
      assert.deepEqual(readdirSync(path.join(files, 'outputs')), [`${id}.csv`])
      assert.deepEqual(readdirSync(path.join(files, 'work')), [])
    } finally {
      await f.close()
    }
  })
})

test('a process killed during the last attempt allowed: the task ends FAILED saying so, its files gone', async (t) => {
  await eachDialect(t, async (db) => {
    const id = await killMidTask(db)
    // As if the two attempts before had died the same way.
    await db.database.db.updateTable('jobs').set({ attempts: 3, max_attempts: 3 }).where('type', '=', 'plays.process').execute()
    const f = await nextProcess(db)
    try {
      const status = await waitForStatus(f, id, undefined, 60_000)
      assert.equal(status.status, 'FAILED')
      assert.match(status.error ?? '', /the worker running the last attempt died; upload the file again/)
      // The task is FAILED by the job's onExhausted hook, just before the job itself is.
      await waitFor(async () => ((await f.runtime.jobs.list({ type: 'plays.process' }))[0]?.status === 'failed' ? true : undefined), 10_000, 'the job to be failed')
      const files = path.join(db.env.FLOTILLA_DATA_DIR!, 'files', 'plays')
      for (const dir of ['inputs', 'outputs', 'work']) assert.deepEqual(readdirSync(path.join(files, dir)), [], `nothing left in ${dir}`)
    } finally {
      await f.close()
    }
  })
})
