import { requirePage } from "@/lib/auth/current-user";
import { PageHeader } from "@/components/ui/page";
import { CreateIntegrationForm } from "./create-integration-form";

export const metadata = { title: "New integration" };

export default async function NewIntegrationPage() {
  await requirePage("integrations.manage");
  return (
    <div className="max-w-xl">
      <PageHeader title="New integration" description="An integration has its own API keys, webhooks and sessions." />
      <CreateIntegrationForm />
    </div>
  );
}
