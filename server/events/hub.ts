/**
 * The server-sent events hub. `publish` stores an event in the `events` table and NOTIFYs
 * `gridops_events` with its id; every server process LISTENs on a dedicated connection, loads the
 * notified rows and fans them out to its own SSE clients. So several processes behind a load balancer
 * all deliver every event, and the table ids double as SSE ids for `Last-Event-ID` replay.
 */
import pg from 'pg';
import type { Logger } from '../log.ts';

/** The NOTIFY channel. */
export const EVENTS_CHANNEL = 'gridops_events';

/** An event as delivered to subscribers and SSE clients. */
export interface HubEvent {
  id: number;
  type: string;
  payload: unknown;
  createdAt: string;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;
type Listener = (e: HubEvent) => void;

interface EventRow {
  id: string;
  type: string;
  payload: unknown;
  created_at: Date;
}

const toEvent = (r: EventRow): HubEvent => ({
  id: Number(r.id),
  type: r.type,
  payload: r.payload,
  createdAt: r.created_at.toISOString(),
});

/** How many delivered ids the hub remembers to drop duplicates. */
const RECENT_IDS = 10_000;

/** Most events replayed to one reconnecting client. */
export const MAX_REPLAY = 1000;

export interface EventHubOptions {
  /** Connection settings of the dedicated LISTEN client (normally the pool's). */
  connection: pg.ClientConfig;
  log: Logger;
  /** Delay before reconnecting a dropped LISTEN client, ms (doubles up to 10 s). */
  reconnectDelayMs?: number;
  /** Interval of the `: ping` comments on every SSE stream, ms (default 20 s; keeps proxies from closing it). */
  heartbeatMs?: number;
  /**
   * How long events stay replayable through `Last-Event-ID`, hours (default 24). Older rows are deleted every
   * 10 minutes: the live simulator alone writes several events a second (crew positions).
   */
  retainHours?: number;
}

/** How often old events are deleted, ms. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

export class EventHub {
  private readonly pool: pg.Pool;
  private readonly opts: EventHubOptions;
  private readonly listeners = new Set<Listener>();
  private client: pg.Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private pendingIds: number[] = [];
  private flushScheduled = false;
  /** Delivery of the notified batches, one after the other (their loads run concurrently). */
  private delivering: Promise<void> = Promise.resolve();
  /** Highest id delivered by this process, to catch up after the LISTEN connection drops. */
  private lastId = 0;
  private readonly closers = new Set<() => void>();
  /** Ids delivered lately (at most `RECENT_IDS`, oldest first in `recentOrder`), to drop duplicates. */
  private readonly recent = new Set<number>();
  private readonly recentOrder: number[] = [];

  constructor(pool: pg.Pool, opts: EventHubOptions) {
    this.pool = pool;
    this.opts = opts;
  }

  /**
   * Connects the LISTEN client. Resolves once listening.
   * @throws the connection error if the database is unreachable.
   */
  async start(): Promise<void> {
    const { rows } = await this.pool.query<{ max: string | null }>('SELECT max(id) AS max FROM events');
    this.lastId = Number(rows[0].max ?? 0);
    await this.connect();
    this.pruneTimer = setInterval(() => {
      this.prune().catch((err: Error) => this.opts.log.warn(`old events not pruned: ${err.message}`));
    }, PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  /** Deletes the events older than the retention (`retainHours`); resolves to how many. */
  async prune(): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM events WHERE created_at < now() - make_interval(hours => $1)', [this.opts.retainHours ?? 24]);
    return rowCount ?? 0;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.opts.connection);
    client.on('notification', (msg) => {
      const id = Number(msg.payload);
      if (Number.isSafeInteger(id)) this.enqueue(id);
    });
    client.on('error', (err) => {
      this.opts.log.warn('events: LISTEN connection error', { error: err.message });
      this.dropClient(client);
    });
    client.on('end', () => this.dropClient(client));
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
  }

  private dropClient(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
    this.scheduleReconnect(this.opts.reconnectDelayMs ?? 500);
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect()
        .then(() => this.catchUp())
        .then(() => this.opts.log.info('events: LISTEN connection restored'))
        .catch(() => this.scheduleReconnect(Math.min(delayMs * 2, 10_000)));
    }, delayMs);
    this.reconnectTimer.unref();
  }

  // events published while the LISTEN client was down were never notified to us: load them from the table
  private async catchUp(): Promise<void> {
    const { rows } = await this.pool.query<EventRow>(
      'SELECT id, type, payload, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2',
      [this.lastId, MAX_REPLAY],
    );
    for (const r of rows) this.deliver(toEvent(r));
  }

  private enqueue(id: number): void {
    this.pendingIds.push(id);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // batch notifications that arrive together into one query
    setImmediate(() => {
      this.flushScheduled = false;
      const ids = this.pendingIds;
      this.pendingIds = [];
      const load = this.pool.query<EventRow>('SELECT id, type, payload, created_at FROM events WHERE id = ANY($1) ORDER BY id', [ids]);
      load.catch(() => {}); // handled below, once the earlier batches are delivered (not an unhandled rejection meanwhile)
      // a later batch's query can finish first: deliver the batches in notification order
      this.delivering = this.delivering
        .then(() => load)
        .then(({ rows }) => rows.forEach((r) => this.deliver(toEvent(r))))
        .catch((err: Error) => this.opts.log.warn('events: could not load notified events', { ids, error: err.message }));
    });
  }

  private deliver(e: HubEvent): void {
    // an event can come both from a NOTIFY and from the catch-up after a reconnect: deliver it once
    if (this.recent.has(e.id)) return;
    this.recent.add(e.id);
    this.recentOrder.push(e.id);
    if (this.recentOrder.length > RECENT_IDS) this.recent.delete(this.recentOrder.shift()!);
    if (e.id > this.lastId) this.lastId = e.id;
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.opts.log.error('events: listener failed', { error: err });
      }
    }
  }

  /**
   * Stores an event and notifies every server process. Pass a transaction's client as `db` so the event
   * is published only if the transaction commits (NOTIFY is delivered at commit). Resolves to the event id.
   */
  async publish(type: string, payload: unknown, db: Queryable = this.pool): Promise<number> {
    const { rows } = await db.query<{ id: string }>(
      `WITH e AS (INSERT INTO events (type, payload) VALUES ($1, $2) RETURNING id)
       SELECT id, pg_notify($3, id::text) FROM e`,
      [type, JSON.stringify(payload ?? null), EVENTS_CHANNEL],
    );
    return Number(rows[0].id);
  }

  /** Events with an id greater than `afterId`, oldest first, at most `MAX_REPLAY`. */
  async replay(afterId: number): Promise<HubEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      'SELECT id, type, payload, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2',
      [afterId, MAX_REPLAY],
    );
    return rows.map(toEvent);
  }

  /** Calls `listener` for every event delivered to this process; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers a function to end a long-lived stream when the hub stops; returns its deregistration. */
  onStop(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  /** Interval of SSE heartbeats, ms. */
  get heartbeatMs(): number {
    return this.opts.heartbeatMs ?? 20_000;
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Ends every SSE stream and the LISTEN connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    for (const close of [...this.closers]) close();
    this.closers.clear();
    this.listeners.clear();
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => {});
  }
}
