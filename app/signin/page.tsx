import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { getSessionUserId } from "@/lib/next/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; notice?: string }> }) {
  const { callbackUrl, error, notice } = await searchParams;
  // Only same-origin paths, so the sign-in page cannot be used as an open redirect.
  const target = safeCallbackUrl(callbackUrl);
  if (await getSessionUserId()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6">
          <div className="text-lg font-bold text-brand-700">ValueLoop</div>
          <h1 className="mt-1 text-xl font-semibold">Sign in to your workspace</h1>
        </div>
        {notice === "password-changed" ? (
          <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Your password was changed and you were signed out everywhere. Sign in with the new password.
          </p>
        ) : null}
        <SignInForm callbackUrl={target} initialError={error ? "Sign-in failed. Check your email and password." : null} />
      </div>
    </main>
  );
}
