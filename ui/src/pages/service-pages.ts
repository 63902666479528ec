import type { ComponentType } from 'react'
import { CtrPage } from './ctr-page.tsx'

/** The dashboard page of each service that has one, by service name. */
export const servicePages: Partial<Record<string, ComponentType>> = {
  ctr: CtrPage,
}
