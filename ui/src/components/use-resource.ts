import { useCallback, useEffect, useRef, useState } from 'react'
import { isAbort } from '../api.ts'

export interface Resource<T> {
  data?: T
  /** The last failure, kept whole so a page can tell a 401 (log in) from other errors. */
  error?: unknown
  loading: boolean
  reload: () => void
}

/**
 * Loads when `key` changes (and every `intervalMs` while the tab is visible, if given);
 * a newer load aborts the one in flight, and a failed reload keeps the last data.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string, intervalMs?: number): Resource<T> {
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })
  const [state, setState] = useState<Omit<Resource<T>, 'reload'>>({ loading: true })
  const [nonce, setNonce] = useState(0)

  useEffect(() => {
    let controller: AbortController | undefined
    let alive = true
    const run = async (quiet: boolean) => {
      if (quiet && document.hidden) return
      controller?.abort()
      const current = (controller = new AbortController())
      if (!quiet) setState((previous) => ({ ...previous, loading: true }))
      try {
        const data = await loadRef.current(current.signal)
        if (alive) setState({ data, loading: false })
      } catch (error) {
        if (alive && !isAbort(error)) setState((previous) => ({ ...previous, error, loading: false }))
      }
    }
    void run(false)
    const timer = intervalMs ? window.setInterval(() => void run(true), intervalMs) : undefined
    return () => {
      alive = false
      controller?.abort()
      window.clearInterval(timer)
    }
  }, [key, intervalMs, nonce])

  const reload = useCallback(() => setNonce((n) => n + 1), [])
  return { ...state, reload }
}
