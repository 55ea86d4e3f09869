/**
 * The 11 districts of Guangzhou: ids, adcodes, names, 2020 census population and the assumptions the
 * generator uses per district. Geometry comes from `seed/data/guangzhou_districts_osm_wgs84.geojson`.
 */
import { gcj02ToWgs84 } from '../geo/coords/gcj02.ts';

/** Static facts and generator assumptions for one district. */
export interface DistrictMeta {
  /** `districts.id`, 1..11 in adcode order. */
  id: number;
  /** GB/T 2260 administrative division code. */
  adcode: number;
  nameZh: string;
  nameEn: string;
  /** Resident population at the 2020 (7th) census, people (approximate, rounded to thousands). */
  population: number;
  /** District government seat, WGS84 `[lng, lat]` (converted from the DataV GCJ-02 `center`). */
  centre: [number, number];
  /** Assumed average household size, people per residential account. */
  householdSize: number;
  /** Assumed commercial accounts per residential account. */
  commercialPerResidential: number;
  /** Assumed industrial accounts per residential account. */
  industrialPerResidential: number;
  /** Old-town weight for the fault hotspot model (0 = none, 1 = the historic core). */
  oldTown: number;
}

// DataV GeoAtlas "center" values (GCJ-02) of each district: the government seat. Only these 11 points are
// used from DataV; they are converted to WGS84 below.
const CENTRE_GCJ02: Record<number, [number, number]> = {
  440103: [113.243038, 23.124943],
  440104: [113.280714, 23.125624],
  440105: [113.262008, 23.103131],
  440106: [113.335367, 23.13559],
  440111: [113.262831, 23.162281],
  440112: [113.450761, 23.103239],
  440113: [113.364619, 22.938582],
  440114: [113.211184, 23.39205],
  440115: [113.53738, 22.794531],
  440117: [113.587386, 23.545283],
  440118: [113.829579, 23.290497],
};

type Row = [adcode: number, zh: string, en: string, pop: number, hh: number, com: number, ind: number, old: number];
// Household sizes hover around Guangzhou's census average (~2.4); the inner districts have smaller households.
// Commercial/industrial ratios are assumptions: shops and offices dominate the core, factories the outer districts.
const ROWS: Row[] = [
  [440103, '荔湾区', 'Liwan', 1_238_000, 2.35, 0.11, 0.010, 1.0],
  [440104, '越秀区', 'Yuexiu', 1_039_000, 2.3, 0.15, 0.003, 1.0],
  [440105, '海珠区', 'Haizhu', 1_819_000, 2.3, 0.11, 0.006, 0.5],
  [440106, '天河区', 'Tianhe', 2_242_000, 2.25, 0.15, 0.005, 0.0],
  [440111, '白云区', 'Baiyun', 3_740_000, 2.3, 0.10, 0.020, 0.0],
  [440112, '黄埔区', 'Huangpu', 1_264_000, 2.4, 0.08, 0.040, 0.0],
  [440113, '番禺区', 'Panyu', 2_799_000, 2.45, 0.09, 0.025, 0.0],
  [440114, '花都区', 'Huadu', 1_642_000, 2.55, 0.08, 0.035, 0.0],
  [440115, '南沙区', 'Nansha', 847_000, 2.6, 0.07, 0.045, 0.0],
  [440117, '从化区', 'Conghua', 718_000, 2.75, 0.07, 0.020, 0.0],
  [440118, '增城区', 'Zengcheng', 1_466_000, 2.65, 0.07, 0.035, 0.0],
];

/** All districts, ordered by id (= adcode order). */
export const DISTRICTS: readonly DistrictMeta[] = ROWS.map(([adcode, nameZh, nameEn, population, hh, com, ind, old], i) => ({
  id: i + 1,
  adcode,
  nameZh,
  nameEn,
  population,
  centre: gcj02ToWgs84(CENTRE_GCJ02[adcode]),
  householdSize: hh,
  commercialPerResidential: com,
  industrialPerResidential: ind,
  oldTown: old,
}));

/**
 * District id for a Chinese name such as `越秀区` (the `district` property of the OSM files).
 * @throws Error when the name is not one of the 11 districts.
 */
export function districtIdByName(nameZh: string): number {
  const d = DISTRICTS.find((x) => x.nameZh === nameZh);
  if (!d) throw new Error(`unknown district name: ${JSON.stringify(nameZh)}`);
  return d.id;
}
