import type { MonitorDb } from './tables.ts'

/** Records that this engine is alive; returns the ids of every engine seen since `aliveSince`. */
export async function heartbeat(db: MonitorDb, id: string, now: number, aliveSince: number): Promise<string[]> {
  await db
    .insertInto('monitor_engine')
    .values({ id, heartbeat_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now }))
    .execute()
  const rows = await db.selectFrom('monitor_engine').select('id').where('heartbeat_at', '>=', aliveSince).orderBy('id').execute()
  return rows.map((r) => r.id)
}

export async function removeEngine(db: MonitorDb, id: string): Promise<void> {
  await db.deleteFrom('monitor_engine').where('id', '=', id).execute()
}

/** Forgets engines silent for long (crashed processes never say goodbye). */
export async function removeEnginesBefore(db: MonitorDb, cutoff: number): Promise<void> {
  await db.deleteFrom('monitor_engine').where('heartbeat_at', '<', cutoff).execute()
}
