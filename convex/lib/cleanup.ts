import type { FunctionReference } from 'convex/server'
import type { Id, TableNames } from '../_generated/dataModel'
import type { MutationCtx } from '../_generated/server'

// Rows one cleanup transaction deletes: far inside Convex's 16,000 writes and 32,000 documents read.
const CLEANUP_BATCH_SIZE = 1000

/**
 * One batch of a cleanup job: deletes what `rows` yields, oldest first by its index, and when the batch was full
 * schedules the same job again for the rest, so no transaction outgrows Convex's limits however much there is.
 */
export async function deleteBatchThenContinue<Table extends TableNames>(
  ctx: MutationCtx,
  table: Table,
  rows: { take(n: number): Promise<Array<{ _id: Id<Table> }>> },
  job: FunctionReference<'mutation', 'internal', Record<string, never>>,
): Promise<void> {
  const batch = await rows.take(CLEANUP_BATCH_SIZE)
  for (const row of batch) await ctx.db.delete(table, row._id)
  if (batch.length === CLEANUP_BATCH_SIZE) await ctx.scheduler.runAfter(0, job, {})
}
