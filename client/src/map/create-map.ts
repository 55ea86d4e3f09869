/**
 * Creates the MapLibre map: offline style built in code (no tiles, glyphs or sprites from the internet) or an
 * online style URL from the server config, plus the deck.gl overlay.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre 6 loads its worker relative to its own module URL, which bundling breaks: point it at the bundled asset.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
// @deck.gl/maplibre, not @deck.gl/mapbox: the latter reads `map.transform`, which MapLibre 6 removed.
import { MapLibreOverlay } from '@deck.gl/maplibre';

maplibregl.setWorkerUrl(maplibreWorkerUrl);

/** Guangzhou's 11 districts, `[west, south, east, north]` in WGS84. */
export const GUANGZHOU_BOUNDS: [number, number, number, number] = [112.95, 22.56, 114.06, 23.94];

/** Attribution for the OSM-derived data (ODbL). */
export const OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors';

export const BACKGROUND_COLOR = '#eef1f4';

/** The offline basemap: a plain background; districts (and later roads) are added as layers from our own data. */
export function offlineStyle(): maplibregl.StyleSpecification {
  return {
    version: 8,
    name: 'GridOps offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
}

export interface MapHandles {
  map: maplibregl.Map;
  overlay: MapLibreOverlay;
}

/**
 * Creates the map in `container` with the given style (a URL for an online style, or null for offline) and
 * attaches an interleaved deck.gl overlay. The caller removes both with `map.remove()`.
 */
export function createMap(container: HTMLElement, styleUrl: string | null): MapHandles {
  const map = new maplibregl.Map({
    container,
    style: styleUrl ?? offlineStyle(),
    bounds: GUANGZHOU_BOUNDS,
    fitBoundsOptions: { padding: 24 },
    maxBounds: [111.9, 22.0, 115.1, 24.5],
    minZoom: 7,
    maxZoom: 18,
    attributionControl: { compact: false, customAttribution: OSM_ATTRIBUTION },
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  return { map, overlay };
}
