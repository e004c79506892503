import Link from "next/link";
import { PageHeader } from "@/components/ui/page";

export const metadata = { title: "Not allowed" };

// Inside the portal's layout: the navigation stays, showing what this user may open instead.
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-xl py-10 text-center">
      <PageHeader title="You don’t have access to this page" />
      <p className="-mt-4 text-slate-600 dark:text-slate-400">Your role does not include it. Ask an administrator if you need it, or pick a page you can use from the navigation.</p>
      <Link href="/" className="mt-6 inline-block text-brand-600 underline dark:text-brand-500">
        Back to Checkpoint
      </Link>
    </div>
  );
}
