import { INSERT_CHUNK, type MonitorDb, type RollupTable } from './tables.ts'

/** One website's checks in one hour. */
export interface Rollup {
  websiteId: number
  hour: number
  checks: number
  upChecks: number
  /** Checks that got a response: the latency figures count only these. */
  responses: number
  sumMs: number
  minMs: number | null
  maxMs: number | null
  /** Sparse latency histogram (latency-histogram.ts). */
  histogram: string
}

function toRollup(r: RollupTable): Rollup {
  return {
    websiteId: Number(r.website_id),
    hour: Number(r.hour),
    checks: Number(r.checks),
    upChecks: Number(r.up_checks),
    responses: Number(r.responses),
    sumMs: Number(r.sum_ms),
    minMs: r.min_ms === null ? null : Number(r.min_ms),
    maxMs: r.max_ms === null ? null : Number(r.max_ms),
    histogram: r.histogram,
  }
}

/** Writes roll-ups, replacing any of the same (website, hour): running a pass twice is harmless. */
export async function upsertRollups(db: MonitorDb, rollups: readonly Rollup[]): Promise<void> {
  for (let i = 0; i < rollups.length; i += INSERT_CHUNK / 2) {
    const rows = rollups.slice(i, i + INSERT_CHUNK / 2).map((r) => ({
      website_id: r.websiteId,
      hour: r.hour,
      checks: r.checks,
      up_checks: r.upChecks,
      responses: r.responses,
      sum_ms: r.sumMs,
      min_ms: r.minMs,
      max_ms: r.maxMs,
      histogram: r.histogram,
    }))
    await db
      .insertInto('monitor_rollup')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['website_id', 'hour']).doUpdateSet((eb) => ({
          checks: eb.ref('excluded.checks'),
          up_checks: eb.ref('excluded.up_checks'),
          responses: eb.ref('excluded.responses'),
          sum_ms: eb.ref('excluded.sum_ms'),
          min_ms: eb.ref('excluded.min_ms'),
          max_ms: eb.ref('excluded.max_ms'),
          histogram: eb.ref('excluded.histogram'),
        })),
      )
      .execute()
  }
}

/** A website's roll-ups for hours in [fromHour, toHour), oldest first. */
export async function listRollups(db: MonitorDb, websiteId: number, fromHour: number, toHour: number): Promise<Rollup[]> {
  const rows = await db.selectFrom('monitor_rollup').selectAll().where('website_id', '=', websiteId).where('hour', '>=', fromHour).where('hour', '<', toHour).orderBy('hour').execute()
  return rows.map(toRollup)
}

/** Checks and up checks per website over hours in [fromHour, toHour). */
export async function sumRollups(db: MonitorDb, websiteIds: readonly number[], fromHour: number, toHour: number): Promise<Map<number, { checks: number; up: number }>> {
  const out = new Map<number, { checks: number; up: number }>()
  if (websiteIds.length === 0) return out
  const rows = await db
    .selectFrom('monitor_rollup')
    .select(['website_id', (eb) => eb.fn.sum<number>('checks').as('checks'), (eb) => eb.fn.sum<number>('up_checks').as('up')])
    .where('website_id', 'in', websiteIds)
    .where('hour', '>=', fromHour)
    .where('hour', '<', toHour)
    .groupBy('website_id')
    .execute()
  for (const r of rows) out.set(Number(r.website_id), { checks: Number(r.checks), up: Number(r.up) })
  return out
}

export async function deleteRollupsBefore(db: MonitorDb, cutoffHour: number): Promise<number> {
  const result = await db.deleteFrom('monitor_rollup').where('hour', '<', cutoffHour).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function deleteRollupsOf(db: MonitorDb, websiteId: number): Promise<void> {
  await db.deleteFrom('monitor_rollup').where('website_id', '=', websiteId).execute()
}

export async function getMeta(db: MonitorDb, key: string): Promise<number | undefined> {
  const row = await db.selectFrom('monitor_meta').select('value').where('key', '=', key).executeTakeFirst()
  return row ? Number(row.value) : undefined
}

export async function setMeta(db: MonitorDb, key: string, value: number): Promise<void> {
  await db
    .insertInto('monitor_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}
