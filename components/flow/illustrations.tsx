// Inline pictures for the capture guidance (no requests, no CSP change). Decorative: each is shown
// beside a caption that says the same in words, so they are aria-hidden.
import type { ReactNode } from "react";

const Svg = ({ children }: { children: ReactNode }) => (
  <svg viewBox="0 0 96 64" aria-hidden="true" focusable="false" className="h-14 w-full">
    {children}
  </svg>
);

// A card: photo square, three text lines.
const Card = ({ x = 22, y = 14, w = 52, h = 34 }: { x?: number; y?: number; w?: number; h?: number }) => (
  <g>
    <rect x={x} y={y} width={w} height={h} rx="4" className="fill-white stroke-slate-500 dark:fill-slate-800 dark:stroke-slate-400" strokeWidth="2" />
    <rect x={x + 5} y={y + 7} width={w * 0.27} height={h * 0.55} rx="2" className="fill-slate-300 dark:fill-slate-600" />
    {[0, 1, 2].map((i) => (
      <rect key={i} x={x + 8 + w * 0.27} y={y + 8 + i * 7} width={w * 0.5 - i * 4} height="3" rx="1.5" className="fill-slate-400 dark:fill-slate-500" />
    ))}
  </g>
);

const Corners = () => (
  <g className="stroke-brand-600 dark:stroke-brand-500" strokeWidth="3" fill="none" strokeLinecap="round">
    <path d="M14 16 V8 H22" />
    <path d="M74 8 H82 V16" />
    <path d="M82 48 V56 H74" />
    <path d="M22 56 H14 V48" />
  </g>
);

export function DocumentFrameArt() {
  return (
    <Svg>
      <Corners />
      <Card x={20} y={13} w={56} h={38} />
    </Svg>
  );
}

export function GlareArt() {
  return (
    <Svg>
      <Card />
      {/* A lamp above, its light bouncing off at an angle: the card tilted away. */}
      <circle cx="80" cy="8" r="5" className="fill-amber-400" />
      <path d="M76 12 L62 24" className="stroke-amber-500" strokeWidth="2" strokeDasharray="3 3" />
      <path d="M36 20 L46 30 M42 18 L50 26" className="stroke-white dark:stroke-slate-300" strokeWidth="3" strokeLinecap="round" opacity="0.9" />
      <path d="M8 54 L20 44" className="stroke-red-600 dark:stroke-red-400" strokeWidth="3" strokeLinecap="round" />
      <path d="M8 44 L20 54" className="stroke-red-600 dark:stroke-red-400" strokeWidth="3" strokeLinecap="round" />
    </Svg>
  );
}

export function LightArt() {
  return (
    <Svg>
      <Card />
      <g className="stroke-amber-500" strokeWidth="2.5" strokeLinecap="round">
        <path d="M48 2 V8 M30 6 L34 11 M66 6 L62 11" />
      </g>
      <path d="M82 40 l4 4 l8 -9" className="stroke-emerald-600 dark:stroke-emerald-400" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </Svg>
  );
}

const Face = ({ cx = 48 }: { cx?: number }) => (
  <g>
    <ellipse cx={cx} cy="30" rx="13" ry="16" className="fill-amber-200 stroke-slate-500 dark:fill-amber-300/70 dark:stroke-slate-400" strokeWidth="2" />
    <circle cx={cx - 5} cy="27" r="1.8" className="fill-slate-700" />
    <circle cx={cx + 5} cy="27" r="1.8" className="fill-slate-700" />
    <path d={`M${cx - 5} 37 q5 4 10 0`} className="stroke-slate-700" strokeWidth="1.8" fill="none" strokeLinecap="round" />
  </g>
);

export function SelfieFrameArt() {
  return (
    <Svg>
      <ellipse cx="48" cy="31" rx="20" ry="25" fill="none" className="stroke-brand-600 dark:stroke-brand-500" strokeWidth="3" strokeDasharray="5 4" />
      <Face />
    </Svg>
  );
}

export function UncoveredArt() {
  return (
    <Svg>
      <Face />
      {/* Sunglasses, crossed out. */}
      <g opacity="0.9">
        <rect x="66" y="10" width="10" height="6" rx="2" className="fill-slate-700 dark:fill-slate-300" />
        <rect x="80" y="10" width="10" height="6" rx="2" className="fill-slate-700 dark:fill-slate-300" />
        <path d="M76 13 H80" className="stroke-slate-700 dark:stroke-slate-300" strokeWidth="2" />
        <path d="M64 22 L92 4" className="stroke-red-600 dark:stroke-red-400" strokeWidth="3" strokeLinecap="round" />
      </g>
    </Svg>
  );
}

export function FaceLightArt() {
  return (
    <Svg>
      <Face cx={58} />
      <circle cx="16" cy="30" r="7" className="fill-amber-400" />
      <g className="stroke-amber-500" strokeWidth="2.5" strokeLinecap="round">
        <path d="M27 30 H38 M25 21 L34 25 M25 39 L34 35" />
      </g>
    </Svg>
  );
}
