/** Imported boundaries (GeoJSON polygons) usable as hard grid boundaries of a plan. */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import * as boundaries from '../services/boundaries.ts';
import { defineRoute } from './define.ts';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ring = z.array(position).min(4, 'a ring needs at least 4 positions');
const polygon = z.array(ring).min(1);
const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygon }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1) }),
]);
const feature = z.object({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.unknown()).nullable().default(null),
  geometry,
});

const body = z.object({
  name: z.string().trim().min(1).max(200),
  geojson: z.object({ type: z.literal('FeatureCollection'), features: z.array(feature).min(1) }),
});

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/boundaries',
    roles: ['admin', 'planner'],
    summary: 'Import boundaries {name, geojson: FeatureCollection of Polygons/MultiPolygons}: 201 {id, areas}',
    body,
    status: 201,
    handler: ({ deps, user, body: b }) =>
      boundaries.importBoundaries(
        deps.pool,
        user,
        b.name,
        b.geojson.features.map((f) => {
          const n = f.properties?.name ?? f.properties?.NAME;
          return { name: typeof n === 'string' ? n : null, geometry: f.geometry };
        }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/boundaries',
    roles: ROLES,
    summary: 'Imported boundary sets {id, name, areas, createdBy, createdAt}',
    handler: ({ deps }) => boundaries.listBoundaries(deps.pool),
  }),
  defineRoute({
    method: 'get',
    path: '/api/boundaries/:id',
    roles: ROLES,
    summary: 'One imported set as a GeoJSON FeatureCollection (idx, name)',
    params: z.object({ id: z.coerce.number().int().positive() }),
    handler: ({ deps, params }) => boundaries.getBoundariesGeoJson(deps.pool, params.id),
  }),
];
