import { StatusMessage } from "@/components/shell/status-message";

export default function NotFound() {
  return (
    <main>
      <StatusMessage code={404} />
    </main>
  );
}
