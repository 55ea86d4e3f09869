/** Font stack for map labels drawn by deck.gl: CJK fonts first so Chinese names render. */
export const LABEL_FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif';
