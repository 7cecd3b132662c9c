export const USAGE = `Usage:
  npm run --silent uplift -- --input FILE.csv --metric COL [options]

Analyses an experiment from one CSV row per customer: an arm label, the
metric (e.g. revenue in the window) and optionally a pre-period covariate.
Every arm other than the control is compared with the control. Prints one
JSON object:
  metric, confidence,
  arms:        [{ arm, n, mean, sd }]   (sd: sample standard deviation, n - 1)
  comparisons: [{ arm,
                  difference:       { estimate, low, high, pValue }  Welch's t interval
                  relative:         { estimate, low, high }          lift, delta method (null if the control mean is 0)
                  incrementalTotal: { estimate, low, high }          difference x the arm's customers
                  cuped:            { theta, estimate, low, high, pValue, narrowing }  with --covariate
               }]
  sampleRatio: { pValue, chiSquare, degreesOfFreedom, expected }   chi-square against the split
  warnings:    [ ... ]   e.g. a sample ratio mismatch (p < 0.001)

Options:
  --input FILE           the CSV file (a header row, then one row per customer)
  --metric COL           column of the metric
  --arm-col COL          column of the arm label (default arm)
  --control LABEL        the control arm's label (default control)
  --covariate COL        pre-period value of the metric for CUPED (same length of
                         window before assignment)
  --confidence C         confidence level of every interval (default 0.95)
  --expected-split S     the configured split, e.g. control=0.1,treatment=0.9
                         (default: all arms equal)
  -h, --help             show this help

Exit codes: 0 success, 1 unusable input (the message names file, line and
column), 2 wrong command line, 70 internal error. Errors go to stderr; stdout
then stays empty. See docs/stats.md for the methods.
`;
