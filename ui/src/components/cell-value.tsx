/** A database or API value as a table shows it: NULL marked, long text cut with the whole on hover. */
export function CellValue({ value, type }: { value: unknown; type?: string }) {
  if (value === null || value === undefined) return <span className="cell-null">NULL</span>
  if (type === 'timestamp' && typeof value === 'number') {
    return <span title={String(value)}>{new Date(value).toLocaleString()}</span>
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  if (text.length > 120) return <span title={text}>{`${text.slice(0, 117)}…`}</span>
  return <>{text}</>
}
