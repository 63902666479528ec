import { api } from '../api.ts'
import { usePlatform, writesNeedLogin } from '../platform.tsx'
import { usePoll } from '../use-poll.ts'
import { ImportForm } from './ctr/import-form.tsx'
import { LookupForm } from './ctr/lookup-form.tsx'
import { StatusPanel } from './ctr/status-panel.tsx'
import type { CtrStatus } from './ctr/types.ts'

const loadStatus = (signal: AbortSignal) => api.get<CtrStatus>('/api/ctr/status', { signal })

/** ctr: estimated CTRs served from an in-memory snapshot. */
export function CtrPage() {
  const { info } = usePlatform()
  const status = usePoll(loadStatus, 5000)
  const description = info?.services.find((s) => s.name === 'ctr')?.description
  return (
    <>
      <h1>ctr</h1>
      <p className="lead">{description ?? 'Estimated CTRs for ad ids, served from an in-memory snapshot of the database.'}</p>
      <StatusPanel status={status.data} error={status.error} updatedAt={status.updatedAt} />
      <LookupForm maxIds={status.data?.maxIds} />
      <ImportForm onImported={status.refresh} needsLogin={writesNeedLogin(info)} />
    </>
  )
}
