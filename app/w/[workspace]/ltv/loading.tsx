import { DashboardSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <DashboardSkeleton />;
}
