// An integration's branding as the hosted flow uses it. The accent colour an admin picks may be
// too light for white text or too dark for a dark page: the flow derives the shades it paints
// with so that every text on or in the accent keeps WCAG AA contrast (4.5:1), whatever was picked.

export interface FlowBrand {
  /** Who asks: the display name, else the integration's name. */
  name: string;
  logoUrl: string | null;
  accentColor: string | null;
  privacyPolicyUrl: string | null;
  supportEmail: string | null;
}

type Rgb = [number, number, number];
const parse = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const toHex = (c: Rgb) => `#${c.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("")}`.toUpperCase();

/** WCAG 2 relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = parse(hex).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const mix = (hex: string, toward: Rgb, amount: number): string => {
  const c = parse(hex);
  return toHex(c.map((v, i) => v + (toward[i] - v) * amount) as Rgb);
};

/** The colour moved toward black (or white) in small steps until it has `min` contrast with `against`. */
function until(hex: string, against: string, toward: Rgb, min = 4.5): string {
  for (let i = 0; i <= 20; i++) {
    const c = mix(hex, toward, i / 20);
    if (contrast(c, against) >= min) return c;
  }
  return toHex(toward);
}

const WHITE = "#FFFFFF";
/** The flow's dark page (Tailwind slate-900). */
const DARK_PAGE = "#0F172A";

/**
 * CSS custom properties that re-colour the flow's brand-* utilities: 600 carries white text and
 * is link text on white, 700 its hover, 500 link text on the dark page; 50/100 are tints.
 */
export function accentVariables(accent: string | null): Record<string, string> {
  if (!accent || !/^#[0-9a-fA-F]{6}$/.test(accent)) return {};
  const base = until(accent, WHITE, [0, 0, 0]);
  return {
    "--color-brand-600": base,
    "--color-brand-700": mix(base, [0, 0, 0], 0.2),
    "--color-brand-500": until(accent, DARK_PAGE, [255, 255, 255]),
    "--color-brand-100": mix(accent, [255, 255, 255], 0.8),
    "--color-brand-50": mix(accent, [255, 255, 255], 0.92),
  };
}
