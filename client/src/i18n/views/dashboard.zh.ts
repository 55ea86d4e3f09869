/** Chinese strings of the KPI dashboard view (`t('dashboard.…')`); `dashboard.en.ts` must have the same keys. */
export const dashboardZh = {
  title: '指标看板',
  loading: '正在计算全部网格的指标…',
  loadError: '{{what}}加载失败：{{reason}}',
  retry: '重试',
  what: {
    kpis: '网格指标',
    outlines: '网格边界',
    beforeAfter: '前后对比',
  },
  city: '全市',
  gridCount: '{{count}} 个网格',
  table: {
    title: '各网格指标',
    grid: '网格',
    manager: '网格经理',
    sortHint: '点击表头排序',
  },
  map: {
    title: '按指标着色',
    kpi: '指标',
    noData: '无数据',
    worse: '颜色越深越差',
  },
  ranking: {
    title: '排名：{{kpi}}',
    best: '最好',
    worst: '最差',
  },
  export: {
    title: '导出',
    csv: '导出 CSV',
    report: '月度报告',
    month: '月份',
  },
  beforeAfter: {
    title: '方案实施前后对比',
    date: '对比日期',
    days: '前后各 {{days}} 天',
    before: '实施前',
    after: '实施后',
    change: '变化',
    defaultDate: '默认为启用方案的生效日期',
    improved: '{{count}} 个网格改善',
  },
};
