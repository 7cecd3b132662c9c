/**
 * The demo retailer's generative process, and its true parameters.
 *
 * The demo data exists to show the CVM loop, and the CLV models (BG/NBD,
 * Pareto/NBD, Gamma-Gamma) should recover what went in. Everything below is
 * what lib/demo/simulate-customer.ts does. Time is in DAYS throughout. For a
 * fit in weeks: a rate λ ~ Gamma(r, α) per day is 7λ ~ Gamma(r, α/7) per week,
 * so α_week = α / 7 and β_week = β / 7 (shapes r, s are unit-free). At the
 * defaults: r = 0.8, α = 150 (21.43 per week), s = 0.6, β = 100 (14.29 per
 * week); Gamma-Gamma p = 6, q = 4, γ = 40 (money in currency units). The
 * rates are calibrated to apparel e-commerce norms (docs/demo-data.md):
 * E[λ] = r/α ≈ 1.95 orders a year while active.
 *
 * Window. All activity lies in [asOf − historyDays, asOf), asOf being midnight
 * UTC at the start of the --as-of date: nothing happens on or after it.
 *
 * 1. Acquisition. N customers sign up at i.i.d. times with density
 *    ∝ growth^(t / historyDays) · season(t), so the monthly intake at the end is
 *    `acquisitionGrowth` times that of three years earlier, with the seasonal
 *    shape of step 3 in workspace local time. Customer ids ascend with sign-up
 *    time. Each gets an
 *    acquisition channel whose mix drifts linearly from `weightAtStart` to
 *    `weightAtEnd` over the window (social grows, organic search shrinks).
 *
 * 2. First purchase. A share `neverBuyShare` of sign-ups never buys
 *    (newsletter-only accounts). Of the rest, `firstOrderAtSignupShare` buy at
 *    sign-up (checkout sign-up: minutes later); the others buy after an
 *    Exponential delay with mean `firstOrderDelayMeanDays`. A first purchase
 *    that would fall on or after asOf does not happen (the customer has no
 *    orders yet). The first purchase starts the customer's BTYD clock, t0.
 *
 * 3. Repeat purchases: Pareto/NBD with covariates and seasonality.
 *      λ_i = c_λ(channel) · Gamma(shape r, rate α)     purchase rate while alive
 *      μ_i = c_μ(channel) · Gamma(shape s, rate β)     dropout rate
 *      τ_i ~ Exponential(μ_i)                            lifetime after t0
 *    While alive (t0 < t < t0 + τ_i, t < asOf) the customer buys at intensity
 *    λ_i · season(t), a Poisson process simulated by thinning, where
 *      season(t) = monthly[month] · weekday[dow] · hourly[hour]
 *    in the customer's local time, each factor table normalised to mean 1
 *    (monthly weighted by days in month), so λ_i is the year-average rate.
 *    The channel multipliers c_λ, c_μ are close to 1 and their share-weighted
 *    means are ≈ 1 (0.99 and 1.04 over the mix), so a plain Pareto/NBD fit
 *    should land near (r, α, s, β); a fit with channel covariates should find
 *    them. Orders are continuous-time; summaries that count purchase days
 *    merge the few same-day repeats of very frequent buyers.
 *
 * 4. Spend: Gamma-Gamma. Each customer draws ν_i ~ Gamma(shape q, rate γ); every
 *    order's value is z ~ Gamma(shape p, rate ν_i) (mean p/ν_i, independent of
 *    the purchase process), rounded to cents with a floor of
 *    `minimumOrderCents` (moves < 0.01% of orders).
 *
 * 5. Baskets. 1, 2 or 3 lines (weights `itemCountWeights`), each a product drawn
 *    from the customer's preferred category with probability
 *    `preferredCategoryShare`, else from the category mix; within a category by
 *    Zipf-like popularity. The order value is split over the lines in
 *    proportion to the products' list prices (promotions and bundles), so the
 *    lines' unit prices always add up exactly to the order total (quantity 1).
 *
 * 6. Events (behavioural tracking began `events.trackingDays` before asOf).
 *    - Browsing sessions: Poisson process at rate
 *      `sessionsPerExpectedOrder` · λ_i · season(t) while the customer is alive
 *      (from sign-up; never-buyers browse at the population-mean λ until an
 *      Exponential lifetime with the population-mean dropout rate ends).
 *      Each session is a site_visit, 1 + Poisson(`extraViewsMean`)
 *      product_views, and with probability `cartAddShare` a cart_add of one
 *      viewed product.
 *    - Newsletter every `newsletterEveryDays` days (10:00 workspace time) to
 *      email-consenting customers signed up before it; opened with probability
 *      `openRateAlive` (alive at send) or `openRateLapsed`, clicked with
 *      probability `clickGivenOpen` after an open.
 *
 * 7. Profile. Names from small built-in lists, unique emails on RFC 2606
 *    domains, city/country/timezone from the market's weights, attributes
 *    { loyalty_tier, preferred_category, birth_year, gender, app_user },
 *    consents: email by channel (`emailConsent`), SMS among customers with a
 *    phone (`smsConsent`), push among app users (`pushConsent`). The loyalty
 *    tier is a noisy function of the customer's expected annual spend
 *    (λ_i · 365 · p/ν_i), so tiers agree with value but not perfectly.
 *
 * Expected shape at the defaults (lib/demo/simulate-customer.test.ts checks the
 * order count against the Pareto/NBD closed form and spend against
 * Gamma-Gamma; bench/seed.ts prints the shape; tests/integration/seed.test.ts
 * checks the retail targets of docs/demo-data.md): ≈ 2 orders per customer
 * over the window, ≈ 91% of customers buy, ≈ 60% of buyers buy once,
 * ≈ 1.9 orders a year per customer active in the last year, ≈ 1.6 lines per
 * order, mean order value ≈ $80, ≈ 45% of customers still alive at asOf.
 */

export interface ChannelSpec {
  name: string;
  weightAtStart: number;
  weightAtEnd: number;
  lambdaMultiplier: number;
  muMultiplier: number;
  emailConsent: number;
}

export interface GenerativeParameters {
  historyDays: number;
  acquisitionGrowth: number;
  neverBuyShare: number;
  firstOrderAtSignupShare: number;
  firstOrderDelayMeanDays: number;
  /** λ ~ Gamma(shape r, rate α), per day. */
  purchaseRate: { r: number; alpha: number };
  /** μ ~ Gamma(shape s, rate β), per day. */
  dropoutRate: { s: number; beta: number };
  /** z ~ Gamma(p, ν), ν ~ Gamma(q, γ); money in currency units. */
  spend: { p: number; q: number; gamma: number };
  minimumOrderCents: number;
  itemCountWeights: readonly number[];
  preferredCategoryShare: number;
  channels: readonly ChannelSpec[];
  /** January..December, relative; normalised to a day-weighted mean of 1. */
  monthly: readonly number[];
  /** Sunday..Saturday, relative; normalised to mean 1. */
  weekday: readonly number[];
  /** Local hour 0..23, relative; normalised to mean 1. */
  hourly: readonly number[];
  phoneShare: number;
  smsConsent: number;
  appUserShare: number;
  pushConsent: number;
  events: {
    trackingDays: number;
    sessionsPerExpectedOrder: number;
    extraViewsMean: number;
    cartAddShare: number;
    newsletterEveryDays: number;
    openRateAlive: number;
    openRateLapsed: number;
    clickGivenOpen: number;
  };
}

export const DEFAULT_PARAMETERS: GenerativeParameters = {
  historyDays: 3 * 365,
  acquisitionGrowth: 3,
  neverBuyShare: 0.08,
  firstOrderAtSignupShare: 0.6,
  firstOrderDelayMeanDays: 10,
  purchaseRate: { r: 0.8, alpha: 150 },
  dropoutRate: { s: 0.6, beta: 100 },
  spend: { p: 6, q: 4, gamma: 40 },
  minimumOrderCents: 100,
  itemCountWeights: [0.55, 0.3, 0.15],
  preferredCategoryShare: 0.5,
  channels: [
    { name: "organic_search", weightAtStart: 34, weightAtEnd: 24, lambdaMultiplier: 1.0, muMultiplier: 1.0, emailConsent: 0.6 },
    { name: "paid_search", weightAtStart: 22, weightAtEnd: 22, lambdaMultiplier: 0.95, muMultiplier: 1.1, emailConsent: 0.55 },
    { name: "social", weightAtStart: 10, weightAtEnd: 20, lambdaMultiplier: 0.85, muMultiplier: 1.25, emailConsent: 0.5 },
    { name: "email", weightAtStart: 12, weightAtEnd: 10, lambdaMultiplier: 1.15, muMultiplier: 0.85, emailConsent: 0.95 },
    { name: "referral", weightAtStart: 10, weightAtEnd: 12, lambdaMultiplier: 1.2, muMultiplier: 0.8, emailConsent: 0.7 },
    { name: "marketplace", weightAtStart: 12, weightAtEnd: 12, lambdaMultiplier: 0.9, muMultiplier: 1.15, emailConsent: 0.3 },
  ],
  monthly: [0.8, 0.75, 0.9, 0.95, 1.0, 0.95, 0.9, 0.95, 0.95, 1.0, 1.35, 1.6],
  weekday: [1.1, 0.95, 0.9, 0.95, 1.0, 1.0, 1.1],
  hourly: [
    0.25, 0.15, 0.1, 0.08, 0.08, 0.15, 0.35, 0.6, 0.85, 1.05, 1.2, 1.3,
    1.4, 1.35, 1.3, 1.3, 1.35, 1.4, 1.5, 1.65, 1.75, 1.6, 1.2, 0.6,
  ],
  phoneShare: 0.7,
  smsConsent: 0.3,
  appUserShare: 0.35,
  pushConsent: 0.7,
  events: {
    trackingDays: 180,
    // Browsing follows the purchase rate; at apparel's ≈ 2 orders a year this keeps ≈ 5 sessions a year.
    sessionsPerExpectedOrder: 2.5,
    extraViewsMean: 0.6,
    cartAddShare: 0.25,
    newsletterEveryDays: 14,
    openRateAlive: 0.25,
    openRateLapsed: 0.06,
    clickGivenOpen: 0.2,
  },
};
