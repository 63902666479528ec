import { setTimeout as sleep } from 'node:timers/promises'
import { referenceTotals } from '../../test/services/plays/reference.ts'
import { Pace } from '../pace.ts'
import { type CheckResult, type Workload, type WorkloadContext, pick } from './workload.ts'

const SONGS = [
  ...Array.from({ length: 400 }, (_, i) => `Song ${i}`),
  'Hello, Goodbye', // a comma: quoted in the output
  'The "Best" One', // quotes: doubled in the output
  'Ünïcödé 歌',
]

interface Upload {
  id: string
  /** The output the task must produce, or the line a deliberately bad file must be failed at. */
  expected: { output: string } | { badLine: number }
}

interface TaskAnswer {
  status: string
  error: string | null
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s)

/** A CSV of `rows` plays, with a bad date at `badLine` when given. */
function playsCsv(random: () => number, rows: number, badLine?: number): string {
  const lines = ['Song,Date,Number of Plays']
  for (let line = 2; line <= rows + 1; line++) {
    if (line === badLine) {
      lines.push('Umbrella,2020-13-45,7')
      continue
    }
    const date = `2020-0${1 + Math.floor(random() * 3)}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
    lines.push(`${csvField(pick(random, SONGS))},${date},${1 + Math.floor(random() * 1000)}`)
  }
  return `${lines.join('\n')}\n`
}

interface PlaysFile {
  name: string
  csv: string
  expected: Upload['expected']
}

/** Sizes of the files uploaded in turn; the last one has a bad row. Made before the traffic starts, so the soak's own loop stays free. */
const FILE_ROWS = [1_000, 10_000, 50_000, 100_000, 200_000, 20_000]

/** An upload every 10 s (raw text/csv or multipart, 1,000 to 200,000 rows; one in six with a bad row), each checked at the end. */
export class PlaysWorkload implements Workload {
  readonly name = 'plays'
  readonly describe = `an upload every 10 s, raw or multipart, in turn of ${FILE_ROWS.length} files of ${FILE_ROWS.map((r) => r / 1000).join(', ')} thousand rows (the last with a bad row); every output compared at the end`
  private readonly uploads: Upload[] = []
  private readonly files: PlaysFile[] = []
  private pace: Pace | undefined
  private n = 0

  constructor(private readonly ctx: WorkloadContext) {}

  async setup(): Promise<void> {
    FILE_ROWS.forEach((rows, i) => {
      const badLine = i === FILE_ROWS.length - 1 ? 2 + Math.floor(this.ctx.random() * rows) : undefined
      const csv = playsCsv(this.ctx.random, rows, badLine)
      // The tests' plain reference (csv-parse, a Map, BigInt sums) says what the output must be.
      this.files.push({ name: `soak-${i}.csv`, csv, expected: badLine === undefined ? { output: referenceTotals(csv) } : { badLine } })
    })
  }

  start(): void {
    const { client } = this.ctx
    this.pace = new Pace(
      0.1,
      3,
      async () => {
        const n = this.n++
        const file = this.files[n % this.files.length]!
        let body: string | FormData = file.csv
        const headers: Record<string, string> = {}
        // Raw and multipart in turn, each file both ways over the run.
        if (Math.floor(n / this.files.length) % 2 === 0) headers['content-type'] = 'text/csv'
        else {
          body = new FormData()
          body.append('file', new Blob([file.csv], { type: 'text/csv' }), file.name)
        }
        const answer = await client.json<{ task_id: string }>('plays', '/v1/data_processor/upload', { method: 'POST', headers, body: body as never, expect: [202] })
        if (answer) this.uploads.push({ id: answer.task_id, expected: file.expected })
      },
      (error) => this.ctx.tally.fail(`plays: ${(error as Error).message}`),
    ).start()
  }
  async stop(): Promise<void> {
    await this.pace?.stop()
  }

  async check(): Promise<CheckResult[]> {
    const { client } = this.ctx
    let right = 0
    const wrong: string[] = []
    for (const upload of this.uploads) {
      let task: TaskAnswer | undefined
      for (let waited = 0; waited < 300_000; waited += 500) {
        task = await client.json<TaskAnswer>('plays', `/v1/tasks/${upload.id}`)
        if (task && task.status !== 'RECEIVED' && task.status !== 'PROCESSING') break
        await sleep(500)
      }
      if ('badLine' in upload.expected) {
        if (task?.status === 'FAILED' && task.error?.includes(`line ${upload.expected.badLine}:`)) right++
        else wrong.push(`${upload.id}: ${task?.status} (${task?.error}) instead of FAILED at line ${upload.expected.badLine}`)
        continue
      }
      const download = task?.status === 'DONE' ? await client.call('plays', `/v1/data_processor/download/${upload.id}`) : undefined
      if (download?.body.toString('utf8') === upload.expected.output) right++
      else wrong.push(`${upload.id}: ${task?.status} (${task?.error ?? 'output differs'})`)
    }
    return [
      {
        name: 'plays: every accepted upload produced the right output (or failed at its bad line)',
        ok: this.uploads.length > 0 && wrong.length === 0,
        detail: wrong.length === 0 ? `${right} of ${this.uploads.length} tasks` : `${wrong.length} wrong: ${wrong.slice(0, 3).join('; ')}`,
      },
    ]
  }
}
