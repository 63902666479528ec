import { createContext, useContext, useEffect, useState } from 'react'
import { api, errorMessage, isAbort } from './api.ts'

/** `GET /api/platform`: who this Flotilla is and which services it runs. */
export interface PlatformInfo {
  name: 'flotilla'
  version: string
  mode: 'embedded' | 'distributed'
  role: string
  services: Array<{ name: string; description: string }>
  auth: { enabled: boolean; authenticated: boolean }
}

export interface PlatformState {
  info?: PlatformInfo
  error?: string
}

export const PlatformContext = createContext<PlatformState>({})

export function usePlatform(): PlatformState {
  return useContext(PlatformContext)
}

/** Loads the platform info once; the App provides it to every page. */
export function useLoadPlatform(): PlatformState {
  const [state, setState] = useState<PlatformState>({})
  useEffect(() => {
    const controller = new AbortController()
    api
      .get<PlatformInfo>('/api/platform', { signal: controller.signal })
      .then((info) => setState({ info }))
      .catch((error: unknown) => {
        if (!isAbort(error)) setState({ error: errorMessage(error) })
      })
    return () => controller.abort()
  }, [])
  return state
}

/** Whether writes will be refused: auth is on and this browser has no session. */
export function writesNeedLogin(info: PlatformInfo | undefined): boolean {
  return info !== undefined && info.auth.enabled && !info.auth.authenticated
}
