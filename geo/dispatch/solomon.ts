/**
 * Solomon VRPTW instances: parsing the standard text format, compiling to a Core with Euclidean
 * costs scaled by COST_FACTOR, and measuring a plan in double precision as the literature does.
 */
import { check } from '../errors.ts';
import { emptyCoreInput, finishCore } from './core.ts';
import type { Core } from './core.ts';
import { COST_FACTOR, euclideanMatrix } from './matrix.ts';

/** A parsed Solomon instance. Node 0 is the depot; nodes 1..n are customers. */
export interface VrptwInstance {
  name: string;
  vehicles: number;
  capacity: number;
  /** Per node (depot first): coordinates, demand, ready time, due date, service time. */
  x: Float64Array;
  y: Float64Array;
  demand: Float64Array;
  ready: Float64Array;
  due: Float64Array;
  service: Float64Array;
}

/**
 * Parses the Solomon text format (name line, VEHICLE block with `NUMBER CAPACITY`, CUSTOMER
 * block with one row of 7 numbers per node, depot first). CRLF tolerated.
 * @throws GeoError `invalid_input` when the vehicle line or the node rows are missing. O(size).
 */
export function parseSolomon(text: string, fallbackName = 'instance'): VrptwInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines.find((l) => l.length > 0) ?? fallbackName;
  let vehicles = NaN;
  let capacity = NaN;
  const rows: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i].split(/\s+/).filter((p) => p.length > 0);
    const nums = parts.map(Number);
    if (parts.length === 2 && nums.every(Number.isFinite) && Number.isNaN(vehicles)) {
      vehicles = nums[0];
      capacity = nums[1];
    } else if (parts.length === 7 && nums.every(Number.isFinite)) {
      rows.push(nums);
    }
  }
  check(Number.isFinite(vehicles) && vehicles > 0, 'text', 'no "NUMBER CAPACITY" vehicle line found');
  check(rows.length >= 2, 'text', `expected a depot and customers, found ${rows.length} node rows`);
  const n = rows.length;
  const inst: VrptwInstance = {
    name: name.split(/\s+/)[0],
    vehicles,
    capacity,
    x: new Float64Array(n),
    y: new Float64Array(n),
    demand: new Float64Array(n),
    ready: new Float64Array(n),
    due: new Float64Array(n),
    service: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    check(r[0] === i, `row ${i}`, `customer numbers must run 0..n-1 in order, got ${r[0]}`);
    inst.x[i] = r[1];
    inst.y[i] = r[2];
    inst.demand[i] = r[3];
    inst.ready[i] = r[4];
    inst.due[i] = r[5];
    inst.service[i] = r[6];
  });
  return inst;
}

/**
 * Compiles an instance to a Core: job j is customer j+1 at location j+1, every vehicle starts and
 * ends at the depot (location 0) within the depot's window. Times and distances are scaled by
 * `factor` (distances rounded, travel times rounded up). With `vehicleCost` > 0 each used vehicle
 * costs that much (vehicles-then-distance objective); with 0 the objective is distance alone.
 * O(n²).
 */
export function vrptwCore(inst: VrptwInstance, vehicleCost = 0, factor = COST_FACTOR): Core {
  const nNodes = inst.x.length;
  const matrix = euclideanMatrix(inst.x, inst.y, factor, 1);
  const nJobs = nNodes - 1;
  const ci = emptyCoreInput(matrix, nJobs, inst.vehicles);
  for (let j = 0; j < nJobs; j++) {
    const i = j + 1;
    ci.jobLoc[j] = i;
    ci.jobService[j] = Math.round(inst.service[i] * factor);
    ci.jobDemand[j] = Math.round(inst.demand[i]);
    ci.jobTwStart[j] = Math.round(inst.ready[i] * factor);
    ci.jobTwEnd[j] = Math.round(inst.due[i] * factor);
  }
  for (let v = 0; v < inst.vehicles; v++) {
    ci.vehStartLoc[v] = 0;
    ci.vehEndLoc[v] = 0;
    ci.vehCapacity[v] = Math.round(inst.capacity);
    ci.vehStart[v] = Math.round(inst.ready[0] * factor);
    ci.vehEnd[v] = Math.round(inst.due[0] * factor);
    ci.vehFixed[v] = vehicleCost;
  }
  return finishCore(ci);
}

/**
 * Total Euclidean length of routes given as customer numbers (1..n), in double precision,
 * each route from and back to the depot. O(n).
 */
export function vrptwDistance(inst: VrptwInstance, routes: readonly (readonly number[])[]): number {
  let total = 0;
  for (const route of routes) {
    if (route.length === 0) continue;
    let prev = 0;
    for (const c of route) {
      total += Math.hypot(inst.x[prev] - inst.x[c], inst.y[prev] - inst.y[c]);
      prev = c;
    }
    total += Math.hypot(inst.x[prev] - inst.x[0], inst.y[prev] - inst.y[0]);
  }
  return total;
}
