import type { ComponentType } from "react";
import type { Dictionary } from "@/lib/flow/i18n";
import { DocumentFrameArt, FaceLightArt, GlareArt, LightArt, SelfieFrameArt, UncoveredArt } from "./illustrations";

type Tip = keyof Dictionary["tips"];
const documentTips: [Tip, ComponentType][] = [
  ["frame", DocumentFrameArt],
  ["glare", GlareArt],
  ["light", LightArt],
];
const faceTips: [Tip, ComponentType][] = [
  ["selfie", SelfieFrameArt],
  ["uncovered", UncoveredArt],
  ["faceLight", FaceLightArt],
];

/** Three illustrated tips before a capture: framing, glare and light for a document; framing, nothing covering, light for a selfie. */
export function CaptureGuidance({ face, t }: { face: boolean; t: Dictionary }) {
  return (
    <section aria-label={t.tipsTitle} data-testid="capture-guidance">
      <ul className="grid grid-cols-3 gap-2">
        {(face ? faceTips : documentTips).map(([tip, Art]) => (
          <li key={tip} className="flex flex-col items-center gap-1 rounded-lg bg-slate-50 p-2 text-center dark:bg-slate-800">
            <Art />
            <span className="text-xs leading-snug text-slate-700 dark:text-slate-200">{t.tips[tip]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
