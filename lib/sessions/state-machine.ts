import type { SessionStatus } from "./codes.ts";

/**
 * Every legal status change. created → started → submitted → decision; resubmission reopens
 * the session for a new attempt (→ started); review may be followed by a later decision;
 * 7 days without submitting expires (never started) or abandons (started, never submitted).
 */
export const transitions: Record<SessionStatus, readonly SessionStatus[]> = {
  // created → submitted: the API-only flow (upload media, then PATCH status submitted).
  created: ["started", "submitted", "expired"],
  started: ["submitted", "abandoned"],
  submitted: ["approved", "declined", "resubmission_requested", "review"],
  resubmission_requested: ["started", "abandoned", "declined"],
  review: ["approved", "declined", "resubmission_requested"],
  approved: [],
  declined: [],
  expired: [],
  abandoned: [],
};

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return transitions[from].includes(to);
}
