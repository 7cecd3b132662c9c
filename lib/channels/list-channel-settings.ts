import { db } from "../db/client.ts";
import { CHANNEL_LABELS } from "./channel-labels.ts";
import { channels, type AvailableChannel } from "./registry.ts";
import { getChannelSettingsView, type ChannelSettingsView } from "./settings.ts";

/** One row of the channel settings page: what is saved (never a secret) and who saved it last. */
export interface ChannelSummary {
  channel: AvailableChannel;
  name: string;
  description: string;
  /** Null until an admin saves the channel. */
  settings: ChannelSettingsView | null;
  updatedBy: { name: string; email: string } | null;
}

/** Every channel in the registry, in its order, configured or not: a channel added there appears on the page. */
export async function listChannelSettings(workspaceId: number): Promise<ChannelSummary[]> {
  const kinds = Object.keys(channels) as AvailableChannel[];
  const views = await Promise.all(kinds.map((kind) => getChannelSettingsView(workspaceId, kind)));
  const editorIds = [...new Set(views.flatMap((view) => (view?.updatedById ? [view.updatedById] : [])))];
  const editors = editorIds.length === 0 ? [] : await db.user.findMany({ where: { id: { in: editorIds } }, select: { id: true, name: true, email: true } });
  const byId = new Map(editors.map((user) => [user.id, { name: user.name, email: user.email }]));
  return kinds.map((kind, i) => {
    const settings = views[i] ?? null;
    return { channel: kind, ...CHANNEL_LABELS[kind], settings, updatedBy: settings?.updatedById ? (byId.get(settings.updatedById) ?? null) : null };
  });
}
