import { formatInteger } from '../format.ts'

interface PagerProps {
  offset: number
  limit: number
  /** Rows on this page. */
  count: number
  /** All matching rows, when known; otherwise `hasMore` says whether a next page exists. */
  total?: number
  hasMore?: boolean
  onPage: (offset: number) => void
}

export function Pager({ offset, limit, count, total, hasMore, onPage }: PagerProps) {
  const more = total !== undefined ? offset + count < total : Boolean(hasMore)
  const range = count === 0 ? 'no rows' : `rows ${formatInteger(offset + 1)}–${formatInteger(offset + count)}`
  return (
    <div className="pager">
      <span className="muted">
        {range}
        {total !== undefined && ` of ${formatInteger(total)}`}
      </span>
      <button type="button" className="button button-small" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <button type="button" className="button button-small" disabled={!more} onClick={() => onPage(offset + limit)}>
        Next →
      </button>
    </div>
  )
}
