import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ValueLoop", template: "%s · ValueLoop" },
  description: "Customer value management: RFM, predicted CLV, churn, segments and campaigns measured against control groups.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets the nonce its CSP names (proxy.ts).
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
