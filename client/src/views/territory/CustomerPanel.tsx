/** The grid's customers: search by account or address, filter by type, sort by load or account, and a history. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCustomerHistory, fetchGridCustomers, type CustomerRow } from '../../api/territory.ts';
import { formatNumber } from '../../i18n/index.ts';
import { errorReason } from '../overview/error-reason.ts';
import { useLoad } from './use-load.ts';

const PAGE = 50;
const TYPES = ['residential', 'commercial', 'industrial'] as const;

function typeName(t: (k: string) => string, type: string): string {
  return (TYPES as readonly string[]).includes(type) ? t(`map.tooltip.customerTypes.${type}`) : type;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }) : '—';
}

interface CustomerPanelProps {
  gridId: number;
  /** Called with a customer to show on the map (null clears). */
  onLocate: (c: CustomerRow | null) => void;
}

/** Search form, paged list and the selected customer's fault and work-order history. */
export function CustomerPanel({ gridId, onLocate }: CustomerPanelProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [sort, setSort] = useState<'load' | 'account'>('load');
  const [limit, setLimit] = useState(PAGE);
  const [selected, setSelected] = useState<CustomerRow | null>(null);

  // a short pause after typing before searching
  useEffect(() => {
    const h = setTimeout(() => setQ(draft.trim()), 300);
    return () => clearTimeout(h);
  }, [draft]);
  useEffect(() => setLimit(PAGE), [q, type, sort, gridId]);

  const list = useLoad(`${gridId}|${q}|${type}|${sort}|${limit}`, (signal) => fetchGridCustomers(gridId, { q, type, sort, limit, offset: 0 }, signal));
  const history = useLoad(selected ? String(selected.id) : null, (signal) => fetchCustomerHistory(selected!.id, signal));

  return (
    <section className="customer-panel" data-testid="customer-panel">
      <form className="customer-search" onSubmit={(e) => { e.preventDefault(); setQ(draft.trim()); }}>
        <input type="search" name="q" value={draft} placeholder={t('territory.customers.search')} aria-label={t('territory.customers.search')} onChange={(e) => setDraft(e.target.value)} />
        <select name="type" value={type} onChange={(e) => setType(e.target.value)} aria-label={t('territory.customers.type')}>
          <option value="">{t('territory.customers.allTypes')}</option>
          {TYPES.map((k) => (
            <option key={k} value={k}>
              {typeName(t, k)}
            </option>
          ))}
        </select>
        <select name="sort" value={sort} onChange={(e) => setSort(e.target.value as 'load' | 'account')} aria-label={t('territory.customers.sortLoad')}>
          <option value="load">{t('territory.customers.sortLoad')}</option>
          <option value="account">{t('territory.customers.sortAccount')}</option>
        </select>
      </form>
      {list.status === 'error' && (
        <div className="map-error" role="alert">
          <span>{t('territory.loadError', { what: t('territory.what.customers'), reason: errorReason(list.error, t) })}</span>
          <button type="button" onClick={list.retry}>{t('territory.retry')}</button>
        </div>
      )}
      {list.data && (
        <>
          <p className="customer-total" data-testid="customer-total" data-total={list.data.total}>
            {t('territory.customers.total', { formatted: formatNumber(list.data.total) })}
            {list.status === 'loading' && <span className="spinner" aria-hidden="true" />}
          </p>
          {list.data.items.length === 0 ? (
            <p>{t('territory.customers.none')}</p>
          ) : (
            <table className="customer-table" data-testid="customer-table">
              <thead>
                <tr>
                  <th>{t('territory.customers.account')}</th>
                  <th>{t('territory.customers.address')}</th>
                  <th>{t('territory.customers.type')}</th>
                  <th className="num">{t('territory.customers.load')}</th>
                  <th className="num">{t('territory.customers.faults')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => (
                  <tr
                    key={c.id}
                    data-customer-id={c.id}
                    aria-selected={selected?.id === c.id}
                    tabIndex={0}
                    onClick={() => { setSelected(c); onLocate(c); }}
                    onKeyDown={(e) => { if (e.key === 'Enter') { setSelected(c); onLocate(c); } }}
                  >
                    <td>{c.account}</td>
                    <td className="addr">{c.address ?? '—'}</td>
                    <td>{typeName(t, c.type)}</td>
                    <td className="num">{t('map.tooltip.kw', { value: formatNumber(c.loadKw, 1) })}</td>
                    <td className="num">{formatNumber(c.faults12m)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {list.data.items.length < list.data.total && (
            <button type="button" className="more" onClick={() => setLimit((l) => l + PAGE)} disabled={list.status === 'loading'}>
              {t('territory.customers.more')}
            </button>
          )}
        </>
      )}
      {!list.data && list.status === 'loading' && <p role="status">{t('territory.customers.loading')}</p>}
      {selected && (
        <div className="customer-history" data-testid="customer-history" data-customer-id={selected.id}>
          <header>
            <h4>
              {t('territory.customers.history')} · {selected.account}
            </h4>
            <button type="button" onClick={() => { setSelected(null); onLocate(null); }}>{t('territory.customers.close')}</button>
          </header>
          {history.status === 'error' && (
            <div className="map-error" role="alert">
              <span>{t('territory.loadError', { what: t('territory.what.history'), reason: errorReason(history.error, t) })}</span>
              <button type="button" onClick={history.retry}>{t('territory.retry')}</button>
            </div>
          )}
          {history.status === 'loading' && <span className="spinner" role="status" aria-label={t('app.loading')} />}
          {history.status === 'ready' && history.data && (
            <>
              <h5>{t('territory.customers.faultHistory', { count: history.data.faults.length })}</h5>
              {history.data.faults.length === 0 ? (
                <p>{t('territory.customers.noHistory')}</p>
              ) : (
                <table data-testid="fault-history">
                  <thead>
                    <tr>
                      <th>{t('territory.customers.reportedAt')}</th>
                      <th>{t('territory.customers.kind')}</th>
                      <th>{t('territory.customers.priority')}</th>
                      <th>{t('territory.customers.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.faults.map((f) => (
                      <tr key={f.id}>
                        <td>{when(f.reportedAt)}</td>
                        <td>{f.kind}</td>
                        <td>{f.priority}</td>
                        <td>{f.status}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h5>{t('territory.customers.workOrderHistory', { count: history.data.workOrders.length })}</h5>
              {history.data.workOrders.length === 0 ? (
                <p>{t('territory.customers.noHistory')}</p>
              ) : (
                <table data-testid="work-order-history">
                  <thead>
                    <tr>
                      <th>{t('territory.customers.receivedAt')}</th>
                      <th>{t('territory.customers.onSiteAt')}</th>
                      <th>{t('territory.customers.resolvedAt')}</th>
                      <th>{t('territory.customers.status')}</th>
                      <th>{t('territory.customers.satisfactionScore')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.workOrders.map((w) => (
                      <tr key={w.id}>
                        <td>{when(w.receivedAt)}</td>
                        <td>{when(w.onSiteAt)}</td>
                        <td>{when(w.resolvedAt)}</td>
                        <td>{w.state}</td>
                        <td>
                          {w.satisfaction ?? '—'}
                          {w.complaint ? ` · ${t('territory.customers.complaint')}` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
