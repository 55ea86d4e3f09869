/** District boundaries (GeoJSON), public like the basemap they belong to (OSM-derived, public statistics). */
import { getDistricts } from '../services/districts.ts';
import { defineRoute } from './define.ts';

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/districts',
    roles: 'public',
    summary: 'The 11 districts as GeoJSON (names, adcode, 2020 population, area, label point)',
    handler: ({ deps }) => getDistricts(deps.pool),
  }),
];
