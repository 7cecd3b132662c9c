import type { Action } from "@/lib/auth/permissions";

export interface NavItem {
  label: string;
  /** Path below /w/[workspace]; "" is the overview. */
  path: string;
  /** The action a role needs to see the item (the page checks it again on the server). */
  action: Action;
}

export const NAV_ITEMS: NavItem[] = [
  { label: "Overview", path: "", action: "workspace.read" },
  { label: "Customers", path: "/customers", action: "customers.read" },
  { label: "Products", path: "/products", action: "customers.read" },
  { label: "Segments", path: "/segments", action: "segments.read" },
  { label: "Campaigns", path: "/campaigns", action: "campaigns.read" },
  { label: "LTV & Churn", path: "/ltv", action: "analytics.read" },
  { label: "RFM", path: "/rfm", action: "analytics.read" },
  { label: "Cohorts", path: "/cohorts", action: "analytics.read" },
  { label: "Value drivers", path: "/value-drivers", action: "analytics.read" },
  { label: "Data import", path: "/import", action: "data.import" },
  { label: "Jobs", path: "/jobs", action: "jobs.read" },
  { label: "Settings", path: "/settings", action: "workspace.read" },
];
