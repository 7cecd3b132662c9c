import Link from "next/link";
import type { TopCustomer, ValuableAtRisk, ValueCurvePoint } from "@/lib/analytics/dashboard/ltv-dashboard";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { ExportLink } from "@/components/analytics/export-link";
import { ChartFigure } from "@/components/charts/chart-figure";
import { ValueCurveChart } from "@/components/charts/value-curve-chart";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { MakeSegmentButton } from "./make-segment-button";

/** Predicted value of the valuable customers in the high churn band, with the rule that defines them. */
export function ValuableAtRiskCard({ valuable, currency, slug, canSegment }: { valuable: ValuableAtRisk | null; currency: string; slug: string; canSegment: boolean }) {
  if (!valuable) {
    return (
      <Card title="Revenue at risk">
        <p className="text-sm text-slate-600">No predicted values in the latest CLV run. Import orders and run the analytics (“Recompute now” above).</p>
      </Card>
    );
  }
  const topShare = formatPercent(1 - valuable.quantile, 0);
  return (
    <Card
      title="Revenue at risk"
      actions={
        canSegment ? <MakeSegmentButton slug={slug} slice={{ kind: "valuableAtRisk" }} label="valuable customers at risk" defaultName="Valuable customers at high churn risk" /> : null
      }
    >
      <p className="text-3xl font-semibold tabular-nums" data-testid="revenue-at-risk">
        {formatMoney(valuable.atRiskClv12m, currency)}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        predicted 12-month value of {formatNumber(valuable.atRiskCustomers)} valuable customers in the {valuable.band} churn band (
        {formatPercent(valuable.valuableClv12m > 0 ? valuable.atRiskClv12m / valuable.valuableClv12m : 0)} of the valuable customers&apos; predicted value);
        they have spent {formatMoney(valuable.atRiskRevenueToDate, currency)} so far.
      </p>
      <p className="mt-3 rounded bg-slate-50 p-2 text-xs text-slate-600">
        Rule: <strong>valuable</strong> = the top {topShare} of scored customers by predicted CLV, i.e. predicted CLV of at least{" "}
        {formatMoney(valuable.thresholdClv, currency)} ({formatNumber(valuable.valuableCustomers)} customers; ties at the threshold are included);{" "}
        <strong>at risk</strong> = in the {valuable.band} churn band (P(alive) below the band threshold in Analytics settings).
      </p>
    </Card>
  );
}

const CURVE_TABLE_POINTS = [1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

/** The share-of-value curve with its table (the top x% of customers hold y% of predicted value). */
export function ValueCurveFigure({ points, slug }: { points: ValueCurvePoint[]; slug: string }) {
  const at = (pct: number) => points.find((p) => Math.round(p.customerShare * 100) >= pct) ?? points.at(-1);
  const top20 = at(20);
  return (
    <div>
    <ChartFigure
      title="Share of predicted value (% of customers, % of CLV)"
      description={
        top20
          ? `The top ${formatPercent(top20.customerShare, 0)} of scored customers hold ${formatPercent(top20.valueShare)} of the predicted 12-month value. Customers are ordered by predicted CLV, highest first, in 100 equal groups.`
          : "Customers ordered by predicted CLV, highest first."
      }
      table={{
        columns: ["Top customers (%)", "Share of predicted CLV (%)"],
        rows: CURVE_TABLE_POINTS.flatMap((pct) => {
          const p = at(pct);
          return p ? [[formatPercent(p.customerShare, 0), formatPercent(p.valueShare)]] : [];
        }),
      }}
    >
      <ValueCurveChart data={points.map((p) => ({ customers: p.customerShare * 100, value: p.valueShare * 100, equal: p.customerShare * 100 }))} />
    </ChartFigure>
      <div className="mt-1 text-right">
        <ExportLink slug={slug} page="ltv" table="value-curve" />
      </div>
    </div>
  );
}

/** The 20 customers with the highest predicted CLV, linking to their profiles. */
export function TopCustomersCard({ customers, currency, slug }: { customers: TopCustomer[]; currency: string; slug: string }) {
  return (
    <Card title="Top customers by predicted CLV" className="mt-6" actions={<ExportLink slug={slug} page="ltv" table="top-customers" />}>
      {customers.length === 0 ? (
        <p className="text-sm text-slate-600">No predicted values yet. Run the analytics after importing orders.</p>
      ) : (
        <Table caption="Top customers by predicted CLV">
          <thead>
            <tr>
              <Th>#</Th>
              <Th>Customer</Th>
              <Th className="text-right">Predicted CLV (12m)</Th>
              <Th className="text-right">P(alive)</Th>
              <Th>Churn risk</Th>
              <Th>RFM segment</Th>
              <Th className="text-right">Revenue to date</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {customers.map((c, i) => (
              <tr key={c.customerId}>
                <Td className="tabular-nums">{i + 1}</Td>
                <Td>
                  <Link className="text-blue-700 underline" href={`/w/${slug}/customers/${c.customerId}`}>
                    {c.name}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(c.predictedClv12m, currency)}</Td>
                <Td className="text-right tabular-nums">{formatPercent(c.pAlive)}</Td>
                <Td className="capitalize">{c.band}</Td>
                <Td>{c.segment || "—"}</Td>
                <Td className="text-right tabular-nums">{formatMoney(c.revenueToDate, currency)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
