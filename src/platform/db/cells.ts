const MAX_TEXT = 2_000
const BLOB_PREVIEW = 32

/** A cell as JSON can carry it and a page can show it: long text cut, binary as a hex preview. */
export function toCell(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString()
  if (value instanceof Uint8Array) {
    const hex = Buffer.from(value.subarray(0, BLOB_PREVIEW)).toString('hex')
    return `\\x${hex}${value.length > BLOB_PREVIEW ? '…' : ''} (${value.length} bytes)`
  }
  if (typeof value === 'object') {
    const json = JSON.stringify(value)
    return json.length > MAX_TEXT ? `${json.slice(0, MAX_TEXT)}…` : value
  }
  return value
}
