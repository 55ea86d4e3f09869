/** SQL for `audit_log` (who changed what, when). */
import type pg from 'pg';

/** One audit entry. `action` is dotted, e.g. `auth.login`, `plan.create`. */
export interface AuditEntry {
  userId: number | null;
  action: string;
  entity?: string | null;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Appends an entry (use the transaction's client so the entry commits with the change). */
export async function insertAudit(db: Pick<pg.Pool, 'query'> | pg.PoolClient, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (user_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5)', [
    e.userId,
    e.action,
    e.entity ?? null,
    e.entityId == null ? null : String(e.entityId),
    JSON.stringify(e.details ?? {}),
  ]);
}
