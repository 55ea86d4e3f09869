/** Substations and rail/metro stations (GeoJSON) for every logged-in role. */
import { ROLES } from '../auth/types.ts';
import { getStations, getSubstations } from '../services/layers.ts';
import { defineRoute } from './define.ts';

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/substations',
    roles: ROLES,
    summary: 'OSM substations as GeoJSON points (name, voltage_kv)',
    handler: ({ deps }) => getSubstations(deps.pool),
  }),
  defineRoute({
    method: 'get',
    path: '/api/stations',
    roles: ROLES,
    summary: 'OSM rail and metro stations as GeoJSON points (name, kind)',
    handler: ({ deps }) => getStations(deps.pool),
  }),
];
