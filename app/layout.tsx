import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ValueLoop", template: "%s · ValueLoop" },
  description: "Customer value management: RFM, predicted CLV, churn, segments and campaigns measured against control groups.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
