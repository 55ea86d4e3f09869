/**
 * Route tool on the map: switch it on, click a start and an end point, and the fastest road route is drawn with
 * its driving time, distance and the roads it follows. Failures are told in a dispatcher's words, with a retry
 * while the road network is still being prepared. Works on any MapLibre map (drawn as a MapLibre line on top).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as maplibregl from 'maplibre-gl';
import { formatNumber } from '../i18n/index.ts';
import { fetchRoute, roadSequence, RouteError, type LngLat, type RouteFailure, type RouteResult } from '../map/route-tool-api.ts';
import { clearRouteLayers, setRouteLayers } from '../map/route-tool-layers.ts';
import './RouteTool.css';

type Phase =
  | { kind: 'off' }
  | { kind: 'pickStart' }
  | { kind: 'pickEnd'; from: LngLat }
  | { kind: 'loading'; from: LngLat; to: LngLat }
  | { kind: 'done'; from: LngLat; to: LngLat; route: RouteResult }
  | { kind: 'failed'; from: LngLat; to: LngLat; reason: RouteFailure };

/** The button and panel of the route tool for `map`. */
export function RouteTool({ map }: { map: maplibregl.Map }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'off' });
  const phaseRef = useRef(phase);
  phaseRef.current = phase;
  const abortRef = useRef<AbortController | null>(null);

  const request = useCallback((from: LngLat, to: LngLat) => {
    abortRef.current?.abort();
    const ctl = new AbortController();
    abortRef.current = ctl;
    setPhase({ kind: 'loading', from, to });
    fetchRoute(from, to, ctl.signal).then(
      (route) => {
        if (!ctl.signal.aborted) setPhase({ kind: 'done', from, to, route });
      },
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        if (!(err instanceof RouteError)) console.error('route tool:', err);
        setPhase({ kind: 'failed', from, to, reason: err instanceof RouteError ? err.reason : 'server' });
      },
    );
  }, []);

  // clicks on the map pick the points while the tool is on
  const active = phase.kind !== 'off';
  useEffect(() => {
    if (!active) return;
    const onClick = (e: maplibregl.MapMouseEvent) => {
      const p: LngLat = [e.lngLat.lng, e.lngLat.lat];
      const cur = phaseRef.current;
      if (cur.kind === 'pickEnd') request(cur.from, p);
      else if (cur.kind !== 'off' && cur.kind !== 'loading') setPhase({ kind: 'pickEnd', from: p });
    };
    map.on('click', onClick);
    map.getCanvas().style.cursor = 'crosshair';
    return () => {
      map.off('click', onClick);
      map.getCanvas().style.cursor = '';
    };
  }, [map, active, request]);

  // what the map shows: the points picked so far and the route
  useEffect(() => {
    const points: LngLat[] = phase.kind === 'off' || phase.kind === 'pickStart' ? [] : phase.kind === 'pickEnd' ? [phase.from] : [phase.from, phase.to];
    const line = phase.kind === 'done' ? phase.route.geometry.coordinates : null;
    if (points.length === 0) clearRouteLayers(map);
    else setRouteLayers(map, points, line);
  }, [map, phase]);
  useEffect(() => () => clearRouteLayers(map), [map]);
  useEffect(() => () => abortRef.current?.abort(), []);

  const clear = () => {
    abortRef.current?.abort();
    setPhase({ kind: 'pickStart' });
  };
  const toggle = () => {
    abortRef.current?.abort();
    setPhase(active ? { kind: 'off' } : { kind: 'pickStart' });
  };

  return (
    <section className="map-panel route-tool" aria-labelledby="route-tool-title" data-testid="route-tool">
      <div className="route-tool-head">
        <h2 id="route-tool-title">{t('route.title')}</h2>
        <button type="button" className="route-tool-toggle" aria-pressed={active} onClick={toggle} data-testid="route-tool-toggle">
          {active ? t('route.close') : t('route.open')}
        </button>
      </div>
      {active && (
        <div className="route-tool-body" aria-live="polite">
          {phase.kind === 'pickStart' && <p data-testid="route-hint">{t('route.pickStart')}</p>}
          {phase.kind === 'pickEnd' && <p data-testid="route-hint">{t('route.pickEnd')}</p>}
          {phase.kind === 'loading' && (
            <p role="status">
              <span className="spinner" aria-hidden="true" />
              {t('route.loading')}
            </p>
          )}
          {phase.kind === 'done' && (
            <>
              <dl className="route-summary">
                <dt>{t('route.duration')}</dt>
                <dd data-testid="route-duration" data-seconds={phase.route.duration}>
                  {t('route.minutes', { value: formatNumber(Math.max(1, Math.round(phase.route.duration / 60))) })}
                </dd>
                <dt>{t('route.distance')}</dt>
                <dd data-testid="route-distance" data-meters={phase.route.distance}>
                  {t('route.km', { value: formatNumber(phase.route.distance / 1000, 1) })}
                </dd>
              </dl>
              <h3>{t('route.via')}</h3>
              <ol className="route-roads" data-testid="route-roads">
                {roadSequence(phase.route.roads).map((name, i) => (
                  <li key={i}>{name}</li>
                ))}
                {roadSequence(phase.route.roads).length === 0 && <li>{t('route.unnamedOnly')}</li>}
              </ol>
            </>
          )}
          {phase.kind === 'failed' && (
            <div className="map-error" role="alert" data-testid="route-error">
              <span>{t(`route.errors.${phase.reason}`)}</span>
              {(phase.reason === 'loading' || phase.reason === 'network' || phase.reason === 'server') && (
                <button type="button" onClick={() => request(phase.from, phase.to)}>
                  {t('map.retry')}
                </button>
              )}
            </div>
          )}
          {phase.kind !== 'pickStart' && (
            <button type="button" className="route-tool-clear" onClick={clear} data-testid="route-clear">
              {t('route.clear')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
