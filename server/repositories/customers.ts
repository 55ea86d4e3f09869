/** SQL for customer lists of a grid and a customer's fault and work-order history. */
import type pg from 'pg';
import type { CustomerDetail, CustomerFaultHistory as CustomerHistory, CustomerRow as CustomerListItem } from '../../contracts/territory.ts';
import { gridCellsSql } from './territory.ts';

export type { CustomerDetail, CustomerHistory, CustomerListItem };

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Filters and paging of a customer list. */
export interface CustomerQuery {
  /** Substring of the account or the address (case-insensitive); null: all. */
  q: string | null;
  type: string | null;
  sort: 'load' | 'account';
  limit: number;
  offset: number;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of the customers inside grid `gridId` (load: largest first; account: ascending) and how many match.
 * O(customers of the grid).
 */
export async function gridCustomers(db: Queryable, gridId: number, active: boolean, query: CustomerQuery, now: Date): Promise<{ total: number; items: CustomerListItem[] }> {
  const pattern = query.q === null ? null : `%${likeLiteral(query.q)}%`;
  const order = query.sort === 'load' ? 'c.load_kw DESC, c.id' : 'c.account, c.id';
  const { rows } = await db.query<{ total: number; items: CustomerListItem[] | null }>(
    `WITH m AS (
       SELECT c.id, c.account, c.type::text AS type, c.load_kw, c.address, c.geom
         FROM (${gridCellsSql('$1', active)}) t
         JOIN customers c ON c.h3 = t.h3
        WHERE ($2::text IS NULL OR c.account ILIKE $2 OR c.address ILIKE $2)
          AND ($3::text IS NULL OR c.type::text = $3)),
     page AS (SELECT * FROM m c ORDER BY ${order} LIMIT $4 OFFSET $5)
     SELECT (SELECT count(*) FROM m)::int AS total,
            (SELECT json_agg(json_build_object('id', p.id, 'account', p.account, 'type', p.type, 'loadKw', p.load_kw, 'address', p.address,
                                               'lng', round(ST_X(p.geom)::numeric, 6), 'lat', round(ST_Y(p.geom)::numeric, 6),
                                               'faults12m', (SELECT count(*) FROM faults f
                                                              WHERE f.customer_id = p.id AND f.status <> 'cancelled'
                                                                AND f.reported_at >= $6::timestamptz - interval '12 months' AND f.reported_at < $6::timestamptz))
                              ORDER BY ${order.replace(/c\./g, 'p.')})
               FROM page p) AS items`,
    [[gridId], pattern, query.type, query.limit, query.offset, now],
  );
  return { total: rows[0].total, items: rows[0].items ?? [] };
}

/** The customer `id`, or undefined. */
export async function customerDetail(db: Queryable, id: number): Promise<CustomerDetail | undefined> {
  const { rows } = await db.query<CustomerDetail>(
    `SELECT c.id, c.account, c.type::text AS type, c.load_kw AS "loadKw", c.address, c.district_id AS "districtId",
            c.substation_id AS "substationId", c.h3, round(ST_X(c.geom)::numeric, 6)::float8 AS lng,
            round(ST_Y(c.geom)::numeric, 6)::float8 AS lat, t.grid_id AS "gridId"
       FROM customers c LEFT JOIN territory_cells t ON t.h3 = c.h3
      WHERE c.id = $1`,
    [id],
  );
  return rows[0];
}

const iso = (col: string): string => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** Every fault of customer `id` and the work orders of those faults, newest first. */
export async function customerHistory(db: Queryable, id: number): Promise<CustomerHistory> {
  const [faults, orders] = await Promise.all([
    db.query<CustomerHistory['faults'][number]>(
      `SELECT f.id::float8 AS id, ${iso('f.reported_at')} AS "reportedAt", f.kind::text AS kind, f.priority, f.status
         FROM faults f WHERE f.customer_id = $1 ORDER BY f.reported_at DESC, f.id DESC`,
      [id],
    ),
    db.query<CustomerHistory['workOrders'][number]>(
      `SELECT w.id::float8 AS id, w.fault_id::float8 AS "faultId", w.state::text AS state, w.priority, ${iso('w.received_at')} AS "receivedAt",
              ${iso('w.on_site_at')} AS "onSiteAt", ${iso('w.resolved_at')} AS "resolvedAt", w.satisfaction, w.complaint
         FROM faults f JOIN work_orders w ON w.fault_id = f.id
        WHERE f.customer_id = $1 ORDER BY w.received_at DESC, w.id DESC`,
      [id],
    ),
  ]);
  return { faults: faults.rows, workOrders: orders.rows };
}
