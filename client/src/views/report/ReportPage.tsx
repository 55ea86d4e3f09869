/** Public fault-report page (no login): placeholder until issue 8's page lands. */
import { useTranslation } from 'react-i18next';

export function ReportPage() {
  const { t } = useTranslation();
  return <div className="view-placeholder"><h1>{t('report.title')}</h1></div>;
}
