/** SQL for customer reports: tickets, the public status view and the per-IP attempt log (rate limit). */
import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Report submissions from `ip` in the last `windowSeconds`, and seconds until the oldest leaves the window. */
export async function countAttempts(db: Db, ip: string, windowSeconds: number): Promise<{ count: number; retryAfterSeconds: number }> {
  const { rows } = await db.query<{ count: number; retry: number | null }>(
    `SELECT count(*)::int AS count, ceil(extract(epoch FROM min(at) + make_interval(secs => $2) - now()))::int AS retry
       FROM report_attempts WHERE ip = $1 AND at > now() - make_interval(secs => $2)`,
    [ip, windowSeconds],
  );
  return { count: rows[0].count, retryAfterSeconds: Math.max(1, rows[0].retry ?? 1) };
}

/** Records a submission from `ip` and prunes attempts older than a day. */
export async function recordAttempt(db: Db, ip: string): Promise<void> {
  await db.query('INSERT INTO report_attempts (ip) VALUES ($1)', [ip]);
  await db.query(`DELETE FROM report_attempts WHERE at < now() - interval '1 day'`);
}

/**
 * Stores a report for a work order with a new ticket: `GZ`, the local (UTC+8) date as yymmdd and a sequence
 * number of at least five digits. Resolves to the ticket.
 */
export async function insertReport(client: pg.PoolClient, r: { workOrderId: number; phone: string; address: string | null; ip: string }): Promise<string> {
  const { rows } = await client.query<{ ticket: string }>(
    `INSERT INTO reports (ticket, work_order_id, phone, address, ip)
     VALUES ('GZ' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('report_ticket_seq')::text, 5, '0'), $1, $2, $3, $4)
     RETURNING ticket`,
    [r.workOrderId, r.phone, r.address, r.ip],
  );
  return rows[0].ticket;
}

/** The public view of a ticket: state, received time and the state history; undefined for an unknown ticket. */
export async function reportStatus(db: Db, ticket: string): Promise<{ ticket: string; state: string; receivedAt: Date; history: { state: string; at: Date }[] } | undefined> {
  const { rows } = await db.query<{ ticket: string; state: string; received_at: Date; history: { state: string; at: string }[] }>(
    `SELECT r.ticket, w.state::text AS state, w.received_at,
            coalesce((SELECT json_agg(json_build_object('state', t.to_state, 'at', t.at) ORDER BY t.at, t.id)
                        FROM work_order_transitions t WHERE t.work_order_id = w.id), '[]') AS history
       FROM reports r JOIN work_orders w ON w.id = r.work_order_id WHERE r.ticket = $1`,
    [ticket],
  );
  const r = rows[0];
  return r && { ticket: r.ticket, state: r.state, receivedAt: r.received_at, history: r.history.map((h) => ({ state: h.state, at: new Date(h.at) })) };
}
