import { StatusMessage } from "@/components/shell/status-message";

/** A missing page of a workspace the user belongs to: the workspace's layout (and its sidebar) stays around it. */
export default function WorkspaceNotFound() {
  return <StatusMessage code={404} />;
}
