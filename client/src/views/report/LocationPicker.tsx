/**
 * The report's location: a small map to tap (a marker shows the point), the phone's own location, or an address
 * typed and matched against known places (/api/places); choosing a match moves the map there.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as maplibregl from 'maplibre-gl';
import { createMap } from '../../map/create-map.ts';
import { addDistrictLayers, setDistricts } from '../../map/layers/districts.ts';
import { addRoadLayers } from '../../map/layers/roads.ts';
import { fetchConfig, fetchDistricts } from '../../api/map-data.ts';
import { searchPlaces, type Place } from '../../api/reports.ts';
import { publishReportHook } from './test-hook.ts';

export interface PickedLocation {
  lng: number;
  lat: number;
  /** the place name or typed address, when there is one */
  address: string | null;
}

interface Props {
  value: PickedLocation | null;
  address: string;
  onAddress(text: string): void;
  onChange(loc: PickedLocation): void;
  error?: string;
}

export function LocationPicker({ value, address, onAddress, onChange, error }: Props) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const markerRef = useRef<maplibregl.Marker | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [geoError, setGeoError] = useState<string | null>(null);

  const roadsAttribution = t('map.roadsAttribution');
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let h: ReturnType<typeof createMap> | null = null;
    let unpublish = () => {};
    let alive = true;
    // an online basemap when the server has one, else the plain offline background
    void fetchConfig()
      .catch(() => ({ basemapStyle: null }))
      .then((c) => {
        if (!alive) return;
        const handles = createMap(container, c.basemapStyle);
        h = handles;
        mapRef.current = handles.map;
        unpublish = publishReportHook({ map: handles.map });
        // offline: districts and roads from the public basemap endpoints, as the staff maps draw them
        if (!c.basemapStyle) {
          handles.map.on('load', () => {
            if (!alive) return;
            addDistrictLayers(handles.map);
            addRoadLayers(handles.map, roadsAttribution, true);
            fetchDistricts().then(
              (d) => alive && setDistricts(handles.map, d),
              (err: unknown) => console.warn('report: districts not loaded', err),
            );
          });
        }
        h.map.on('click', (e) => onChangeRef.current({ lng: e.lngLat.lng, lat: e.lngLat.lat, address: null }));
      });
    return () => {
      alive = false;
      unpublish();
      mapRef.current = null;
      markerRef.current = null;
      h?.map.remove();
    };
  }, []);

  // the marker follows the picked point
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!value) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    markerRef.current ??= new maplibregl.Marker({ color: '#d7301f' }).setLngLat([value.lng, value.lat]).addTo(map);
    markerRef.current.setLngLat([value.lng, value.lat]);
  }, [value]);

  const search = async () => {
    const q = address.trim();
    if (q.length < 2) return setSearchError(t('report.location.tooShort'));
    setSearching(true);
    setSearchError(null);
    try {
      const items = await searchPlaces(q);
      setPlaces(items);
      if (items.length === 0) setSearchError(t('report.location.noMatch'));
    } catch {
      setSearchError(t('report.location.searchFailed'));
    } finally {
      setSearching(false);
    }
  };
  const choose = (p: Place) => {
    onChange({ lng: p.lng, lat: p.lat, address: p.name });
    onAddress(p.name);
    setPlaces(null);
    mapRef.current?.easeTo({ center: [p.lng, p.lat], zoom: 15 });
  };
  const locate = () => {
    setGeoError(null);
    if (!navigator.geolocation) return setGeoError(t('report.location.geoUnavailable'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        onChange({ lng: pos.coords.longitude, lat: pos.coords.latitude, address: null });
        mapRef.current?.easeTo({ center: [pos.coords.longitude, pos.coords.latitude], zoom: 15 });
      },
      () => setGeoError(t('report.location.geoDenied')),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  return (
    <fieldset className="report-location">
      <legend>{t('report.location.title')}</legend>
      <div className="report-address">
        <input
          name="address"
          value={address}
          onChange={(e) => onAddress(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
          placeholder={t('report.location.addressPlaceholder')}
          aria-label={t('report.location.address')}
          data-testid="report-address"
        />
        <button type="button" onClick={() => void search()} disabled={searching} data-testid="report-address-search">
          {searching ? t('report.location.searching') : t('report.location.search')}
        </button>
      </div>
      {places && places.length > 0 && (
        <ul className="report-places" data-testid="report-places">
          {places.slice(0, 8).map((p, i) => (
            <li key={i}>
              <button type="button" onClick={() => choose(p)} data-testid="report-place">
                {p.name} <span className="report-place-kind">{t(`report.placeKinds.${p.kind}`, { defaultValue: p.kind })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {searchError && <p className="report-field-error">{searchError}</p>}
      <p className="report-hint">{t('report.location.mapHint')}</p>
      <div ref={containerRef} className="report-map" data-testid="report-map" />
      <div className="report-location-row">
        <button type="button" onClick={locate} data-testid="report-locate">
          {t('report.location.useMine')}
        </button>
        <span data-testid="report-picked">
          {value ? t('report.location.picked', { lng: value.lng.toFixed(5), lat: value.lat.toFixed(5) }) : t('report.location.none')}
        </span>
      </div>
      {geoError && <p className="report-field-error">{geoError}</p>}
      {error && (
        <p className="report-field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
