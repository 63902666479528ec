/** Small display helpers shared by the pages. */

const integer = new Intl.NumberFormat('en-US')

export function formatInteger(value: number): string {
  return integer.format(value)
}

/** Accepts epoch milliseconds or seconds (anything below 1e12 is taken as seconds). */
export function toDate(epoch: number): Date {
  return new Date(epoch < 1e12 ? epoch * 1000 : epoch)
}

/** "45 s", "2 min 30 s", "3 h 5 min", "2 d 4 h": two units at most, a zero second unit left out. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–'
  const s = Math.max(0, Math.round(seconds))
  const two = (a: number, unitA: string, b: number, unitB: string) => (b === 0 ? `${a} ${unitA}` : `${a} ${unitA} ${b} ${unitB}`)
  if (s < 60) return `${s} s`
  if (s < 3600) return two(Math.floor(s / 60), 'min', s % 60, 's')
  if (s < 86400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min')
  return two(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h')
}

/** "just now", "40 s ago", "2 min ago", "3 h ago", "5 d ago" (one unit: fits a figure). */
export function formatAgo(epoch: number | null, now = Date.now()): string {
  if (epoch === null) return 'never'
  const s = Math.max(0, Math.round((now - toDate(epoch).getTime()) / 1000))
  if (s < 2) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`
  return `${Math.floor(s / 86400)} d ago`
}

export function formatTime(epoch: number | null): string {
  return epoch === null ? '' : toDate(epoch).toLocaleString()
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? 'GiB'}`
}
