import type { SegmentNode } from "@/lib/segments/definition.schema";
import { describeNode, type DescribeOptions } from "@/lib/segments/describe-rule";

/** A saved definition in words, nested like the builder shows it (read-only, renders on the server). */
export function RulesSummary({ root, options }: { root: SegmentNode; options: DescribeOptions }) {
  if (root.type === "group" && root.children.length === 0) return <p className="text-sm text-slate-600">No rules: every customer matches.</p>;
  return (
    <ul className="text-sm text-slate-800">
      <SummaryNode node={root} options={options} />
    </ul>
  );
}

function SummaryNode({ node, options }: { node: SegmentNode; options: DescribeOptions }) {
  return (
    <li className="py-0.5">
      <span className={node.type === "group" ? "font-medium" : undefined}>{describeNode(node, options)}</span>
      {node.type === "group" && node.children.length > 0 ? (
        <ul className="ml-3 border-l border-slate-200 pl-3">
          {node.children.map((c) => (
            <SummaryNode key={c.id} node={c} options={options} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
