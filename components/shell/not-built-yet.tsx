import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** Plain notice for sections that are planned but not in this release. */
export function NotBuiltYet({ title, what }: { title: string; what: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Not built yet">{what}</EmptyState>
    </>
  );
}
