/** Period picker for KPIs: 7 days, 30 days, a quarter (ending at the dataset's reference day) or a custom range. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Period } from '../../api/kpis.ts';
import { PERIOD_PRESETS, presetPeriod, validPeriod, type PeriodPreset } from './period.ts';

export interface PeriodChoice {
  preset: PeriodPreset;
  period: Period;
}

interface PeriodPickerProps {
  value: PeriodChoice;
  /** Last day of the presets (the dataset's reference day). */
  endDay: string;
  onChange: (c: PeriodChoice) => void;
}

/** Preset buttons plus two date inputs for a custom range (applied with a button, so typing does not refetch). */
export function PeriodPicker({ value, endDay, onChange }: PeriodPickerProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Period>(value.period);
  useEffect(() => setDraft(value.period), [value.period]);

  return (
    <div className="period-picker" role="group" aria-label={t('territory.period.title')} data-testid="period-picker">
      <div className="period-presets">
        {PERIOD_PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            data-preset={p}
            aria-pressed={value.preset === p}
            onClick={() => (p === 'custom' ? onChange({ preset: 'custom', period: value.period }) : onChange({ preset: p, period: presetPeriod(p, endDay) }))}
          >
            {t(`territory.period.${p}`)}
          </button>
        ))}
      </div>
      {value.preset === 'custom' ? (
        <form
          className="period-custom"
          onSubmit={(e) => {
            e.preventDefault();
            if (validPeriod(draft)) onChange({ preset: 'custom', period: draft });
          }}
        >
          <label>
            {t('territory.period.from')}
            <input type="date" name="from" value={draft.from} max={draft.to} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
          </label>
          <label>
            {t('territory.period.to')}
            <input type="date" name="to" value={draft.to} min={draft.from} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
          </label>
          <button type="submit" disabled={!validPeriod(draft)}>
            {t('territory.period.apply')}
          </button>
        </form>
      ) : (
        <p className="period-range" data-testid="period-range">
          {t('territory.period.range', { from: value.period.from, to: value.period.to })}
        </p>
      )}
    </div>
  );
}
