/**
 * Plausible postal addresses for synthetic customers: a real road of the customer's district (a handful of
 * well-known ones per district) and a house number. Neighbouring cells share roads. Pure.
 */
import { hash3 } from './generate/noise.ts';

// district id → well-known roads of that district
const ROADS: Record<number, string[]> = {
  1: ['中山八路', '龙津西路', '康王中路', '芳村大道', '花地大道', '多宝路', '逢源路', '黄沙大道'],
  2: ['北京路', '中山五路', '东风中路', '解放北路', '环市东路', '农林下路', '越秀南路', '人民北路'],
  3: ['江南大道', '工业大道', '新港西路', '昌岗路', '宝岗大道', '滨江路', '琶洲大道', '南洲路'],
  4: ['天河路', '体育西路', '黄埔大道西', '中山大道西', '天河北路', '华夏路', '林和西路', '龙口西路'],
  5: ['白云大道北', '广园中路', '同和路', '机场路', '三元里大道', '石井大道', '黄石东路', '云城东路'],
  6: ['黄埔东路', '开创大道', '科学大道', '香雪大道', '丰乐北路', '开发大道', '九龙大道', '大沙地东'],
  7: ['市桥大北路', '桥兴大道', '迎宾路', '兴南大道', '番禺大道', '亚运大道', '汉溪大道', '清河东路'],
  8: ['新华路', '迎宾大道', '凤凰北路', '公益路', '秀全大道', '建设北路', '天贵路', '云山大道'],
  9: ['进港大道', '凤凰大道', '黄阁大道', '环市大道', '金隆路', '港前大道', '丰泽东路', '蕉门路'],
  10: ['河滨北路', '街口大道', '从城大道', '新城东路', '温泉大道', '青云路', '旺城大道', '东成路'],
  11: ['荔城大道', '增城大道', '府佑路', '新塘大道', '挂绿路', '广深大道', '荔乡路', '凤凰路'],
};

/**
 * Address prefix for a position (local km) in a district: `广州市<district><road>`. O(1).
 * @param xKm, yKm local coordinates (seed/generate/projection.ts).
 */
export function roadFor(districtId: number, districtZh: string, xKm: number, yKm: number, seed: number): string {
  const roads = ROADS[districtId] ?? ['中山大道'];
  const k = Math.floor(hash3(Math.floor(xKm / 0.8), Math.floor(yKm / 0.8), seed ^ 0xadd7) * roads.length);
  return `广州市${districtZh}${roads[k]}`;
}

/** House number base for a cell, 1..400. O(1). */
export function houseBase(cell: number, seed: number): number {
  return 1 + Math.floor(hash3(cell, 0xb10c, seed) * 400);
}
