/**
 * Road classes, their codes in `RoadNetwork.edgeClass` (Uint8) and free-flow default speeds.
 * The classes are OSM `highway=*` values kept for driving; codes are stable (they are serialized).
 */

/** Drivable road classes, most important first; the index is the class code. */
export const ROAD_CLASSES = [
  'motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link',
  'secondary', 'secondary_link', 'tertiary', 'tertiary_link', 'unclassified', 'residential',
  'living_street', 'service',
] as const;

export type RoadClass = (typeof ROAD_CLASSES)[number];

/**
 * Free-flow speed in km/h when a way has no usable `maxspeed`: urban Chinese limits, lowered where
 * junctions and traffic make the limit unreachable (links, service roads).
 */
export const DEFAULT_SPEED_KMH: Readonly<Record<RoadClass, number>> = {
  motorway: 90, motorway_link: 50, trunk: 70, trunk_link: 40, primary: 50, primary_link: 35,
  secondary: 40, secondary_link: 30, tertiary: 35, tertiary_link: 25, unclassified: 25,
  residential: 25, living_street: 10, service: 15,
};

const CODE = new Map<string, number>(ROAD_CLASSES.map((c, i) => [c, i]));

/** The code of a class name, or -1 when the name is not a drivable class. O(1). */
export function roadClassCode(name: string): number {
  return CODE.get(name) ?? -1;
}

/** The class name of a code. Throws RangeError on an unknown code. O(1). */
export function roadClassName(code: number): RoadClass {
  const c = ROAD_CLASSES[code];
  if (c === undefined) throw new RangeError(`Unknown road class code: ${code}.`);
  return c;
}
