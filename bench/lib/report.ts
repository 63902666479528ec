/** A benchmark's output: rows of figures, each compared with a baseline measured in the same run. */
export interface Row {
  name: string
  figures: Record<string, number>
}

function format(value: number): string {
  if (Number.isNaN(value)) return 'n/a'
  if (!Number.isFinite(value)) return String(value)
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  return value.toFixed(2)
}

/**
 * Prints a table with one column per figure, plus `vs <baseline>` columns giving each
 * row's figure as a ratio to the baseline row's.
 */
export function printTable(title: string, rows: Row[], baseline: string, ratioOf: string[]): void {
  const base = rows.find((r) => r.name === baseline)
  const figureNames = [...new Set(rows.flatMap((r) => Object.keys(r.figures)))]
  const header = ['', ...figureNames, ...ratioOf.map((f) => `${f} vs ${baseline}`)]
  const body = rows.map((r) => [
    r.name,
    ...figureNames.map((f) => (r.figures[f] === undefined ? '' : format(r.figures[f]))),
    ...ratioOf.map((f) => (base?.figures[f] && r.figures[f] !== undefined ? `${((r.figures[f] / base.figures[f]) * 100).toFixed(0)}%` : '')),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  console.log(`\n${title}\n`)
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1 - (i === 0 ? 1 : 0)) + (i === 0 ? '-' : ':')).join('|')}|`)
  for (const row of body) console.log(line(row))
  console.log('')
}
