import { bgBb } from "../btyd/bg-bb.ts";
import { bgNbd } from "../btyd/bg-nbd.ts";
import { gammaGamma } from "../btyd/gamma-gamma.ts";
import { mbgNbd } from "../btyd/mbg-nbd.ts";
import { paretoNbd } from "../btyd/pareto-nbd.ts";
import { bindDiscreteModel, bindPurchaseModel, bindSpendModel, type CliModels } from "./cli-models.ts";

/** The project's model implementations, as the command line uses them. */
export const btydModels: CliModels = {
  purchase: {
    "bg-nbd": bindPurchaseModel(bgNbd),
    "mbg-nbd": bindPurchaseModel(mbgNbd),
    "pareto-nbd": bindPurchaseModel(paretoNbd),
  },
  spend: bindSpendModel(gammaGamma),
  discrete: bindDiscreteModel(bgBb),
};
