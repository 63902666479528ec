import { sql, type Kysely } from 'kysely'
import type { ServiceMigration } from '../db/migrate.ts'

/**
 * Indexes that give each half of a claim its rows in claim order, whatever the number of
 * finished rows kept beside them: due queued jobs by (type, run_at, id), running jobs by
 * lease expiry. Partial, so they hold only the few rows a claim can take; the literal
 * status in each predicate is the one the claim's queries repeat, so the planners match them.
 */
export const claimIndexesMigration: ServiceMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('jobs_queued_claim_idx')
      .on('jobs')
      .columns(['type', 'run_at', 'id'])
      .where(sql.ref('status'), '=', sql.lit('queued'))
      .execute()
    await db.schema
      .createIndex('jobs_running_lease_idx')
      .on('jobs')
      .columns(['type', 'locked_until'])
      .where(sql.ref('status'), '=', sql.lit('running'))
      .execute()
    // Superseded for claims by the two above, and the status index serves the other lookups;
    // one index fewer to write on every claim and completion.
    await db.schema.dropIndex('jobs_claim_idx').execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['type', 'status', 'run_at']).execute()
    await db.schema.dropIndex('jobs_running_lease_idx').execute()
    await db.schema.dropIndex('jobs_queued_claim_idx').execute()
  },
}
