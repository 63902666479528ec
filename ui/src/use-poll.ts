import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage, isAbort } from './api.ts'

export interface PollState<T> {
  data?: T
  error?: string
  /** When the last successful load finished (ms since epoch). */
  updatedAt?: number
  /** Load again now (e.g. after a write). */
  refresh: () => void
}

/**
 * Loads at once, then every `intervalMs` while the tab is visible. A failed load keeps
 * the last data and reports the error; unmounting aborts the request in flight.
 */
export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number): PollState<T> {
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })
  const [state, setState] = useState<Omit<PollState<T>, 'refresh'>>({})
  const [nonce, setNonce] = useState(0)

  useEffect(() => {
    let alive = true
    let controller: AbortController | undefined
    const run = async (force: boolean) => {
      if (!force && document.hidden) return
      controller?.abort()
      const current = (controller = new AbortController())
      try {
        const data = await loadRef.current(current.signal)
        if (alive) setState({ data, updatedAt: Date.now() })
      } catch (error) {
        if (alive && !isAbort(error)) setState((previous) => ({ ...previous, error: errorMessage(error) }))
      }
    }
    void run(true)
    const timer = window.setInterval(() => void run(false), intervalMs)
    const onVisibility = () => {
      if (!document.hidden) void run(false)
    }
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      alive = false
      controller?.abort()
      window.clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [intervalMs, nonce])

  const refresh = useCallback(() => setNonce((n) => n + 1), [])
  return { ...state, refresh }
}
