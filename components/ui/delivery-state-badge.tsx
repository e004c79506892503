import { Badge } from "@/components/admin/ui";

const tones = { delivered: "green", failed: "red", cancelled: "slate", pending: "amber" } as const;

export function DeliveryStateBadge({ state }: { state: string }) {
  return <Badge tone={tones[state as keyof typeof tones] ?? "amber"}>{state}</Badge>;
}
