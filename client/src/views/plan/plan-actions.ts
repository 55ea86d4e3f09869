/**
 * What the Plan view does, outside React: opening a plan (cells into the worker), applying the worker's edit
 * replies to the store, saving with the plan's version, and the conflict flow (who changed what; reload
 * keeping the unsaved edits).
 */
import type { Store } from '../../state/store.ts';
import * as api from '../../api/plans.ts';
import { PlanApiError } from '../../api/plans.ts';
import type { EditReply } from '../../workers/plan-protocol.ts';
import type { PlanState } from './plan-store.ts';
import { PlanWorker, WorkerError } from './plan-worker-client.ts';

/** The controller of one Plan view: owns its worker. */
export class PlanController {
  readonly store: Store<PlanState>;
  private worker: PlanWorker | null = null;
  /** bumped on every open, so a slow load of a previous plan is ignored. */
  private generation = 0;

  constructor(store: Store<PlanState>) {
    this.store = store;
  }

  /** Loads the plan list. */
  async loadPlans(): Promise<void> {
    try {
      this.store.set({ plans: await api.listPlans(), plansError: null });
    } catch (err) {
      this.store.set({ plansError: err });
    }
  }

  /**
   * Opens a plan: fetches it and its cells, starts a fresh worker session. With `replay`, re-applies those
   * moves (unsaved edits kept across a reload) as one step; moves that would now split a grid wait for a confirm.
   */
  async open(planId: number, replay?: Array<{ cell: string; grid: number }>): Promise<void> {
    const gen = ++this.generation;
    this.store.set({ planId, loading: 'plan', loadError: null, plan: null, cells: null, assignment: null, snapshot: null, colours: null, outlines: new Map(), selected: null, mergeWith: null, splitPreview: null, conflict: null, saveNeedsSplit: false, history: null, comparison: null, renderedAt: null });
    try {
      const [plan, cells] = await Promise.all([api.getPlan(planId), api.getPlanCells(planId)]);
      if (gen !== this.generation) return;
      this.store.set({ plan, cells, version: cells.version, loading: 'worker' });
      this.worker?.terminate();
      const worker = new PlanWorker();
      this.worker = worker;
      const locked = Array.from({ length: plan.grids.length }, () => false);
      for (const g of plan.grids) locked[g.idx] = g.locked;
      const init = await worker.call('init', {
        input: {
          resolution: cells.resolution,
          h3: cells.h3,
          grid: cells.grid,
          customers: cells.customers,
          load: cells.load,
          faults: cells.faults,
          workload: cells.workload,
          regions: cells.regions,
          ferries: cells.ferries,
          graph: { offsets: Int32Array.from(cells.graph.offsets), targets: Int32Array.from(cells.graph.targets) },
          k: plan.grids.length,
          locked,
          tolerancePct: Number(plan.params.tolerancePct ?? 3),
        },
      });
      if (gen !== this.generation) return;
      this.store.set({
        assignment: Int32Array.from(cells.grid),
        revision: this.store.get().revision + 1,
        snapshot: init.snapshot,
        colours: init.colours,
        outlines: new Map(init.outlines.map((o) => [o.grid, o])),
        loading: 'idle',
      });
      if (replay && replay.length > 0) await this.replay(replay);
    } catch (err) {
      if (gen !== this.generation) return;
      this.store.set({ loading: 'error', loadError: err });
    }
  }

  /** Re-applies saved-elsewhere-sensitive moves in runs of the same target grid. */
  private async replay(moves: Array<{ cell: string; grid: number }>): Promise<void> {
    const cells = this.store.get().cells;
    if (!cells) return;
    const index = new Map(cells.h3.map((c, i) => [c, i]));
    let run: number[] = [];
    let runGrid = -1;
    const flush = async () => {
      if (run.length > 0) await this.edit('paintUnits', { units: run, grid: runGrid, allowSplit: false });
      run = [];
    };
    for (const mv of moves) {
      const u = index.get(mv.cell);
      if (u === undefined) continue;
      if (mv.grid !== runGrid) await flush();
      runGrid = mv.grid;
      run.push(u);
    }
    await flush();
  }

  /** Stops the worker (the view unmounts). */
  dispose(): void {
    this.generation++;
    this.worker?.terminate();
    this.worker = null;
  }

  /** The worker, when a plan is open. */
  get ready(): PlanWorker | null {
    return this.store.get().loading === 'idle' ? this.worker : null;
  }

  /**
   * Runs an edit in the worker and applies its reply: the changed cells into the assignment, the figures,
   * the cells refused for a split confirm, and (except mid-stroke) the outlines of the touched grids.
   */
  async edit(op: 'brush' | 'lasso' | 'paintUnits' | 'undo' | 'redo' | 'merge' | 'rebalance' | 'split', req: object): Promise<EditReply | null> {
    const w = this.ready;
    if (!w) return null;
    let r: EditReply;
    try {
      r = (await w.call(op, req as never)) as unknown as EditReply;
    } catch (err) {
      const code = err instanceof WorkerError ? err.code : undefined;
      this.store.set({ notice: { key: code === 'infeasible' ? 'plan.notice.infeasible' : 'plan.notice.workerError', values: { message: (err as Error).message }, tone: 'error' } });
      return null;
    }
    const s = this.store.get();
    const a = s.assignment;
    const touched = new Set<number>();
    if (a) {
      for (let i = 0; i < r.change.units.length; i++) {
        const u = r.change.units[i];
        touched.add(a[u]);
        a[u] = r.change.grids[i];
        touched.add(r.change.grids[i]);
      }
    }
    const patch: Partial<PlanState> = { snapshot: r.snapshot, lastEditMs: r.ms, revision: s.revision + (r.change.units.length > 0 ? 1 : 0) };
    if (op === 'brush' || op === 'lasso') {
      if (r.blocked.length > 0) {
        const grid = (req as { grid: number }).grid;
        const prev = s.splitPreview && s.splitPreview.grid === grid ? s.splitPreview.units : [];
        const merged = new Set(prev);
        for (const u of r.blocked) merged.add(u);
        // cells that did move meanwhile are no longer blocked
        for (const u of r.change.units) merged.delete(u);
        patch.splitPreview = { units: [...merged], grid };
      }
      if (r.lockedOut > 0) patch.notice = { key: 'plan.notice.locked', values: { n: r.lockedOut }, tone: 'info' };
    } else if (op === 'paintUnits') {
      patch.splitPreview = r.blocked.length > 0 ? { units: Array.from(r.blocked), grid: (req as { grid: number }).grid } : null;
    }
    this.store.set(patch);
    // a merge or split changes which grids touch: colour them again so neighbours still differ
    if ((op === 'merge' || op === 'split') && r.change.units.length > 0) this.store.set({ colours: await w.call('colours', {}) });
    if (op !== 'brush' && touched.size > 0) await this.refreshOutlines([...touched]);
    else if (op === 'brush') for (const g of touched) this.strokeTouched.add(g);
    return r;
  }

  private strokeTouched = new Set<number>();

  /** Ends a brush stroke: one undo step; outlines of the grids it touched. */
  async endStroke(): Promise<void> {
    const w = this.ready;
    if (!w) return;
    const { snapshot } = await w.call('endStroke', {});
    this.store.set({ snapshot });
    const touched = [...this.strokeTouched];
    this.strokeTouched.clear();
    if (touched.length > 0) await this.refreshOutlines(touched);
  }

  private async refreshOutlines(grids: number[]): Promise<void> {
    const w = this.ready;
    if (!w) return;
    const outs = await w.call('outlines', { grids });
    const m = new Map(this.store.get().outlines);
    for (const o of outs) m.set(o.grid, o);
    this.store.set({ outlines: m });
  }

  /** Selects the grid under a point (select tool). */
  async selectAt(lng: number, lat: number): Promise<void> {
    const w = this.ready;
    if (!w) return;
    const { grid } = await w.call('unitAt', { lng, lat });
    const s = this.store.get();
    if (grid < 0) return;
    if (s.selected !== null && s.selected !== grid && s.mergeWith === -1) this.store.set({ mergeWith: grid });
    else this.store.set({ selected: grid, mergeWith: null });
  }

  /** Moves the cells of a split preview anyway. */
  async confirmSplit(): Promise<void> {
    const p = this.store.get().splitPreview;
    if (!p) return;
    this.store.set({ splitPreview: null });
    await this.edit('paintUnits', { units: p.units, grid: p.grid, allowSplit: true });
  }

  /**
   * Saves the unsaved moves with the plan's version. A stale version shows who changed what (and keeps every
   * edit); a move the server refuses as a split asks for "save anyway".
   */
  async save(allowSplitAnyway = false): Promise<void> {
    const w = this.ready;
    const s = this.store.get();
    if (!w || !s.plan || s.saving) return;
    await w.call('endStroke', {});
    const { moves, allowSplit } = await w.call('pending', {});
    if (moves.length === 0) {
      this.store.set({ notice: { key: 'plan.notice.nothingToSave', tone: 'info' } });
      return;
    }
    const idToIdx = new Map(s.plan.grids.map((g) => [g.idx, g.id]));
    this.store.set({ saving: true, notice: null, saveNeedsSplit: false });
    try {
      const out = await api.moveCells(s.plan.id, { version: s.version, moves: moves.map((m) => ({ cell: m.cell, grid: idToIdx.get(m.grid)! })), allowSplit: allowSplit || allowSplitAnyway });
      const { snapshot } = await w.call('saved', {});
      const plan = this.store.get().plan!;
      const stats = new Map(out.grids.map((g) => [g.id, g.stats]));
      this.store.set({
        saving: false,
        version: out.version,
        snapshot,
        conflict: null,
        plan: { ...plan, version: out.version, metrics: out.metrics, grids: plan.grids.map((g) => (stats.has(g.id) ? { ...g, stats: stats.get(g.id)! } : g)) },
        notice: { key: 'plan.notice.saved', values: { n: moves.length, version: out.version }, tone: 'ok' },
      });
      if (this.store.get().history) void this.loadHistory();
    } catch (err) {
      this.store.set({ saving: false });
      await this.handleEditError(err);
    }
  }

  /** Shows what went wrong with an edit sent to the server. */
  private async handleEditError(err: unknown): Promise<void> {
    const s = this.store.get();
    if (err instanceof PlanApiError && err.status === 409 && typeof err.details.version === 'number') {
      let entries: api.HistoryEntry[] = [];
      try {
        entries = await api.getHistory(s.plan!.id, s.version);
      } catch {
        // the conflict is shown without the details
      }
      this.store.set({ conflict: { ourVersion: s.version, serverVersion: err.details.version, entries } });
      return;
    }
    if (err instanceof PlanApiError && err.code === 'split') {
      this.store.set({ saveNeedsSplit: true, notice: { key: 'plan.notice.saveSplit', values: { message: err.message }, tone: 'error' } });
      return;
    }
    if (err instanceof PlanApiError && err.status === 409) {
      this.store.set({ notice: { key: 'plan.notice.lockedGrid', values: { message: err.message }, tone: 'error' } });
      return;
    }
    const status = (err as { status?: number }).status;
    this.store.set({ notice: { key: status === 403 ? 'plan.notice.forbidden' : status === 0 ? 'plan.notice.network' : 'plan.notice.saveFailed', values: { message: (err as Error).message }, tone: 'error' } });
  }

  /** After a conflict: loads the plan as it is now and re-applies our unsaved moves on top (nothing lost). */
  async reloadKeepingEdits(): Promise<void> {
    const w = this.ready;
    const s = this.store.get();
    if (!w || s.planId === null) return;
    await w.call('endStroke', {});
    const { moves } = await w.call('pending', {});
    await this.open(s.planId, moves);
    if (moves.length > 0) this.store.set({ notice: { key: 'plan.notice.reapplied', values: { n: moves.length }, tone: 'info' } });
  }

  /**
   * Splits a grid in two: adds an empty grid on the server, reloads the plan keeping the unsaved edits, then
   * moves the far half of the grid into the new one (unsaved, one undo step).
   */
  async splitGrid(idx: number): Promise<void> {
    const w = this.ready;
    const s = this.store.get();
    if (!w || !s.plan || s.planId === null) return;
    await w.call('endStroke', {});
    const { moves } = await w.call('pending', {});
    let added: { version: number; idx: number };
    try {
      added = await api.addGrid(s.plan.id, { version: s.version });
    } catch (err) {
      await this.handleEditError(err);
      return;
    }
    await this.open(s.planId, moves);
    await this.edit('split', { grid: idx, into: added.idx });
    this.store.set({ selected: added.idx });
  }

  /** Locks or unlocks a grid on the server (bumps the version) and in the worker. */
  async setLocked(idx: number, locked: boolean): Promise<void> {
    const s = this.store.get();
    const w = this.ready;
    const grid = s.plan?.grids.find((g) => g.idx === idx);
    if (!w || !s.plan || !grid) return;
    try {
      const out = await api.setLock(s.plan.id, { gridId: grid.id, locked, version: s.version });
      await w.call('lock', { grid: idx, locked });
      const plan = this.store.get().plan!;
      this.store.set({ version: out.version, plan: { ...plan, version: out.version, grids: plan.grids.map((g) => (g.idx === idx ? { ...g, locked } : g)) } });
    } catch (err) {
      await this.handleEditError(err);
    }
  }

  /** Assigns a manager (or none) to a grid. */
  async setManager(idx: number, manager: { id: number; name: string } | null): Promise<void> {
    const s = this.store.get();
    const grid = s.plan?.grids.find((g) => g.idx === idx);
    if (!s.plan || !grid) return;
    try {
      const out = await api.updateGrid(s.plan.id, grid.id, { managerId: manager?.id ?? null, version: s.version });
      const plan = this.store.get().plan!;
      this.store.set({
        version: out.version,
        plan: { ...plan, version: out.version, grids: plan.grids.map((g) => (g.idx === idx ? { ...g, managerId: manager?.id ?? null, managerName: manager?.name ?? null } : g)) },
        notice: { key: 'plan.notice.managerSet', tone: 'ok' },
      });
    } catch (err) {
      await this.handleEditError(err);
    }
  }

  /** Loads the saved versions of the open plan. */
  async loadHistory(): Promise<void> {
    const id = this.store.get().planId;
    if (id === null) return;
    try {
      this.store.set({ history: await api.getHistory(id) });
    } catch (err) {
      this.store.set({ notice: { key: 'plan.notice.loadFailed', values: { message: (err as Error).message }, tone: 'error' } });
    }
  }

  /** Compares the open plan with another one. */
  async compareWith(other: number): Promise<void> {
    const id = this.store.get().planId;
    if (id === null) return;
    try {
      this.store.set({ comparison: await api.comparePlans(id, other) });
    } catch (err) {
      this.store.set({ comparison: null, notice: { key: 'plan.notice.compareFailed', values: { message: (err as Error).message }, tone: 'error' } });
    }
  }
}
