import { eventSentence } from "@/lib/sessions/describe";
import type { SessionStatus } from "@/lib/sessions/codes";
import { LocalTime } from "@/components/ui/local-time";

const card = "rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

export interface TimelineEvent {
  id: string;
  fromStatus: SessionStatus | null;
  toStatus: SessionStatus;
  code: number | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  createdAt: Date;
}

/** What happened, in words ("Started by the end user", "Approved by Ada Admin"), codes beside. */
export function SessionTimeline({ events, userNames }: { events: TimelineEvent[]; userNames: Record<string, string> }) {
  return (
    <section className={card} aria-labelledby="h-timeline">
      <h2 id="h-timeline" className="mb-2 text-lg font-semibold">
        Timeline
      </h2>
      <ol className="space-y-2 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
        {events.map((e) => (
          <li key={e.id} className="text-sm">
            <div className="font-medium">{eventSentence(e, e.actorId ? userNames[e.actorId] : null)}</div>
            <div className="flex flex-wrap gap-x-2 text-xs text-slate-600 dark:text-slate-400">
              <LocalTime value={e.createdAt} />
              {e.code != null && <span className="font-mono">code {e.code}</span>}
              {e.actorType === "user" && e.actorLabel && <span>{e.actorLabel}</span>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
