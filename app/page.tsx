import { redirect } from "next/navigation";
import { setupComplete } from "@/lib/setup/first-run";
import { currentUser } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export default async function Home() {
  if (!(await setupComplete())) redirect("/setup");
  const user = await currentUser();
  redirect(user ? "/sessions" : "/sign-in");
}
