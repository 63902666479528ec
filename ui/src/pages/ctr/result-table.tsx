import { useState } from 'react'
import type { PredictResult } from './types.ts'

const PAGE = 200

function Estimate({ value }: { value: number | undefined }) {
  if (value === undefined || value === -1) return <span className="muted">unknown</span>
  return (
    <span className="estimate">
      <span className="estimate-bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, Math.max(0, value * 100))}%` }} />
      </span>
      <code>{value}</code>
    </span>
  )
}

/** id → estimatedCVR, in the order the ids were asked; long answers show a page at a time. */
export function ResultTable({ ids, result }: { ids: number[]; result: PredictResult }) {
  const [shown, setShown] = useState(PAGE)
  const visible = ids.slice(0, shown)
  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th className="num">ad id</th>
            <th>estimatedCVR</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((id) => (
            <tr key={id}>
              <td className="num">
                <code>{id}</code>
              </td>
              <td>
                <Estimate value={result[String(id)]?.estimatedCVR} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ids.length > shown && (
        <button type="button" className="button button-quiet" onClick={() => setShown((n) => n + PAGE * 5)}>
          Show more ({ids.length - shown} left)
        </button>
      )}
    </>
  )
}
