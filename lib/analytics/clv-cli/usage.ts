export const USAGE = `Usage:
  npm run --silent clv -- fit --model MODEL (--input FILE.csv --observation-end DATE | --summary-input FILE.csv) [options]
  npm run --silent clv -- predict --model MODEL (--input FILE.csv --observation-end DATE | --summary-input FILE.csv) --horizon H [options]

Commands:
  fit       Fit MODEL and print one JSON object: model, params, logLikelihood,
            standardErrors, customers, aic, bic (and calibrationHoldout with --holdout-end).
  predict   Fit MODEL and print CSV per customer: customer_id, frequency, recency, T,
            monetary_value, p_alive, expected_purchases (next H time units), clv.
            clv = expected purchases x Gamma-Gamma expected spend (fitted on the same
            data), discounted per time unit with --discount-rate; empty without amounts.
            For bg-bb: customer_id, frequency, recency, periods, weight, p_alive,
            expected_purchases (next H periods).

Models:
  bg-nbd, mbg-nbd, pareto-nbd   purchase models (params r, alpha, a, b / r, alpha, s, beta)
  gamma-gamma                   spend model (params p, q, v); fit only
  bg-bb                         discrete-period model (params alpha, beta, gamma, delta);
                                needs --summary-input

Transactions (--input): a CSV with a header, one row per transaction.
  --observation-end DATE   last day of the calibration period (inclusive); later
                           transactions are left out of the fit, and so are
                           customers whose first purchase is after it
  --holdout-end DATE       also score the fit on (observation-end, holdout-end]
  --customer-col NAME      default customer_id
  --date-col NAME          default date; YYYY-MM-DD, YYYYMMDD or an ISO timestamp
                           (its date part is used, as written)
  --amount-col NAME        default amount; optional unless spend is modelled
  Same-day transactions of a customer count as one purchase (amounts summed).

Per-customer rows (--summary-input): columns frequency, recency, T, and
  monetary_value (for gamma-gamma and clv), optional weight and customer_id
  (--customer-col); for bg-bb: frequency, recency, periods, optional weight.

Options:
  --time-unit day|week     unit of recency, T and the horizon (default week = 7 days)
  --horizon H              predict: time units (periods for bg-bb) to forecast
  --discount-rate D        predict: discount rate per time unit, in [0, 1)
  -h, --help               show this help

Exit codes: 0 success, 1 unusable input (the message names file, line and
column), 2 wrong command line, 70 internal error. Errors go to stderr; stdout
then stays empty.
`;
