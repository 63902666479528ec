import { useSyncExternalStore, type MouseEvent, type ReactNode } from 'react'

/** The dashboard lives under /ui/; routes are the path below it ("/", "/ctr", …). */
export const BASE = '/ui'
const CHANGE = 'flotilla:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(CHANGE, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(CHANGE, onChange)
  }
}

export function currentRoute(): string {
  const path = window.location.pathname
  const below = path.startsWith(BASE) ? path.slice(BASE.length) : path
  const trimmed = below.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentRoute, () => '/')
}

export function href(route: string): string {
  return route === '/' ? `${BASE}/` : `${BASE}${route}`
}

export function navigate(route: string): void {
  if (route === currentRoute()) return
  window.history.pushState(null, '', href(route))
  window.dispatchEvent(new Event(CHANGE))
  window.scrollTo(0, 0)
}

interface LinkProps {
  to: string
  children: ReactNode
  className?: string
}

/** An in-app link: a real href (open in new tab works), client-side on a plain click. */
export function Link({ to, children, className }: LinkProps) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  const active = useRoute() === to
  return (
    <a href={href(to)} onClick={onClick} className={className} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  )
}
