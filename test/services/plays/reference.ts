import { parse } from 'csv-parse/sync'

/**
 * A plain, slow reference for the engine: csv-parse, a Map of strings, BigInt sums, keys
 * sorted by their UTF-8 bytes (code point order). The engine's output must equal it.
 */
export function referenceTotals(csv: string | Buffer): string {
  const records: string[][] = parse(csv, { bom: true, from_line: 2, skip_empty_lines: true })
  const totals = new Map<string, bigint>()
  for (const [song, date, plays] of records) {
    const key = JSON.stringify([song, date])
    totals.set(key, (totals.get(key) ?? 0n) + BigInt(plays!))
  }
  const rows = [...totals].map(([key, total]) => {
    const [song, date] = JSON.parse(key) as [string, string]
    return { song, date, total, bytes: Buffer.from(song) }
  })
  rows.sort((a, b) => Buffer.compare(a.bytes, b.bytes) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const field = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  return `Song,Date,Total Number of Plays for Date\n${rows.map((r) => `${field(r.song)},${r.date},${r.total}\n`).join('')}`
}

const TITLES = ['Umbrella', 'In The End', 'Hey, Jude', 'Say "Hello"', 'Café', '夜に駆ける', '🎵 Tune', 'Line\nBreak', '\uFFFD odd', 'Ölé']

/** Deterministic random rows: `songs` × `days` keys, some titles quoted, multi-line or non-ASCII. */
export function randomPlays(rows: number, songs: number, days: number, seed = 7): string {
  let s = seed
  const random = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return Math.floor((s / 2 ** 32) * n)
  }
  const field = (t: string): string => (/[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t)
  const titles = Array.from({ length: songs }, (_, i) => field(`${TITLES[i % TITLES.length]} ${i}`))
  const dates = Array.from({ length: days }, (_, d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10))
  const lines = ['Song,Date,Number of Plays']
  for (let i = 0; i < rows; i++) lines.push(`${titles[random(songs)]},${dates[random(days)]},${random(1000)}`)
  return `${lines.join('\n')}\n`
}
