/** Crew codes and proposed ETAs as a deck.gl TextLayer (the offline style has no glyph server). */
import { TextLayer } from '@deck.gl/layers';
import { LABEL_FONT_FAMILY } from '../../../map/layers/fonts.ts';

/** One label at `[lng, lat]`; `tone` picks the colour. */
export interface MapLabel {
  position: [number, number];
  text: string;
  tone: 'crew' | 'eta';
}

/** Builds the label layer; the character set is taken from the texts so every glyph is in the atlas. */
export function labelsLayer(labels: readonly MapLabel[], visible: boolean): TextLayer<MapLabel> {
  const characterSet = new Set<string>();
  for (const l of labels) for (const ch of l.text) characterSet.add(ch);
  return new TextLayer<MapLabel>({
    id: 'dispatch-labels',
    data: labels,
    visible,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getColor: (d) => (d.tone === 'eta' ? [123, 50, 148, 255] : [23, 50, 77, 255]),
    getSize: (d) => (d.tone === 'eta' ? 13 : 12),
    getPixelOffset: (d) => (d.tone === 'eta' ? [0, -18] : [0, 16]),
    fontFamily: LABEL_FONT_FAMILY,
    fontWeight: 600,
    characterSet: [...characterSet],
    outlineWidth: 3,
    outlineColor: [255, 255, 255, 230],
    fontSettings: { sdf: true },
    background: false,
  });
}
