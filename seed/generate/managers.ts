/**
 * Grid managers (网格经理): about 300 people with Chinese names and a home location sampled where customers
 * live. Pure.
 */
import { mulberry32 } from '../../geo/random.ts';
import { KM_PER_DEG_LAT, KM_PER_DEG_LNG } from './projection.ts';

/** A generated grid manager. */
export interface ManagerSeed {
  id: number;
  code: string;
  name: string;
  /** Obviously fictitious mobile number (the 1380013xxxx example block). */
  phone: string;
  /** Home, WGS84 `[lng, lat]`. */
  home: [number, number];
}

// Common surnames, weighted towards those frequent in Guangdong (陈, 黄, 李, 梁, 林 …); weights ≈ relative frequency.
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['陈', 10], ['黄', 7], ['李', 7], ['梁', 5], ['林', 4.5], ['张', 4.5], ['罗', 3.5], ['刘', 3.5], ['何', 3], ['吴', 3],
  ['郭', 2], ['邓', 2], ['冯', 2], ['钟', 2], ['杨', 2], ['王', 2], ['麦', 1.5], ['谭', 1.5], ['卢', 1.5], ['曾', 1.5],
  ['叶', 1.5], ['朱', 1.5], ['谢', 1.5], ['郑', 1.5], ['周', 1.5], ['苏', 1], ['潘', 1], ['莫', 1], ['徐', 1], ['区', 0.8],
  ['赖', 0.8], ['严', 0.6], ['蔡', 1], ['关', 0.8], ['欧阳', 0.4], ['司徒', 0.3],
];
const GIVEN = [...'伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚文辉华建国志嘉俊浩婷欣颖思健荣锦泳宇晓慧家子梓雅诗佩玲燕峰斌鹏伦炜婉珊凯豪'];

function pickWeighted<T>(rng: () => number, items: ReadonlyArray<readonly [T, number]>, total: number): T {
  let u = rng() * total;
  for (const [v, w] of items) {
    u -= w;
    if (u < 0) return v;
  }
  return items[items.length - 1][0];
}

/**
 * Generates `count` managers whose homes follow the customer density: a cell is drawn with probability
 * proportional to its customers, then the home is placed up to 400 m from its centre. O(count · log cells).
 * @param cellCustomersCum cumulative customers over cells (`cum[i]` = customers in cells 0..i).
 * @param cellLngLat cell centres, stride 2.
 * @throws RangeError when `count` is not a positive integer or there are no customers.
 */
export function generateManagers(seed: number, count: number, cellCustomersCum: ArrayLike<number>, cellLngLat: Float64Array): ManagerSeed[] {
  if (!Number.isInteger(count) || count <= 0) throw new RangeError(`count must be a positive integer, got ${count}`);
  const n = cellCustomersCum.length;
  const total = n > 0 ? cellCustomersCum[n - 1] : 0;
  if (!(total > 0)) throw new RangeError('no customers to place managers near');
  const rng = mulberry32(seed ^ 0x3a9a);
  const sTotal = SURNAMES.reduce((a, s) => a + s[1], 0);
  const out: ManagerSeed[] = [];
  for (let k = 0; k < count; k++) {
    const u = rng() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cellCustomersCum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const r = 0.4 * Math.sqrt(rng());
    const a = 2 * Math.PI * rng();
    const surname = pickWeighted(rng, SURNAMES, sTotal);
    const len = rng() < 0.7 ? 2 : 1;
    let given = '';
    for (let j = 0; j < len; j++) given += GIVEN[Math.floor(rng() * GIVEN.length)];
    const id = k + 1;
    out.push({
      id,
      code: `M${String(id).padStart(4, '0')}`,
      name: surname + given,
      phone: `1380013${String(id).padStart(4, '0')}`,
      home: [cellLngLat[2 * lo] + (r * Math.cos(a)) / KM_PER_DEG_LNG, cellLngLat[2 * lo + 1] + (r * Math.sin(a)) / KM_PER_DEG_LAT],
    });
  }
  return out;
}
