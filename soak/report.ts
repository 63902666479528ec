import { printTable, type Row } from '../bench/lib/report.ts'
import type { Sample } from './sampler.ts'
import type { Tally } from './tally.ts'
import type { CheckResult, Workload } from './workloads/workload.ts'

export interface Report {
  minutes: number
  workloads: Workload[]
  samples: Sample[]
  tally: Tally
  checks: CheckResult[]
  healthFailures: number
}

/** The RSS growth the issue allows over the last 20 minutes (or the last two thirds of a shorter run). */
const MAX_RSS_GROWTH = 0.1
/** Shorter runs are all warm-up: their RSS is reported, not judged. */
const MIN_MINUTES_FOR_RSS = 10

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)

function overTime(samples: Sample[], bucketSeconds: number): Row[] {
  const rows: Row[] = []
  let previous: Sample | undefined
  for (let end = bucketSeconds; previous === undefined || end < samples.at(-1)!.t + bucketSeconds; end += bucketSeconds) {
    const bucket = samples.filter((s) => s.t > end - bucketSeconds && s.t <= end)
    const last = bucket.at(-1)
    if (!last) continue
    const seconds = last.t - (previous?.t ?? 0)
    rows.push({
      name: `${(end / 60).toFixed(bucketSeconds < 60 ? 1 : 0)} min`,
      figures: {
        'RSS MB': last.rssMb,
        'loop p99 ms': Math.max(...bucket.map((s) => s.loopP99Ms)),
        'loop max ms': Math.max(...bucket.map((s) => s.loopMaxMs)),
        'requests/s': (last.requests - (previous?.requests ?? 0)) / seconds,
        '503 shed': last.shed - (previous?.shed ?? 0),
        'other 5xx': last.serverErrors - (previous?.serverErrors ?? 0),
        'healthz max ms': Math.max(...bucket.map((s) => s.healthMaxMs)),
        'soak loop max ms': Math.max(...bucket.map((s) => s.soakLoopMaxMs)),
      },
    })
    previous = last
  }
  return rows
}

/**
 * Over the last 20 minutes (or two thirds of the run): mean RSS of its first minute
 * against its last. A check from MIN_MINUTES_FOR_RSS on; a shorter run only reports it.
 */
function rssGrowth(samples: Sample[], minutes: number): { check?: CheckResult; detail: string } {
  const end = samples.at(-1)?.t ?? 0
  const window = Math.min(20 * 60, (end * 2) / 3)
  const from = end - window
  const first = mean(samples.filter((s) => s.t >= from && s.t < from + 60).map((s) => s.rssMb))
  const last = mean(samples.filter((s) => s.t > end - 60).map((s) => s.rssMb))
  const growth = (last - first) / first
  const detail = `${first.toFixed(0)} MB at ${(from / 60).toFixed(1)} min → ${last.toFixed(0)} MB at the end: ${(growth * 100).toFixed(1)}% (limit ${MAX_RSS_GROWTH * 100}%)`
  if (minutes < MIN_MINUTES_FOR_RSS) return { detail: `RSS over the last ${(window / 60).toFixed(1)} min, not judged (under ${MIN_MINUTES_FOR_RSS} min is warm-up): ${detail}` }
  return { check: { name: `RSS growth over the last ${(window / 60).toFixed(0)} min under ${MAX_RSS_GROWTH * 100}%`, ok: growth < MAX_RSS_GROWTH, detail }, detail }
}

/** Prints the soak's tables and checks; true when every check held. */
export function printReport(report: Report): boolean {
  const { samples, tally } = report
  printTable(`soak: ${report.minutes} min, all services at once; Flotilla's RSS (process and worker threads) and event-loop delay over time`, overTime(samples, report.minutes >= 3 ? 60 : 10), '', [])
  printTable(
    'answers by service (503 = deliberate shed, allowed; any other 5xx, no answer or an unexpected status is a failure)',
    [...tally.services].map(([name, t]) => ({ name, figures: { requests: t.requests, '503 shed': t.shed, 'other 5xx': t.serverErrors, 'no answer': t.networkErrors, unexpected: t.unexpected } })),
    '',
    [],
  )
  const total = tally.total()
  const rss = rssGrowth(samples, report.minutes)
  const checks: CheckResult[] = [
    ...report.checks,
    { name: 'no 5xx other than 503 sheds', ok: total.serverErrors === 0, detail: `${total.serverErrors} other 5xx, ${total.shed} sheds in ${total.requests.toLocaleString('en-US')} requests` },
    { name: 'every request answered as the client expects', ok: total.networkErrors === 0 && total.unexpected === 0, detail: `${total.networkErrors} without an answer, ${total.unexpected} unexpected` },
    { name: 'every answer right (the workloads’ own checks of each body)', ok: tally.failures.length === 0, detail: tally.failures.length === 0 ? 'no wrong answer' : `${tally.failures.length + tally.failuresNotKept} failures` },
    { name: '/healthz answered every second', ok: report.healthFailures === 0, detail: `${report.healthFailures} failed; worst ${Math.max(0, ...samples.map((s) => s.healthMaxMs)).toFixed(0)} ms` },
    ...(rss.check ? [rss.check] : []),
  ]
  console.log('checks\n')
  for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`)
  if (!rss.check) console.log(`\n  ${rss.detail}`)
  if (tally.failures.length > 0) {
    console.log('\nfailures (the first ones)\n')
    for (const f of tally.failures) console.log(`  ${f}`)
    if (tally.failuresNotKept > 0) console.log(`  … and ${tally.failuresNotKept} more`)
  }
  const passed = checks.every((c) => c.ok)
  console.log(`\nsoak ${passed ? 'passed' : 'FAILED'}: ${checks.filter((c) => c.ok).length} of ${checks.length} checks held`)
  return passed
}
