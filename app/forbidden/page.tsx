import Link from "next/link";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-4 py-20 text-center">
      <h1 className="text-2xl font-semibold">You don’t have access to this page</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">Your role does not include it. Ask an administrator if you need it.</p>
      <Link href="/" className="mt-6 inline-block text-brand-600 underline">
        Back to Checkpoint
      </Link>
    </main>
  );
}
