import type { ComponentType } from 'react'
import { CtrPage } from './ctr-page.tsx'
import { EventsPage } from './events-page.tsx'
import { HotelsPage } from './hotels-page.tsx'
import { PlaysPage } from './plays-page.tsx'
import { MonitorPage } from './monitor-page.tsx'

/** The dashboard page of each service that has one, by service name. */
export const servicePages: Partial<Record<string, ComponentType>> = {
  ctr: CtrPage,
  events: EventsPage,
  plays: PlaysPage,
  monitor: MonitorPage,
  hotels: HotelsPage,
}
