import type { ComponentType } from 'react'
import { Header } from './components/header.tsx'
import { SideNav } from './components/side-nav.tsx'
import { Notice } from './components/panel.tsx'
import { PlatformContext, useLoadPlatform, type PlatformState } from './platform.tsx'
import { useRoute } from './router.tsx'
import { AdminPage } from './pages/admin-page.tsx'
import { DbPage } from './pages/db-page.tsx'
import { HomePage } from './pages/home-page.tsx'
import { LoginPage } from './pages/login-page.tsx'
import { ProfilerPage } from './pages/profiler-page.tsx'
import { NotFoundPage, PlannedPage } from './pages/planned-page.tsx'
import { servicePages } from './pages/service-pages.ts'

/** The platform's own pages, by the first segment of the route. */
const platformPages: Partial<Record<string, ComponentType>> = { admin: AdminPage, profiler: ProfilerPage, db: DbPage, login: LoginPage }

function Page({ route, platform }: { route: string; platform: PlatformState }) {
  if (route === '/') return <HomePage />
  const name = route.slice(1).split('/')[0] ?? ''
  const PlatformPage = platformPages[name]
  if (PlatformPage) return <PlatformPage />
  const ServicePage = servicePages[name]
  if (ServicePage) return <ServicePage />
  const service = platform.info?.services.find((s) => s.name === name)
  if (service) return <PlannedPage service={service} />
  if (!platform.info && !platform.error) return null
  return <NotFoundPage route={route} />
}

export function App() {
  const platform = useLoadPlatform()
  const route = useRoute()
  return (
    <PlatformContext value={platform}>
      <div className="layout">
        <Header info={platform.info} />
        <SideNav info={platform.info} />
        <main className="content">
          {platform.error && <Notice kind="error">Cannot load the platform info: {platform.error}</Notice>}
          <Page route={route} platform={platform} />
        </main>
      </div>
    </PlatformContext>
  )
}
