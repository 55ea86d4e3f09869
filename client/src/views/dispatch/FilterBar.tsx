/** Filters of the map and the queue: grid (of the active plan), priority, status, skill. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { SKILLS } from '../../api/dispatch.ts';
import { WORK_ORDER_STATES, type Priority } from '../../api/work-orders.ts';
import type { DispatchState, Filters } from './dispatch-store.ts';

const PRIORITIES: Priority[] = [1, 2, 3, 4];

export function FilterBar({ store }: { store: Store<DispatchState> }) {
  const { t } = useTranslation();
  const f = useStore(store, (s) => s.filters);
  const grids = useStore(store, (s) => s.grids);
  const gridOptions = useMemo(
    () =>
      (grids?.features ?? [])
        .map((g) => ({ id: Number(g.properties.id ?? g.id), name: String(g.properties.name ?? g.properties.id) }))
        .filter((g) => Number.isFinite(g.id))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true })),
    [grids],
  );
  const set = (patch: Partial<Filters>) => store.set((s) => ({ filters: { ...s.filters, ...patch } }));

  return (
    <div className="dispatch-filters" role="group" aria-label={t('dispatch.filters.title')} data-testid="dispatch-filters">
      <label>
        {t('dispatch.filters.grid')}
        <select value={f.gridId ?? ''} onChange={(e) => set({ gridId: e.target.value === '' ? null : Number(e.target.value) })} data-testid="filter-grid">
          <option value="">{t('dispatch.filters.allGrids')}</option>
          {gridOptions.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dispatch.filters.status')}
        <select value={f.status} onChange={(e) => set({ status: e.target.value as Filters['status'] })} data-testid="filter-status">
          <option value="open">{t('dispatch.filters.open')}</option>
          <option value="all">{t('dispatch.filters.all')}</option>
          {WORK_ORDER_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`dispatch.states.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dispatch.filters.skill')}
        <select value={f.skill ?? ''} onChange={(e) => set({ skill: e.target.value || null })} data-testid="filter-skill">
          <option value="">{t('dispatch.filters.allSkills')}</option>
          {SKILLS.map((s) => (
            <option key={s} value={s}>
              {t(`dispatch.skills.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <span className="dispatch-priorities" role="group" aria-label={t('dispatch.filters.priority')}>
        {PRIORITIES.map((p) => (
          <label key={p} className="check">
            <input
              type="checkbox"
              checked={f.priorities.includes(p)}
              data-testid={`filter-p${p}`}
              onChange={(e) => set({ priorities: e.target.checked ? [...f.priorities, p].sort() : f.priorities.filter((x) => x !== p) })}
            />
            P{p}
          </label>
        ))}
      </span>
    </div>
  );
}
