import { Badge } from "@/components/admin/ui";

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={state === "delivered" ? "green" : state === "failed" ? "red" : state === "cancelled" ? "slate" : "amber"}>{state}</Badge>;
}
