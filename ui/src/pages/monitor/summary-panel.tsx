import { useEffect, useRef, useState } from 'react'
import { formatInteger } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { Figure } from '../../components/figure.tsx'
import type { MonitorStatus } from './types.ts'

interface Sample {
  completed: number
  at: number
}

/** Checks per second between two polls of the engine's counter; undefined until there are two. */
function useCheckRate(status: MonitorStatus | undefined, updatedAt: number | undefined): number | undefined {
  const previous = useRef<Sample>(undefined)
  const [rate, setRate] = useState<number>()
  useEffect(() => {
    const completed = status?.engine?.completed
    if (completed === undefined || updatedAt === undefined) return
    const last = previous.current
    previous.current = { completed, at: updatedAt }
    // A restarted process counts from zero again: wait for the next pair.
    if (last && updatedAt > last.at && completed >= last.completed) setRate(((completed - last.completed) * 1000) / (updatedAt - last.at))
  }, [status, updatedAt])
  return rate
}

interface SummaryPanelProps {
  status: MonitorStatus | undefined
  error: string | undefined
  updatedAt: number | undefined
}

/** Websites by state, and what this process's check engine is doing. */
export function SummaryPanel({ status, error, updatedAt }: SummaryPanelProps) {
  const rate = useCheckRate(status, updatedAt)
  const aside = updatedAt !== undefined && <span className="muted">updated {new Date(updatedAt).toLocaleTimeString()}</span>
  const websites = status?.websites
  const engine = status?.engine
  const total = websites ? websites.up + websites.down + websites.unknown + websites.paused : 0
  return (
    <Panel title="Summary" aside={aside}>
      {error && <Notice kind="error">Status unavailable: {error}</Notice>}
      {status && websites ? (
        <>
          <div className="figures">
            <Figure label="websites" value={formatInteger(total)} />
            <Figure label="up" value={formatInteger(websites.up)} />
            <Figure label="down" value={formatInteger(websites.down)} tone={websites.down > 0 ? 'bad' : undefined} />
            <Figure label="unknown" value={formatInteger(websites.unknown)} title="not checked yet" />
            <Figure label="paused" value={formatInteger(websites.paused)} />
          </div>
          {engine ? (
            <div className="figures monitor-engine">
              <Figure label="checks / s" value={rate === undefined ? '–' : rate.toFixed(rate < 10 ? 2 : 0)} title="checks this process finished per second, between the last two refreshes" />
              <Figure label="checks running" value={formatInteger(engine.inFlight)} />
              <Figure label="checks done" value={formatInteger(engine.completed)} title="by this process since it started" />
              <Figure
                label="skipped slots"
                value={formatInteger(engine.skippedOverlap + engine.skippedStall)}
                title={`${engine.skippedOverlap} while the previous check still ran, ${engine.skippedStall} after a stall`}
                tone={engine.skippedOverlap + engine.skippedStall > 0 ? 'warn' : undefined}
              />
            </div>
          ) : (
            <p className="muted monitor-engine">This process serves the API; the checks run in the worker processes.</p>
          )}
        </>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
    </Panel>
  )
}
