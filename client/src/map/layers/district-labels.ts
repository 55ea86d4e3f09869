/** District names as a deck.gl TextLayer (no glyph server needed: the font atlas is drawn from system fonts). */
import { TextLayer } from '@deck.gl/layers';
import type { Districts } from '../../api/map-data.ts';
import { labelPoint } from '../label-point.ts';
import { LABEL_FONT_FAMILY } from './fonts.ts';

/** One label: anchor `[lng, lat]` and the name in both languages. */
export interface DistrictLabel {
  position: [number, number];
  nameZh: string;
  nameEn: string;
}

/** Label anchors and names for the district features (uses the server's `label` when given). O(vertices). */
export function districtLabels(districts: Districts): DistrictLabel[] {
  const out: DistrictLabel[] = [];
  for (const f of districts.features) {
    const position = f.properties.label ?? labelPoint(f.geometry);
    if (!position) continue;
    out.push({ position, nameZh: f.properties.name_zh, nameEn: f.properties.name_en ?? f.properties.name_zh });
  }
  return out;
}

export interface DistrictLabelsLayerProps {
  labels: DistrictLabel[];
  language: 'zh' | 'en';
  visible: boolean;
}

/** Builds the label layer. The character set is taken from the names themselves, so every glyph is in the atlas. */
export function districtLabelsLayer({ labels, language, visible }: DistrictLabelsLayerProps): TextLayer<DistrictLabel> {
  const characterSet = new Set<string>();
  for (const l of labels) for (const ch of l.nameZh + l.nameEn) characterSet.add(ch);
  return new TextLayer<DistrictLabel>({
    id: 'district-labels',
    data: labels,
    visible,
    getPosition: (d) => d.position,
    getText: (d) => (language === 'zh' ? d.nameZh : d.nameEn),
    characterSet: Array.from(characterSet),
    fontFamily: LABEL_FONT_FAMILY,
    fontWeight: 600,
    getSize: 15,
    sizeUnits: 'pixels',
    getColor: [31, 45, 66, 255],
    outlineWidth: 3,
    outlineColor: [255, 255, 255, 230],
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    updateTriggers: { getText: language },
  });
}
