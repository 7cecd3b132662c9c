export { akaikeInformationCriterion, bayesianInformationCriterion } from "./information-criteria.ts";
export {
  calibrationHoldoutTable,
  type CalibrationHoldoutInput,
  type CalibrationHoldoutRow,
  type CalibrationHoldoutTable,
} from "./calibration-holdout-table.ts";
export { trackingSeries, type TrackingInput, type TrackingPeriod, type TrackingSeries } from "./tracking-series.ts";
export { pAliveMatrix, type PAliveMatrix, type PAliveMatrixInput } from "./p-alive-matrix.ts";
