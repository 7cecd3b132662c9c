import type { HoldoutDiagnostics } from "@/lib/analytics/recompute/holdout-diagnostics";
import { formatNumber } from "@/lib/format";
import { ActualExpectedChart } from "@/components/charts/actual-expected-chart";
import { ChartFigure } from "@/components/charts/chart-figure";
import { Card } from "@/components/ui/card";

/**
 * How well the model predicts data it did not see: refitted up to the
 * calibration end, compared with what customers did in the held-out weeks
 * (per calibration frequency) and week by week (tracking).
 */
export function ModelCheck({ holdout, note }: { holdout: HoldoutDiagnostics | null; note: string | null }) {
  if (!holdout) {
    return (
      <Card title="Model check against held-out weeks" className="mt-6">
        <p className="text-sm text-slate-600">{note ?? "The latest CLV run kept no holdout check. Run the analytics again (“Recompute now” above) to see it."}</p>
      </Card>
    );
  }
  const weeks = holdout.holdoutDays / 7;
  const rows = holdout.calibrationHoldout.rows;
  const periods = holdout.tracking.periods;
  const firstHoldout = periods.find((p) => p.holdout);
  return (
    <div className="mt-6 grid gap-6 2xl:grid-cols-2">
      <ChartFigure
        title={`Calibration vs holdout: repeat purchases per customer in the ${formatNumber(weeks)} held-out weeks`}
        description={`${holdout.model} refitted on purchases up to ${holdout.calibrationEnd}; customers grouped by their repeat purchase days before then. Close lines in every group mean the model ranks customers well.`}
        table={{
          columns: ["Repeat purchase days before calibration end", "Customers", "Actual per customer (purchase days)", "Predicted per customer (purchase days)"],
          rows: rows.map((r) => [r.label, formatNumber(r.customers), r.actualMeanHoldoutPurchases.toFixed(3), r.predictedMeanHoldoutPurchases.toFixed(3)]),
        }}
      >
        <ActualExpectedChart
          data={rows.map((r) => ({ label: r.label, actual: r.actualMeanHoldoutPurchases, expected: r.predictedMeanHoldoutPurchases }))}
          xLabel="Repeat purchase days in calibration"
          yLabel="Holdout purchase days per customer"
          expectedName="Predicted by the model"
        />
      </ChartFigure>
      <ChartFigure
        title="Weekly tracking: repeat purchase days, actual vs expected (purchase days per week)"
        description={`Every customer counted from their first purchase; the model fitted up to ${holdout.calibrationEnd}, so the weeks after it (right of the dashed line) are a forecast.`}
        table={{
          columns: ["Week from", "Week to", "Actual (purchase days)", "Expected (purchase days)", "Holdout"],
          rows: periods.map((p) => [p.from, p.to, formatNumber(p.actual), p.expected.toFixed(1), p.holdout ? "yes" : "no"]),
        }}
      >
        <ActualExpectedChart
          data={periods.map((p) => ({ label: p.from, actual: p.actual, expected: p.expected }))}
          xLabel="Week starting"
          yLabel="Repeat purchase days"
          expectedName="Expected by the model"
          marker={firstHoldout ? { at: firstHoldout.from, label: "holdout" } : undefined}
        />
      </ChartFigure>
    </div>
  );
}
