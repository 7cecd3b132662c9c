import { analyticsScheduleTick } from "./analytics-schedule-tick.ts";
import { campaignOccurrence } from "./campaign-occurrence.ts";
import { campaignPreview } from "./campaign-preview.ts";
import { campaignsTick } from "./campaigns-tick.ts";
import { campaignOutcomes } from "./campaign-outcomes.ts";
import { campaignTriggers } from "./campaign-triggers.ts";
import { clvRecompute } from "./clv-recompute.ts";
import { clustersRun } from "./clusters-run.ts";
import { cohortsRefresh } from "./cohorts-refresh.ts";
import { globalControlChange } from "./global-control-change.ts";
import { importRun } from "./import-run.ts";
import { messageSend } from "./message-send.ts";
import { programmeRefresh } from "./programme-refresh.ts";
import type { ProcessorMap } from "./registry.ts";
import { recommendationsBuild } from "./recommendations-build.ts";
import { rfmRecompute } from "./rfm-recompute.ts";
import { segmentRefresh } from "./segment-refresh.ts";
import { segmentsScheduleTick } from "./segments-schedule-tick.ts";

/**
 * Job name → processor. Each processor is thin: the payload is already
 * validated; it calls lib/ and reports progress.
 */
export const processors: ProcessorMap = {
  "rfm.recompute": rfmRecompute,
  "clv.recompute": clvRecompute,
  "clusters.run": clustersRun,
  "cohorts.refresh": cohortsRefresh,
  "recommendations.build": recommendationsBuild,
  "analytics.schedule-tick": analyticsScheduleTick,
  "import.run": importRun,
  "segment.refresh": segmentRefresh,
  "segments.schedule-tick": segmentsScheduleTick,
  "campaign.occurrence": campaignOccurrence,
  "campaign.preview": campaignPreview,
  "campaigns.tick": campaignsTick,
  "campaign.outcomes": campaignOutcomes,
  "campaigns.triggers": campaignTriggers,
  "programme.refresh": programmeRefresh,
  "global-control.change": globalControlChange,
  "message.send": messageSend,
};
