/** Simulator controls: run/pause, speed ×1–×60, storm; the simulated clock. Hidden when the server has none. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { startStorm, updateSimulator } from '../../api/dispatch.ts';
import { localeOf, currentLanguage } from '../../i18n/index.ts';
import type { DispatchState } from './dispatch-store.ts';
import { errorText } from './error-text.ts';

const SPEEDS = [1, 5, 10, 30, 60];

export function SimulatorPanel({ store }: { store: Store<DispatchState> }) {
  const { t } = useTranslation();
  const sim = useStore(store, (s) => s.simulator);
  const [busy, setBusy] = useState(false);
  if (!sim) return null;

  const run = async (what: string, f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      const res = await f();
      if (res && typeof res === 'object' && 'running' in res) store.set({ simulator: res as DispatchState['simulator'] });
    } catch (err) {
      store.set({ notice: { kind: 'error', text: errorText(t, err, what), at: Date.now() } });
    } finally {
      setBusy(false);
    }
  };
  const simTime = sim.simTime ? new Date(sim.simTime) : null;

  return (
    <div className="dispatch-sim" role="group" aria-label={t('dispatch.sim.title')} data-testid="simulator">
      <span className="dispatch-sim-title">{t('dispatch.sim.title')}</span>
      <button
        type="button"
        disabled={busy}
        data-testid="sim-toggle"
        aria-pressed={sim.running}
        onClick={() => void run(t('dispatch.sim.title'), () => updateSimulator({ running: !sim.running }))}
      >
        {sim.running ? t('dispatch.sim.pause') : t('dispatch.sim.run')}
      </button>
      <label>
        {t('dispatch.sim.speed')}
        <select value={sim.speed} disabled={busy} data-testid="sim-speed" onChange={(e) => void run(t('dispatch.sim.speed'), () => updateSimulator({ speed: Number(e.target.value) }))}>
          {[...new Set([...SPEEDS, sim.speed])].sort((a, b) => a - b).map((v) => (
            <option key={v} value={v}>
              ×{v}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={busy} data-testid="sim-storm" onClick={() => void run(t('dispatch.sim.storm'), () => startStorm())}>
        {t('dispatch.sim.storm')}
      </button>
      {sim.stormUntil && (
        <span className="dispatch-storm" data-testid="sim-storm-on">
          {t('dispatch.sim.stormOn')}
        </span>
      )}
      {simTime && (
        <span className="dispatch-sim-time" data-testid="sim-time">
          {new Intl.DateTimeFormat(localeOf(currentLanguage()), { hour: '2-digit', minute: '2-digit', month: 'numeric', day: 'numeric' }).format(simTime)}
        </span>
      )}
    </div>
  );
}
