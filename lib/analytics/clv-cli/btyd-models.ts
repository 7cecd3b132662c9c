import { bgBb, bgNbd, gammaGamma, mbgNbd, paretoNbd } from "../btyd/index.ts";
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
