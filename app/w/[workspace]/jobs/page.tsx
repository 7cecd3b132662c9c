import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { formatDateTime, formatNumber } from "@/lib/format";
import { loadJobsPage } from "@/lib/jobs/jobs-page-data";
import type { FailedJobView } from "@/lib/jobs/list-failed-jobs";
import type { QueueCounts } from "@/lib/jobs/queue-counts";
import { pageAccess } from "@/lib/next/page-access";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { RefreshControls } from "./refresh-controls";
import { RetryButton } from "./retry-button";

export const metadata: Metadata = { title: "Jobs" };

const link = "text-brand-600 hover:underline";

export default async function JobsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ scan?: string | string[] }>;
}) {
  const { workspace: slug } = await params;
  const access = await pageAccess(slug, "jobs.read");
  const ws = access.workspace;
  const rawScan = (await searchParams).scan;
  const scan = Array.isArray(rawScan) ? rawScan[0] : rawScan;
  const data = await loadJobsPage(ws.id, scan);
  const base = `/w/${slug}/jobs`;

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Background work: CSV imports, segment refreshes, RFM and CLV recomputes and message sends. Failed jobs of this workspace are listed with the reason they failed."
        actions={<RefreshControls />}
      />
      <p className="mb-6 text-sm text-slate-600">
        Runs and their progress are on{" "}
        <Link className={link} href={`/w/${slug}/rfm`}>
          RFM
        </Link>{" "}
        and{" "}
        <Link className={link} href={`/w/${slug}/ltv`}>
          LTV &amp; Churn
        </Link>{" "}
        (analytics runs), each segment&apos;s page (refreshes) and{" "}
        <Link className={link} href={`/w/${slug}/import`}>
          Data import
        </Link>{" "}
        (imports).
      </p>

      {!data.reachable ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {data.message}
        </div>
      ) : (
        <>
          <QueueCountsTable counts={data.counts} />
          <h2 className="mb-3 mt-8 text-lg font-semibold">Failed jobs in {ws.name}</h2>
          {data.cursorReset ? (
            <p className="mb-3 text-sm text-amber-800">The page position in the address was not valid, so the list starts from the newest failures.</p>
          ) : null}
          <FailedJobs
            jobs={data.failed.jobs}
            scanned={data.failed.scanned}
            olderHref={data.failed.next ? `${base}?scan=${encodeURIComponent(data.failed.next)}` : null}
            newestHref={scan !== undefined ? base : null}
            slug={slug}
            timeZone={ws.timezone}
            canRetry={can(access.role, "jobs.manage")}
          />
        </>
      )}
    </>
  );
}

function QueueCountsTable({ counts }: { counts: QueueCounts[] }) {
  const n = (v: number) => formatNumber(v);
  return (
    <>
      <Table caption="Jobs per queue">
        <thead>
          <tr>
            <Th>Queue</Th>
            <Th>Runs</Th>
            <Th className="text-right">Waiting</Th>
            <Th className="text-right">Active</Th>
            <Th className="text-right">Delayed</Th>
            <Th className="text-right">Failed</Th>
            <Th className="text-right">Completed</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {counts.map((c) => (
            <tr key={c.queue}>
              <Td className="font-medium">{c.queue}</Td>
              <Td className="text-slate-600">
                <span className="block min-w-56 whitespace-normal">{c.purpose}</span>
              </Td>
              <Td className="text-right tabular-nums">{n(c.waiting)}</Td>
              <Td className="text-right tabular-nums">{n(c.active)}</Td>
              <Td className="text-right tabular-nums">{n(c.delayed)}</Td>
              <Td className="text-right tabular-nums">{n(c.failed)}</Td>
              <Td className="text-right tabular-nums">{n(c.completed)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <p className="mt-2 text-xs text-slate-500">
        Counts cover every workspace on this installation: the queues are shared, and Redis counts a queue, not a workspace. Delayed jobs wait for their
        time: a retry after a failure, or the next run of a schedule. Completed jobs are kept for 7 days (up to 1,000 per queue), failed ones for 30 days (up to 5,000).
      </p>
    </>
  );
}

function FailedJobs(props: {
  jobs: FailedJobView[];
  scanned: number;
  olderHref: string | null;
  newestHref: string | null;
  slug: string;
  timeZone: string;
  canRetry: boolean;
}) {
  const { jobs, slug } = props;
  const paging =
    props.olderHref || props.newestHref ? (
      <nav aria-label="Failed job pages" className="mt-3 flex gap-4 text-sm">
        {props.newestHref ? (
          <Link className={link} href={props.newestHref}>
            ← Newest failures
          </Link>
        ) : null}
        {props.olderHref ? (
          <Link className={link} href={props.olderHref}>
            Older failures →
          </Link>
        ) : null}
      </nav>
    ) : null;

  if (jobs.length === 0) {
    if (props.olderHref) {
      return (
        <>
          <p className="text-sm text-slate-600">
            None of the {formatNumber(props.scanned)} failed jobs read for this page (from every workspace) is this workspace&apos;s. Older failures are
            read on the next page.
          </p>
          {paging}
        </>
      );
    }
    return (
      <>
        <EmptyState title="No failed jobs">
          A job that still fails after its retries (three tries, with a growing pause between them) is listed here with the reason,
          {props.canRetry ? " and you can retry it" : " and an admin can retry it"}. The queues above carry this workspace&apos;s CSV imports,
          segment refreshes, RFM and CLV recomputes and message sends; what they are doing now shows on the pages linked above.
        </EmptyState>
        {paging}
      </>
    );
  }

  return (
    <>
      <Table caption="Failed jobs of this workspace">
        <thead>
          <tr>
            <Th>Job</Th>
            <Th>Failed</Th>
            <Th className="text-right">Attempts</Th>
            <Th>Reason</Th>
            <Th>Run again</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {jobs.map((job) => (
            <tr key={`${job.queue}:${job.id}`} className="align-top">
              <Td>
                <div className="font-medium">{job.label}</div>
                {job.subject ? (
                  <Link className={`${link} text-xs`} href={`/w/${slug}${job.subject.path}`}>
                    {job.subject.text}
                  </Link>
                ) : null}
              </Td>
              <Td className="tabular-nums">{formatDateTime(job.failedAt, props.timeZone)}</Td>
              <Td className="text-right tabular-nums">
                {formatNumber(job.attemptsMade)} of {formatNumber(job.attempts)}
              </Td>
              <Td>
                <div className="min-w-64 max-w-md whitespace-normal">
                  <p>{job.reasonFirstLine}</p>
                  {job.reasonMore ? (
                    <details className="mt-1 text-xs text-slate-600">
                      <summary className="cursor-pointer">Full reason</summary>
                      <pre className="mt-1 whitespace-pre-wrap break-words font-mono">{job.reasonMore}</pre>
                    </details>
                  ) : null}
                </div>
              </Td>
              <Td>
                <RunAgain job={job} slug={slug} canRetry={props.canRetry} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {paging}
    </>
  );
}

function RunAgain({ job, slug, canRetry }: { job: FailedJobView; slug: string; canRetry: boolean }) {
  if (job.rerun.by === "elsewhere") {
    return (
      <p className="min-w-48 max-w-xs whitespace-normal text-xs text-slate-600">
        {job.rerun.how}{" "}
        {job.rerun.path !== null ? (
          <Link className={link} href={`/w/${slug}${job.rerun.path}`}>
            Go there
          </Link>
        ) : null}
      </p>
    );
  }
  if (!canRetry) return <p className="text-xs text-slate-500">An admin can retry it.</p>;
  const what = job.subject ? `${job.label} (${job.subject.text})` : job.label;
  return <RetryButton slug={slug} queue={job.queue} jobId={job.id} label={what} />;
}
