import Link from "next/link";

/** The body of a 403 or 404 answer: inside a workspace it sits beside the sidebar, so the way on stays in view. */
export function StatusMessage({ code }: { code: 403 | 404 }) {
  return (
    <div className="mx-auto max-w-lg p-10 text-center">
      {code === 404 ? (
        <>
          <p className="text-sm font-semibold text-brand-600">404</p>
          <h1 className="mt-2 text-2xl font-semibold">Not found</h1>
          <p className="mt-2 text-slate-600">This page does not exist, or you do not have access to it.</p>
        </>
      ) : (
        <>
          <p className="text-sm font-semibold text-amber-600">403</p>
          <h1 className="mt-2 text-2xl font-semibold">Your role cannot open this page</h1>
          <p className="mt-2 text-slate-600">Ask a workspace admin if you need access.</p>
        </>
      )}
      <Link href="/" className="mt-6 inline-block text-brand-600 underline">
        Back to your workspace
      </Link>
    </div>
  );
}
