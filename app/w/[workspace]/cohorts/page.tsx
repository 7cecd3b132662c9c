import type { Metadata } from "next";
import { ZodError } from "zod";
import { parseCohortQuery } from "@/lib/analytics/cohorts/cohort-query.schema";
import { readCohortMatrix } from "@/lib/analytics/cohorts/read-cohorts";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { pageAccess } from "@/lib/next/page-access";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CohortControls, METRIC_LABELS } from "./cohort-controls";
import { CohortForecast } from "./cohort-forecast";
import { CohortHeatmap } from "./cohort-heatmap";

export const metadata: Metadata = { title: "Cohorts" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function CohortsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "analytics.read");
  const ws = access.workspace;
  const search = toSearchParams(await searchParams);

  let query;
  try {
    query = parseCohortQuery(search);
  } catch (err) {
    if (!(err instanceof ZodError) && !isAppError(err)) throw err;
    const problem = err instanceof ZodError ? err.issues.map((i) => i.message).join("; ") : err.message;
    return (
      <>
        <PageHeader title="Cohorts" />
        <EmptyState title="These cohort options are not valid" action={<a className={buttonClasses("secondary")} href={`/w/${slug}/cohorts`}>Show the default cohorts</a>}>
          {problem}
        </EmptyState>
      </>
    );
  }

  const [matrix, segments] = await Promise.all([
    readCohortMatrix(ws.id, query).catch((err: unknown) => {
      // A segment filter naming a segment that is gone (or never was this workspace's).
      if (isAppError(err) && err.code === "NOT_FOUND") return null;
      throw err;
    }),
    db.segment.findMany({ where: { workspaceId: ws.id, archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
  ]);
  if (matrix === null) {
    return (
      <>
        <PageHeader title="Cohorts" />
        <EmptyState title="That segment does not exist" action={<a className={buttonClasses("secondary")} href={`/w/${slug}/cohorts`}>Show every customer</a>}>
          The segment chosen as a filter was archived or deleted. Choose another segment, or every customer.
        </EmptyState>
      </>
    );
  }
  const values = [...new Set(matrix.cohorts.map((c) => c.breakdownValue ?? ""))].sort();
  const exportHref = `/api/w/${slug}/analytics/cohorts/export?${search.toString()}`;
  const unit = query.period === "month" ? "month" : "week";

  return (
    <>
      <PageHeader
        title="Cohorts"
        description={`Customers grouped by the ${unit} of their first order (${matrix.timezone}), and what each group did in the ${unit}s since. Shares and per-customer numbers divide by the cohort's original size.`}
        actions={
          matrix.cohorts.length > 0 ? (
            <a className={buttonClasses("secondary")} href={exportHref} download>
              Export CSV
            </a>
          ) : null
        }
      />
      <CohortControls
        period={query.period}
        metric={query.metric}
        breakdown={query.breakdown}
        value={query.value ?? null}
        values={values}
        segment={query.segment ?? null}
        segments={segments}
      />
      {matrix.asOf === null && query.segment === undefined ? (
        <EmptyState title="No cohorts yet">
          Cohorts are computed after each analytics run and each import. Import orders, or start a run with “Recompute now” on the RFM page; the matrix appears when it
          finishes.
        </EmptyState>
      ) : matrix.cohorts.length === 0 ? (
        <EmptyState title="No customers in these cohorts">
          No customer with a counted order matches these options. Choose every value, another breakdown or every customer above, or import orders.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <Card title={`${METRIC_LABELS[query.metric]}, by ${unit} since first order`}>
            <p className="mb-3 text-xs text-slate-500">
              {matrix.cohorts.length} most recent cohorts. {query.segment !== undefined ? "Computed now for the segment's members." : `As of ${formatDateTime(matrix.asOf ? new Date(matrix.asOf) : null, matrix.timezone)}.`}{" "}
              Select a cell to save its customers as a segment.
            </p>
            <CohortHeatmap
              slug={slug}
              rows={matrix.cohorts}
              period={query.period}
              metric={query.metric}
              breakdown={query.breakdown}
              segment={query.segment ?? null}
              currency={ws.currency}
              canCreateSegments={can(access.role, "segments.write")}
            />
          </Card>
          <Card title="Repeat purchases per customer: the value model against what happened">
            <CohortForecast rows={matrix.cohorts} model={matrix.forecastModel} breakdown={query.breakdown !== "none"} />
          </Card>
        </div>
      )}
    </>
  );
}

/** Next's search parameters as URLSearchParams; empty fields of the options form mean "not chosen". */
function toSearchParams(raw: SearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== "") out.append(key, v);
  }
  return out;
}
