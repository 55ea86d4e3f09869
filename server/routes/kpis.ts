/** The KPI dashboard (planners and admins): every grid's KPIs, before/after the plan, CSV export, monthly report. */
import { z } from 'zod';
import { exportDashboardCsv, getBeforeAfter, getDashboard, monthReportHtml } from '../services/kpis.ts';
import { defineRoute } from './define.ts';

const ROLES = ['admin', 'planner'] as const;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const period = z.object({ from: date.optional(), to: date.optional() });

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/kpis',
    roles: ROLES,
    summary: 'KPIs of every grid of the active plan and of the city over ?from=&to= (default: the 30 days before the reference now)',
    query: period,
    handler: ({ deps, query }) => getDashboard(deps.pool, query.from, query.to),
  }),
  defineRoute({
    method: 'get',
    path: '/api/kpis/before-after',
    roles: ROLES,
    summary: 'KPIs of the ?days= (default 90) days before and after ?date= (default: the active plan\'s effective date), city and grids',
    query: z.object({ date: date.optional(), days: z.coerce.number().int().min(1).max(366).default(90) }),
    handler: ({ deps, query }) => getBeforeAfter(deps.pool, query.date, query.days),
  }),
  defineRoute({
    method: 'get',
    path: '/api/kpis/export.csv',
    roles: ROLES,
    summary: 'The dashboard as CSV (grid_id,grid,manager,work_orders,…,repeat_faults), the same numbers as GET /api/kpis',
    query: period,
    handler: async ({ deps, query, res }) => {
      const out = await exportDashboardCsv(deps.pool, query.from, query.to);
      res.status(200).set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${out.filename}"` }).send(out.body);
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/kpis/report.html',
    roles: ROLES,
    summary: 'Printable HTML report of ?month=YYYY-MM: city, every grid, best and worst, before/after the plan',
    query: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'expected a month YYYY-MM') }),
    handler: async ({ deps, query, res }) => {
      const html = await monthReportHtml(deps.pool, query.month);
      res.status(200).type('text/html; charset=utf-8').send(html);
      return undefined;
    },
  }),
];
