import type { ClvSliceRow } from "@/lib/analytics/dashboard/ltv-dashboard";
import type { LtvSlice } from "@/lib/analytics/dashboard/ltv-slice-segment";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";
import { Table, Td, Th } from "@/components/ui/table";
import { MakeSegmentButton } from "./make-segment-button";

/** CLV and P(alive) per slice of scored customers (a channel, a cohort, an RFM segment), each offered as a segment. */
export function SliceTable(props: {
  caption: string;
  keyHeading: string;
  rows: ClvSliceRow[];
  currency: string;
  slug: string;
  label: (key: string | null) => string;
  /** The segment for a row, or null where rules cannot say it (the summed "other channels" row). */
  slice: ((key: string | null) => LtvSlice | null) | null;
}) {
  const { rows, currency } = props;
  return (
    <Table caption={props.caption}>
      <thead>
        <tr>
          <Th>{props.keyHeading}</Th>
          <Th className="text-right">Customers</Th>
          <Th className="text-right">Share</Th>
          <Th className="text-right">Mean P(alive)</Th>
          <Th className="text-right">Mean CLV (12m)</Th>
          <Th className="text-right">Total CLV (12m)</Th>
          <Th className="text-right">Revenue to date</Th>
          {props.slice ? <Th>Segment</Th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => {
          const slice = props.slice?.(r.key) ?? null;
          return (
            <tr key={r.key ?? "\u0000other"}>
              <Td className="font-medium">{props.label(r.key)}</Td>
              <Td className="text-right tabular-nums">{formatNumber(r.customers)}</Td>
              <Td className="text-right tabular-nums">{formatPercent(r.share)}</Td>
              <Td className="text-right tabular-nums">{formatPercent(r.meanPAlive)}</Td>
              <Td className="text-right tabular-nums">{formatMoney(r.meanClv12m, currency)}</Td>
              <Td className="text-right tabular-nums">{formatMoney(r.totalClv12m, currency)}</Td>
              <Td className="text-right tabular-nums">{formatMoney(r.revenueToDate, currency)}</Td>
              {props.slice ? (
                <Td>{slice ? <MakeSegmentButton slug={props.slug} slice={slice} label={`${props.keyHeading} ${props.label(r.key)}`} defaultName={`${props.keyHeading}: ${props.label(r.key)}`} /> : "—"}</Td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
