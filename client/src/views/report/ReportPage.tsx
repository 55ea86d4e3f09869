/**
 * The public fault-report page (like the 95598 app; no login, phone-sized first): the customer gives the place
 * (tap the small map, use the phone's location, or type an address matched against known places), a phone number
 * and what happened, and gets a ticket number. `#/report/<ticket>` shows the ticket's status as a timeline.
 */
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { ReportForm } from './ReportForm.tsx';
import { TicketStatusView } from './TicketStatus.tsx';
import './report.css';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The ticket named in `#/report/<ticket>`, or null. */
function useTicketFromHash(): string | null {
  return useSyncExternalStore(subscribe, () => {
    const parts = window.location.hash.replace(/^#\/?/, '').split('/');
    return parts[0] === 'report' && parts[1] ? decodeURIComponent(parts[1]) : null;
  });
}

export function ReportPage() {
  const { t } = useTranslation();
  const ticket = useTicketFromHash();
  return (
    <div className="report-page" data-testid="report-page">
      <header className="report-header">
        <a href="#/report" className="report-brand">
          {t('report.brand')}
        </a>
        <LanguageSwitch />
      </header>
      <main className="report-main">{ticket ? <TicketStatusView ticket={ticket} /> : <ReportForm />}</main>
      <footer className="report-footer">{t('report.footer')}</footer>
    </div>
  );
}
