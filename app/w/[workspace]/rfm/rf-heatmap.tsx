import { formatMoney, formatNumber } from "@/lib/format";

const shade = (share: number) => `rgba(47, 116, 224, ${(0.08 + 0.8 * share).toFixed(2)})`;

/**
 * Customers and revenue per (R, F) score cell. The shade is the cell's
 * customers against the largest cell (the legend says so); each cell prints
 * both numbers, so nothing is only in a tooltip.
 */
export function RfHeatmap({ grid, revenueGrid, currency }: { grid: number[][]; revenueGrid: number[][]; currency: string }) {
  const maxCell = Math.max(1, ...grid.flat());
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 });
  return (
    <div>
      <table className="w-full text-center text-xs" aria-label="Customers and revenue by R and F score">
        <caption className="sr-only">Rows are recency scores (5 = most recent), columns frequency scores (5 = most orders); each cell gives customers and their revenue.</caption>
        <thead>
          <tr>
            <th scope="col" className="p-1 text-slate-500">
              R \ F
            </th>
            {[1, 2, 3, 4, 5].map((f) => (
              <th key={f} scope="col" className="p-1 text-slate-500">
                F{f}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[5, 4, 3, 2, 1].map((r) => (
            <tr key={r}>
              <th scope="row" className="p-1 text-slate-500">
                R{r}
              </th>
              {grid[r - 1]!.map((n, f) => {
                const revenue = revenueGrid[r - 1]![f]!;
                const share = n / maxCell;
                return (
                  <td
                    key={f}
                    className={`p-1 tabular-nums ${share > 0.55 ? "text-white" : "text-slate-900"}`}
                    style={{ backgroundColor: shade(share) }}
                    title={`R${r} F${f + 1}: ${formatNumber(n)} customers, ${formatMoney(revenue, currency)} revenue`}
                    data-testid={`rf-cell-${r}-${f + 1}`}
                  >
                    <div className="font-semibold">{formatNumber(n)}</div>
                    <div className="text-[10px] opacity-90">{money.format(revenue)}</div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-3 flex items-center gap-2 text-xs text-slate-600" aria-hidden="true">
        <span>Customers per cell:</span>
        <span>0</span>
        <span className="h-3 w-32 rounded" style={{ background: `linear-gradient(to right, ${shade(0)}, ${shade(1)})` }} />
        <span>{formatNumber(maxCell)}</span>
      </div>
      <p className="mt-1 text-xs text-slate-500">Each cell: customers (top) and their revenue to date in {currency} (below). Shade: customers, against the largest cell.</p>
    </div>
  );
}
