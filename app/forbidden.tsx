import { StatusMessage } from "@/components/shell/status-message";

export default function Forbidden() {
  return (
    <main>
      <StatusMessage code={403} />
    </main>
  );
}
