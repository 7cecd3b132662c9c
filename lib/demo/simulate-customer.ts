import { CATEGORIES, pickProduct, type Catalogue } from "./catalogue.ts";
import type { ChannelSpec } from "./generative-model.ts";
import type { Location } from "./geography.ts";
import { emailFragment, SAFE_EMAIL_DOMAINS } from "./name-lists.ts";
import { Rng } from "./random.ts";
import { MS_PER_DAY, seasonalArrivals } from "./season-calendar.ts";
import type { SimulationContext } from "./simulation-context.ts";

/**
 * One synthetic customer: profile, orders with their lines, and events, as
 * plain numbers and short strings (rows are formatted later). Implements steps
 * 2–7 of the process in generative-model.ts. Three independent random streams
 * per customer (profile, orders, events) keep each part reproducible on its
 * own.
 */

export interface SimulatedOrderLine {
  productIndex: number;
  unitCents: number;
}

export interface SimulatedOrder {
  placedMs: number;
  totalCents: number;
  channel: "web" | "app" | "marketplace";
  lines: SimulatedOrderLine[];
}

export type EventType = "site_visit" | "product_view" | "cart_add" | "email_open" | "email_click";

export interface SimulatedEvent {
  type: EventType;
  atMs: number;
  /** product_view / cart_add: the catalogue index. */
  productIndex: number;
  /** email_open / email_click: index into context.newsletterSends. */
  newsletterIndex: number;
  /** site_visit: traffic source and device. */
  source: string;
  device: "mobile" | "desktop" | "tablet";
}

export interface SimulatedCustomer {
  index: number;
  signupMs: number;
  channel: ChannelSpec;
  location: Location;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  gender: "female" | "male" | "nonbinary";
  birthYear: number;
  preferredCategory: number;
  appUser: boolean;
  loyaltyTier: "bronze" | "silver" | "gold" | "platinum";
  emailConsent: boolean;
  smsConsent: boolean;
  pushConsent: boolean;
  /** The latent draws, kept for checks against the generative model. */
  latent: { purchaseRatePerDay: number; dropoutRatePerDay: number; meanSpend: number; aliveUntilMs: number };
  orders: SimulatedOrder[];
  events: SimulatedEvent[];
}

const STREAM_PROFILE = 1;
const STREAM_ORDERS = 2;
const STREAM_EVENTS = 3;
const MINUTE = 60_000;

function channelAt(ctx: SimulationContext, rng: Rng, signupMs: number): ChannelSpec {
  const f = (signupMs - ctx.startMs) / (ctx.endMs - ctx.startMs);
  const channels = ctx.params.channels;
  let total = 0;
  for (const c of channels) total += c.weightAtStart + (c.weightAtEnd - c.weightAtStart) * f;
  let target = rng.uniform() * total;
  for (const c of channels) {
    target -= c.weightAtStart + (c.weightAtEnd - c.weightAtStart) * f;
    if (target < 0) return c;
  }
  return channels[channels.length - 1] as ChannelSpec;
}

function emailAddress(rng: Rng, first: string, last: string, index: number): string {
  const f = emailFragment(first) || "customer";
  const l = emailFragment(last) || "shopper";
  // The customer number makes every address unique whatever pattern is drawn.
  const n = index + 1;
  const local = [`${f}.${l}${n}`, `${f}${l}${n}`, `${f[0]}${l}${n}`, `${f}_${l}${n}`, `${l}.${f}${n}`][rng.int(5)];
  return `${local}@${rng.pick(SAFE_EMAIL_DOMAINS)}`;
}

function phoneNumber(rng: Rng, location: Location): string {
  let digits = "";
  for (let i = 0; i < 7; i++) digits += String(rng.int(10));
  // North American numbers in the 555 exchange are reserved for fiction.
  return location.callingCode === "1" ? `+1${200 + rng.int(800)}555${digits.slice(0, 4)}` : `+${location.callingCode}7${digits}00`;
}

/** Thresholds at ≈ 2.5×, 1× and 0.4× the mean expected annual spend (≈ $160 at the defaults). */
function tierFor(annualSpend: number): SimulatedCustomer["loyaltyTier"] {
  if (annualSpend >= 400) return "platinum";
  if (annualSpend >= 160) return "gold";
  if (annualSpend >= 60) return "silver";
  return "bronze";
}

function pickLineProduct(rng: Rng, catalogue: Catalogue, preferred: number, preferredShare: number): number {
  const category = rng.chance(preferredShare) ? preferred : rng.pickCumulative(catalogue.categoryCumulative);
  return pickProduct(rng, catalogue, category).index;
}

/** Splits totalCents over the products in proportion to their list prices; the parts add up exactly. */
export function splitOrderTotal(totalCents: number, productIndexes: readonly number[], catalogue: Catalogue): SimulatedOrderLine[] {
  const prices = productIndexes.map((i) => catalogue.products[i]?.priceCents ?? 1);
  const priceSum = prices.reduce((a, b) => a + b, 0);
  const lines: SimulatedOrderLine[] = [];
  let assigned = 0;
  for (let i = 0; i < productIndexes.length - 1; i++) {
    const share = Math.max(1, Math.floor((totalCents * (prices[i] ?? 1)) / priceSum));
    lines.push({ productIndex: productIndexes[i] ?? 0, unitCents: share });
    assigned += share;
  }
  const last = totalCents - assigned;
  if (last < 1) return [{ productIndex: productIndexes[0] ?? 0, unitCents: totalCents }];
  lines.push({ productIndex: productIndexes[productIndexes.length - 1] ?? 0, unitCents: last });
  return lines;
}

function simulateOrders(ctx: SimulationContext, c: SimulatedCustomer, firstOrderMs: number, lifetimeEndMs: number): SimulatedOrder[] {
  const { params, catalogue } = ctx;
  const rng = new Rng(...ctx.seed, c.index, STREAM_ORDERS);
  if (firstOrderMs >= ctx.endMs) return [];
  const times = [firstOrderMs];
  const offsetMs = c.location.utcOffsetHours * 3_600_000;
  seasonalArrivals(rng, ctx.calendar, c.latent.purchaseRatePerDay, firstOrderMs, Math.min(lifetimeEndMs, ctx.endMs), offsetMs, times);

  const nu = params.spend.p / c.latent.meanSpend;
  const marketplaceShare = c.channel.name === "marketplace" ? 0.7 : 0.04;
  const orders: SimulatedOrder[] = [];
  for (const placedMs of times) {
    const totalCents = Math.max(params.minimumOrderCents, Math.round(rng.gamma(params.spend.p, nu) * 100));
    let lineCount = 1 + rng.pickCumulative(ctx.lineCountCumulative);
    lineCount = Math.min(lineCount, totalCents);
    const productIndexes: number[] = [];
    for (let l = 0; l < lineCount; l++) {
      let p = pickLineProduct(rng, catalogue, c.preferredCategory, params.preferredCategoryShare);
      // Prefer distinct products per order; a second try is enough to make repeats rare.
      if (productIndexes.includes(p)) p = pickLineProduct(rng, catalogue, c.preferredCategory, params.preferredCategoryShare);
      productIndexes.push(p);
    }
    const channel = rng.chance(marketplaceShare) ? "marketplace" : c.appUser && rng.chance(0.55) ? "app" : "web";
    orders.push({ placedMs, totalCents, channel, lines: splitOrderTotal(totalCents, productIndexes, catalogue) });
  }
  return orders;
}

function simulateEvents(ctx: SimulationContext, c: SimulatedCustomer): SimulatedEvent[] {
  const { params, catalogue } = ctx;
  const ev = params.events;
  const rng = new Rng(...ctx.seed, c.index, STREAM_EVENTS);
  const trackingStart = ctx.endMs - ev.trackingDays * MS_PER_DAY;
  const offsetMs = c.location.utcOffsetHours * 3_600_000;
  const events: SimulatedEvent[] = [];
  const deviceFor = (): SimulatedEvent["device"] => {
    const u = rng.uniform();
    const mobile = c.appUser ? 0.75 : 0.55;
    return u < mobile ? "mobile" : u < 0.95 ? "desktop" : "tablet";
  };
  const push = (type: EventType, atMs: number, productIndex = -1, newsletterIndex = -1, source = "", device: SimulatedEvent["device"] = "desktop") => {
    if (atMs < ctx.endMs) events.push({ type, atMs, productIndex, newsletterIndex, source, device });
  };

  const sessions: number[] = [];
  const browseFrom = Math.max(c.signupMs, trackingStart);
  seasonalArrivals(rng, ctx.calendar, ev.sessionsPerExpectedOrder * c.latent.purchaseRatePerDay, browseFrom, Math.min(c.latent.aliveUntilMs, ctx.endMs), offsetMs, sessions);
  for (const start of sessions) {
    const device = deviceFor();
    const source = rng.chance(0.35) ? "direct" : rng.chance(0.5) ? c.channel.name : rng.pick(params.channels).name;
    push("site_visit", start, -1, -1, source, device);
    let t = start;
    const views = 1 + rng.poisson(ev.extraViewsMean);
    const viewed: number[] = [];
    for (let v = 0; v < views; v++) {
      t += Math.floor(rng.exponential(1 / (1.5 * MINUTE))) + 1000;
      const p = pickLineProduct(rng, catalogue, c.preferredCategory, 0.6);
      viewed.push(p);
      push("product_view", t, p, -1, "", device);
    }
    if (rng.chance(ev.cartAddShare)) {
      t += Math.floor(rng.exponential(1 / MINUTE)) + 1000;
      push("cart_add", t, viewed[rng.int(viewed.length)] ?? 0, -1, "", device);
    }
  }

  if (c.emailConsent) {
    ctx.newsletterSends.forEach((sendMs, n) => {
      if (sendMs < c.signupMs) return;
      const openRate = sendMs < c.latent.aliveUntilMs ? ev.openRateAlive : ev.openRateLapsed;
      if (!rng.chance(openRate)) return;
      const openedAt = sendMs + Math.floor(rng.exponential(1 / (4 * 60 * MINUTE)));
      push("email_open", openedAt, -1, n);
      if (rng.chance(ev.clickGivenOpen)) push("email_click", openedAt + Math.floor(rng.exponential(1 / (3 * MINUTE))) + 1000, -1, n);
    });
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}

export function simulateCustomer(ctx: SimulationContext, index: number): SimulatedCustomer {
  const { params } = ctx;
  const rng = new Rng(...ctx.seed, index, STREAM_PROFILE);
  const signupMs = ctx.signups[index];
  if (signupMs === undefined) throw new Error(`customer index ${index} is outside 0..${ctx.customers - 1}`);
  const channel = channelAt(ctx, rng, signupMs);
  const location = ctx.locations[rng.pickCumulative(ctx.locationCumulative)] as Location;
  const g = rng.uniform();
  const gender = g < 0.51 ? "female" : g < 0.97 ? "male" : "nonbinary";
  const firstName = rng.pick(gender === "female" || (gender === "nonbinary" && rng.chance(0.5)) ? ctx.names.female : ctx.names.male);
  const lastName = rng.pick(ctx.names.last);
  const email = emailAddress(rng, firstName, lastName, index);
  const phone = rng.chance(params.phoneShare) ? phoneNumber(rng, location) : null;
  const age = Math.min(85, 18 + Math.floor(rng.gamma(2.5, 0.12)));
  const preferredCategory = rng.pickCumulative(ctx.catalogue.categoryCumulative);
  const appUser = rng.chance(params.appUserShare);
  const emailConsent = rng.chance(channel.emailConsent);
  const smsConsent = phone !== null && rng.chance(params.smsConsent);
  const pushConsent = appUser && rng.chance(params.pushConsent);

  // Latent BTYD draws (step 3 and 4).
  const purchaseRatePerDay = channel.lambdaMultiplier * rng.gamma(params.purchaseRate.r, params.purchaseRate.alpha);
  const dropoutRatePerDay = channel.muMultiplier * rng.gamma(params.dropoutRate.s, params.dropoutRate.beta);
  const meanSpend = params.spend.p / rng.gamma(params.spend.q, params.spend.gamma);
  const lifetimeDays = rng.exponential(dropoutRatePerDay);
  const buys = !rng.chance(params.neverBuyShare);
  const firstOrderMs = rng.chance(params.firstOrderAtSignupShare)
    ? signupMs + 2 * MINUTE + Math.floor(rng.exponential(1 / (8 * MINUTE)))
    : signupMs + Math.floor(rng.exponential(1 / (params.firstOrderDelayMeanDays * MS_PER_DAY)));
  const browseOnlyDays = rng.exponential(ctx.meanDropoutRate);
  const tierNoise = Math.exp(0.35 * rng.normal());

  const customer: SimulatedCustomer = {
    index,
    signupMs,
    channel,
    location,
    firstName,
    lastName,
    email,
    phone,
    gender,
    birthYear: ctx.asOfYear - age,
    preferredCategory,
    appUser,
    loyaltyTier: tierFor(purchaseRatePerDay * 365 * meanSpend * tierNoise),
    emailConsent,
    smsConsent,
    pushConsent,
    latent: {
      purchaseRatePerDay: buys ? purchaseRatePerDay : ctx.meanPurchaseRate,
      dropoutRatePerDay,
      meanSpend,
      aliveUntilMs: buys ? firstOrderMs + lifetimeDays * MS_PER_DAY : signupMs + browseOnlyDays * MS_PER_DAY,
    },
    orders: [],
    events: [],
  };
  if (buys) customer.orders = simulateOrders(ctx, customer, firstOrderMs, customer.latent.aliveUntilMs);
  customer.events = simulateEvents(ctx, customer);
  return customer;
}

/** Category name of a catalogue product, for event properties. */
export function categoryName(catalogue: Catalogue, productIndex: number): string {
  const product = catalogue.products[productIndex];
  return product ? (CATEGORIES[product.categoryIndex]?.name ?? "") : "";
}
