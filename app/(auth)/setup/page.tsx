import { redirect } from "next/navigation";
import { setupComplete } from "@/lib/setup/first-run";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if (await setupComplete()) redirect("/sign-in");
  return (
    <>
      <h1 className="text-xl font-semibold">Welcome to Checkpoint</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600 dark:text-slate-400">Create the first administrator account. This page disappears once it is done.</p>
      <SetupForm />
    </>
  );
}
