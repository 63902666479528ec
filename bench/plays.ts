// `npm run bench -- plays`: sums plays per (song, date) over ~1 GB inputs, one with few
// distinct keys and one with more than the memory budget holds, by Flotilla (a task over
// HTTP), DuckDB (GROUP BY + ORDER BY to CSV, 2 threads) and `LC_ALL=C sort | awk`.
// BENCH_PLAYS_MB sets the input size (default 1024); BENCH_PLAYS_SETS=few or =many runs one
// input only; BENCH_PLAYS_KEEP=1 keeps the inputs for the next run.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { printTable, type Row } from './lib/report.ts'
import { runFlotilla } from './plays/flotilla-run.ts'
import { generatePlays } from './plays/generate.ts'
import { runMeasured } from './plays/measure.ts'

const SIZE_MB = Number(process.env.BENCH_PLAYS_MB ?? 1024)
const MEMORY_MB = Number(process.env.BENCH_PLAYS_MEMORY_MB ?? 256)
const DIR = process.env.BENCH_PLAYS_DIR ?? path.join(os.tmpdir(), 'flotilla-bench-plays')
const DATASETS = [
  { name: 'few keys', songs: 466, days: 365 },
  { name: 'many keys', songs: 50_000, days: 365 },
].filter((set) => (process.env.BENCH_PLAYS_SETS ?? 'few,many').split(',').some((wanted) => set.name.startsWith(wanted)))

const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

// Equal keys are adjacent after a plain byte sort of whole lines, whatever the titles hold.
const AWK = 'NR > 1 { n = $NF; k = substr($0, 1, length($0) - length(n) - 1); if (k != prev) { if (started) print prev "," s; prev = k; s = 0; started = 1 } s += n } END { if (started) print prev "," s }'

export async function benchPlays(): Promise<void> {
  mkdirSync(DIR, { recursive: true })
  const inputs: string[] = []
  try {
    for (const set of DATASETS) {
      const input = path.join(DIR, `${set.songs}x${set.days}-${SIZE_MB}mb.csv`)
      inputs.push(input)
      if (!existsSync(input)) {
        const t = performance.now()
        const { rows } = generatePlays(input, { bytes: SIZE_MB * 1024 * 1024, songs: set.songs, days: set.days })
        console.log(`generated ${input}: ${rows.toLocaleString('en-US')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`)
      }
      const mb = statSync(input).size / 1e6
      const out = (who: string): string => path.join(DIR, `out-${who}.csv`)
      const rows: Row[] = []

      const dataDir = path.join(DIR, 'flotilla-data')
      rmSync(dataDir, { recursive: true, force: true })
      const f = await runFlotilla(input, out('flotilla'), dataDir, MEMORY_MB)
      rmSync(dataDir, { recursive: true, force: true })
      const keys = readFileSync(out('flotilla')).reduce((n, b) => n + (b === 10 ? 1 : 0), 0) - 1
      rows.push({
        name: 'flotilla (task)',
        figures: { 'MB/s': mb / f.seconds, s: f.seconds, 'peak RSS MB': f.peakMb, 'idle RSS MB': f.idleMb, spills: f.spills, 'health p50 ms': f.healthP50Ms, 'health p99 ms': f.healthP99Ms, 'health max ms': f.healthMaxMs },
      })

      const duck = await runMeasured(process.execPath, ['--import', 'tsx', 'bench/plays/duckdb-run.ts', input, out('duckdb'), '2'])
      rows.push({ name: 'duckdb (2 threads)', figures: { 'MB/s': mb / duck.seconds, s: duck.seconds, 'peak RSS MB': duck.peakMb } })
      const duckLimited = await runMeasured(process.execPath, ['--import', 'tsx', 'bench/plays/duckdb-run.ts', input, out('duckdb-limited'), '2', `${MEMORY_MB}MB`])
      rows.push({ name: `duckdb (2 threads, ${MEMORY_MB} MB)`, figures: { 'MB/s': mb / duckLimited.seconds, s: duckLimited.seconds, 'peak RSS MB': duckLimited.peakMb } })

      const sortAwk = await runMeasured('sh', ['-c', `LC_ALL=C sort -S ${MEMORY_MB}M --parallel=2 -T "${DIR}" "${input}" | awk '${AWK}' > "${out('sort-awk')}"`])
      rows.push({ name: 'LC_ALL=C sort | awk', figures: { 'MB/s': mb / sortAwk.seconds, s: sortAwk.seconds, 'peak RSS MB': sortAwk.peakMb } })

      const awkRate = mb / sortAwk.seconds
      for (const r of rows) r.figures['x sort|awk'] = r.figures['MB/s']! / awkRate
      const same = digest(out('flotilla')) === digest(out('duckdb')) && digest(out('duckdb')) === digest(out('duckdb-limited'))
      printTable(
        `plays, ${set.name}: ${mb.toFixed(0)} MB, ${keys.toLocaleString('en-US')} distinct (song, date), budget ${MEMORY_MB} MB, ${os.availableParallelism()} cores; ` +
          `upload ${f.uploadMbps.toFixed(0)} MB/s; Flotilla and DuckDB outputs ${same ? 'byte-identical' : 'DIFFER'}; times exclude process start (DuckDB: the query; sort|awk: all of it)`,
        rows,
        'duckdb (2 threads)',
        ['MB/s'],
      )
      for (const who of ['flotilla', 'duckdb', 'duckdb-limited', 'sort-awk']) rmSync(out(who), { force: true })
    }
  } finally {
    if (process.env.BENCH_PLAYS_KEEP !== '1') for (const input of inputs) rmSync(input, { force: true })
  }
}
