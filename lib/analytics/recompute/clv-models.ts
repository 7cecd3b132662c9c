import type { SpendModel, TransactionModel } from "../btyd/types.ts";

/**
 * What the CLV run needs from the model maths (lib/analytics/btyd): a
 * transaction model chosen by name and a spend model. An interface, so the
 * run's SQL and write-back can be exercised with any implementation of the
 * same shapes.
 */

export type TransactionModelName = "bg-nbd" | "mbg-nbd" | "pareto-nbd";

export interface ClvModels {
  transaction(name: TransactionModelName): TransactionModel;
  spend: SpendModel;
}
