/**
 * Called once after customers, orders or events were written (a finished CSV
 * import, or an API call that changed something), so derived customer metrics
 * (RFM, CLV, segments) can be brought up to date.
 */
export async function customerDataChanged(workspaceId: number, source: "import" | "api"): Promise<void> {
  void workspaceId;
  void source;
}
