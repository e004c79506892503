import { Badge } from "@/components/ui/badge";

const tones = { delivered: "green", failed: "red", cancelled: "slate", pending: "amber" } as const;

export function DeliveryStateBadge({ state }: { state: string }) {
  return <Badge tone={tones[state as keyof typeof tones] ?? "amber"}>{state}</Badge>;
}
