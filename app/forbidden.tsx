import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      <p className="text-sm font-semibold text-amber-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Your role cannot open this page</h1>
      <p className="mt-2 text-slate-600">Ask a workspace admin if you need access.</p>
      <Link href="/" className="mt-6 inline-block text-brand-600 underline">
        Back to your workspace
      </Link>
    </main>
  );
}
