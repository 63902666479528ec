import { formatInteger } from '../../format.ts'

const EXCERPT = 80

const dash = <span className="muted">–</span>

export function HotelName({ name, url }: { name: string; url: string }) {
  return (
    <a href={url} target="_blank" rel="noreferrer noopener" className="hotel-name">
      {name}
    </a>
  )
}

export function Rating({ rating }: { rating: number | null | undefined }) {
  return rating === null || rating === undefined ? dash : <>{rating.toFixed(1)}</>
}

export function Count({ value }: { value: number | null | undefined }) {
  return value === null || value === undefined ? dash : <>{formatInteger(value)}</>
}

export function Rank({ rank, total }: { rank: number | null | undefined; total: number | null | undefined }) {
  if (rank === null || rank === undefined) return dash
  return (
    <>
      #{formatInteger(rank)}
      {total !== null && total !== undefined && <span className="muted"> of {formatInteger(total)}</span>}
    </>
  )
}

export function Stars({ stars }: { stars: number | null | undefined }) {
  if (stars === null || stars === undefined) return dash
  return <span title={`${stars} of 5 stars`}>{`${stars}★`}</span>
}

/** The description's start, the whole of it on hover. */
export function Excerpt({ text }: { text: string | null | undefined }) {
  if (!text) return dash
  const cut = text.lastIndexOf(' ', EXCERPT)
  const short = text.length <= EXCERPT ? text : `${text.slice(0, cut > EXCERPT / 2 ? cut : EXCERPT).replace(/[\s.,;:]+$/, '')}…`
  return (
    <div className="hotel-excerpt" title={text}>
      {short}
    </div>
  )
}
