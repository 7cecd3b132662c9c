import { Rng, cumulativeWeights } from "./random.ts";

/**
 * The demo retailer's product catalogue: an outdoor outfitter, ~500 products
 * in 12 categories. List prices are log-uniform within each category's band
 * and end in .99 / .95 / .00 like real shelf prices; popularity within a
 * category is Zipf-like (the first products sell most), so product reports
 * have a long tail.
 */

export interface CategorySpec {
  name: string;
  code: string;
  nouns: readonly string[];
  minPrice: number;
  maxPrice: number;
  /** Relative share of basket lines drawn from this category. */
  weight: number;
}

export const CATEGORIES: readonly CategorySpec[] = [
  { name: "Jackets", code: "JKT", nouns: ["Rain Jacket", "Down Jacket", "Softshell", "Fleece Jacket", "Parka", "Windbreaker"], minPrice: 79, maxPrice: 399, weight: 12 },
  { name: "Footwear", code: "FTW", nouns: ["Hiking Boot", "Trail Runner", "Approach Shoe", "Camp Sandal", "Winter Boot"], minPrice: 49, maxPrice: 249, weight: 12 },
  { name: "Tops", code: "TOP", nouns: ["Tee", "Long-Sleeve Shirt", "Flannel", "Hoodie", "Sun Shirt", "Quarter-Zip"], minPrice: 19, maxPrice: 89, weight: 14 },
  { name: "Bottoms", code: "BTM", nouns: ["Hiking Pant", "Trail Short", "Climbing Pant", "Jogger", "Rain Pant"], minPrice: 34, maxPrice: 129, weight: 10 },
  { name: "Backpacks", code: "BPK", nouns: ["Daypack", "Backpack", "Hip Pack", "Duffel", "Hydration Pack"], minPrice: 35, maxPrice: 279, weight: 7 },
  { name: "Tents", code: "TNT", nouns: ["1P Tent", "2P Tent", "3P Tent", "Tarp Shelter", "Bivy"], minPrice: 119, maxPrice: 649, weight: 3 },
  { name: "Sleeping Bags", code: "SLP", nouns: ["Sleeping Bag", "Quilt", "Sleeping Pad", "Camp Pillow", "Bag Liner"], minPrice: 24, maxPrice: 429, weight: 4 },
  { name: "Climbing", code: "CLM", nouns: ["Harness", "Carabiner Set", "Chalk Bag", "Belay Device", "Climbing Rope", "Helmet"], minPrice: 14, maxPrice: 229, weight: 4 },
  { name: "Accessories", code: "ACC", nouns: ["Water Bottle", "Headlamp", "Trekking Poles", "Dry Bag", "Multi-Tool", "Sunglasses"], minPrice: 9, maxPrice: 129, weight: 12 },
  { name: "Camp Kitchen", code: "KIT", nouns: ["Stove", "Cook Set", "Mug", "Spork", "Cooler", "Water Filter"], minPrice: 8, maxPrice: 189, weight: 6 },
  { name: "Headwear", code: "HAT", nouns: ["Beanie", "Sun Hat", "Trucker Cap", "Neck Gaiter", "Balaclava"], minPrice: 14, maxPrice: 49, weight: 7 },
  { name: "Base Layers & Socks", code: "BSL", nouns: ["Merino Crew", "Hiking Sock", "Base Layer Bottom", "Liner Sock", "Base Layer Top"], minPrice: 12, maxPrice: 99, weight: 9 },
];

const LINES = [
  "Ridgeline", "Summit", "Cascade", "Alpine", "Timberline", "Basecamp", "Tundra", "Granite", "Switchback", "Trailhead",
  "Sierra", "Boulder", "Coastal", "Glacier", "Canyon", "Meridian", "Northwall", "Aspen", "Cirrus", "Talus",
] as const;

export interface Product {
  /** Position in the catalogue; the database id is the reserved base plus this. */
  index: number;
  externalId: string;
  name: string;
  categoryIndex: number;
  priceCents: number;
}

export interface Catalogue {
  products: readonly Product[];
  /** For each category, its products' indexes and cumulative popularity weights. */
  byCategory: readonly { productIndexes: readonly number[]; cumulativePopularity: Float64Array }[];
  categoryCumulative: Float64Array;
}

const PRODUCTS_PER_CATEGORY = 42;

function shelfPrice(rng: Rng, min: number, max: number): number {
  const raw = Math.exp(Math.log(min) + rng.uniform() * (Math.log(max) - Math.log(min)));
  const whole = Math.max(1, Math.round(raw));
  const ending = rng.pick([99, 99, 99, 95, 0] as const);
  return ending === 0 ? whole * 100 : (whole - 1) * 100 + ending;
}

/** Builds the catalogue deterministically from the seed (504 products). */
export function buildCatalogue(seed: readonly number[]): Catalogue {
  const rng = new Rng(...seed, 0xca7a);
  const products: Product[] = [];
  const byCategory: { productIndexes: number[]; cumulativePopularity: Float64Array }[] = [];
  CATEGORIES.forEach((category, categoryIndex) => {
    const used = new Set<string>();
    const productIndexes: number[] = [];
    const popularity: number[] = [];
    for (let n = 0; n < PRODUCTS_PER_CATEGORY; n++) {
      // Line x noun gives 100+ combinations per category, so a fresh name is always found.
      let name = "";
      do name = `${rng.pick(LINES)} ${rng.pick(category.nouns)}`;
      while (used.has(name));
      used.add(name);
      const index = products.length;
      products.push({
        index,
        externalId: `SKU-${category.code}-${String(1001 + n)}`,
        name,
        categoryIndex,
        priceCents: shelfPrice(rng, category.minPrice, category.maxPrice),
      });
      productIndexes.push(index);
      popularity.push(1 / Math.pow(n + 1, 0.9));
    }
    byCategory.push({ productIndexes, cumulativePopularity: cumulativeWeights(popularity) });
  });
  return { products, byCategory, categoryCumulative: cumulativeWeights(CATEGORIES.map((c) => c.weight)) };
}

/** A product drawn by popularity, from the given category. */
export function pickProduct(rng: Rng, catalogue: Catalogue, categoryIndex: number): Product {
  const category = catalogue.byCategory[categoryIndex];
  if (!category) throw new Error(`no category ${categoryIndex}`);
  const productIndex = category.productIndexes[rng.pickCumulative(category.cumulativePopularity)];
  const product = productIndex === undefined ? undefined : catalogue.products[productIndex];
  if (!product) throw new Error("catalogue is inconsistent");
  return product;
}
