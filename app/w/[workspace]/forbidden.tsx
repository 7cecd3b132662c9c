import { StatusMessage } from "@/components/shell/status-message";

/** A page the member's role may not open: the workspace's layout (and its sidebar) stays around it. */
export default function WorkspaceForbidden() {
  return <StatusMessage code={403} />;
}
