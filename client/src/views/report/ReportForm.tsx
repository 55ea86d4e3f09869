/**
 * The report form: location, phone and description, checked here first (so the customer sees mistakes at once)
 * and again by the server, whose field errors are shown under the field they name. On success the ticket number
 * is shown with a link to its status page.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailedApiError } from '../../api/dispatch.ts';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, submitReport, type ReportReceipt } from '../../api/reports.ts';
import { LocationPicker, type PickedLocation } from './LocationPicker.tsx';

type Field = 'location' | 'phone' | 'description';

/** Mobile (11 digits from 1) or a landline with area code; spaces and dashes allowed. */
const PHONE = /^(\+?86)?\s*(1\d{10}|0\d{2,3}[-\s]?\d{7,8})$/;

export function ReportForm() {
  const { t } = useTranslation();
  const [location, setLocation] = useState<PickedLocation | null>(null);
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<ReportReceipt | null>(null);

  const validate = (): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {};
    if (!location && address.trim().length < 2) e.location = t('report.errors.location');
    if (!PHONE.test(phone.replace(/[\s-]/g, ''))) e.phone = t('report.errors.phone');
    const d = description.trim().length;
    if (d < DESCRIPTION_MIN || d > DESCRIPTION_MAX) e.description = t('report.errors.description', { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX });
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    setFormError(null);
    if (Object.keys(e).length > 0) return;
    setBusy(true);
    try {
      const addr = address.trim();
      const r = await submitReport({
        ...(location ? { lng: Math.round(location.lng * 1e6) / 1e6, lat: Math.round(location.lat * 1e6) / 1e6 } : {}),
        ...(addr ? { address: addr } : {}),
        phone: phone.replace(/[\s-]/g, ''),
        description: description.trim(),
      });
      setReceipt(r);
    } catch (err) {
      if (err instanceof DetailedApiError && (err.status === 400 || err.status === 422)) {
        const f: Partial<Record<Field, string>> = {};
        for (const [k, v] of Object.entries(err.fields)) {
          const field: Field = k === 'phone' ? 'phone' : k === 'description' ? 'description' : 'location';
          f[field] = t(`report.serverErrors.${field}`, { detail: v });
        }
        setErrors(f);
        if (Object.keys(f).length === 0) setFormError(t('report.errors.rejected', { detail: err.serverMessage }));
      } else if (err instanceof DetailedApiError && err.status === 429) {
        setFormError(t('report.errors.rateLimited', { minutes: Math.max(1, Math.ceil((err.retryAfterSeconds ?? 60) / 60)) }));
      } else if (err instanceof DetailedApiError && err.kind === 'network') {
        setFormError(t('report.errors.network'));
      } else {
        setFormError(t('report.errors.server'));
      }
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <section className="report-card report-receipt" data-testid="report-receipt">
        <h1>{t('report.receipt.title')}</h1>
        <p>{t('report.receipt.text')}</p>
        <p className="report-ticket" data-testid="report-ticket">
          {receipt.ticket}
        </p>
        <p className="report-hint">{t('report.receipt.keep')}</p>
        <a className="report-button" href={`#/report/${encodeURIComponent(receipt.ticket)}`} data-testid="report-follow">
          {t('report.receipt.follow')}
        </a>
      </section>
    );
  }

  return (
    <form className="report-card" onSubmit={(e) => void submit(e)} noValidate data-testid="report-form">
      <h1>{t('report.title')}</h1>
      <p className="report-intro">{t('report.intro')}</p>
      <LocationPicker
        value={location}
        address={address}
        onAddress={setAddress}
        onChange={(loc) => {
          setLocation(loc);
          setErrors((e) => ({ ...e, location: undefined }));
        }}
        error={errors.location}
      />
      <label className="report-field">
        {t('report.phone')}
        <input name="phone" type="tel" inputMode="tel" autoComplete="tel" value={phone} onChange={(e) => {
            setPhone(e.target.value);
            setErrors((x) => ({ ...x, phone: undefined }));
          }} placeholder={t('report.phonePlaceholder')} data-testid="report-phone" />
        {errors.phone && <span className="report-field-error">{errors.phone}</span>}
      </label>
      <label className="report-field">
        {t('report.description')}
        <textarea name="description" rows={4} maxLength={DESCRIPTION_MAX} value={description} onChange={(e) => {
            setDescription(e.target.value);
            setErrors((x) => ({ ...x, description: undefined }));
          }} placeholder={t('report.descriptionPlaceholder')} data-testid="report-description" />
        <span className="report-counter">
          {description.trim().length} / {DESCRIPTION_MAX}
        </span>
        {errors.description && <span className="report-field-error">{errors.description}</span>}
      </label>
      {formError && (
        <p className="report-form-error" role="alert" data-testid="report-error">
          {formError}
        </p>
      )}
      <button type="submit" className="report-button" disabled={busy} data-testid="report-submit">
        {busy ? t('report.submitting') : t('report.submit')}
      </button>
      <p className="report-hint">
        {t('report.lookup')} <TicketLookup />
      </p>
    </form>
  );
}

/** A small "already have a ticket?" box that opens its status page. */
function TicketLookup() {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  return (
    <span className="report-lookup">
      <input value={value} onChange={(e) => setValue(e.target.value)} placeholder={t('report.ticketPlaceholder')} aria-label={t('report.ticketPlaceholder')} />
      <button
        type="button"
        disabled={value.trim().length === 0}
        onClick={() => {
          window.location.hash = `#/report/${encodeURIComponent(value.trim())}`;
        }}
      >
        {t('report.lookupGo')}
      </button>
    </span>
  );
}
