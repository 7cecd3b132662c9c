/**
 * Customer-level draws for the simulation tests: conversion (0/1) and
 * heavy-tailed revenue (most customers buy nothing; buyers' spend is
 * lognormal), each with its exact mean and variance so a test knows the truth.
 */
import { Random } from "../../analytics/btyd/random.ts";
import { ArmSumsAccumulator, type ArmSums } from "../arm-sums.ts";

export { Random };

export interface Population {
  draw(rng: Random): number;
  mean: number;
  variance: number;
}

export function conversion(rate: number): Population {
  return { draw: (rng) => (rng.uniform() < rate ? 1 : 0), mean: rate, variance: rate * (1 - rate) };
}

/** Buys with probability `buyRate`; a buyer spends scale · LogNormal(mu, sigma). */
export function zeroInflatedLognormal(buyRate: number, mu: number, sigma: number, scale = 1): Population {
  const m1 = scale * Math.exp(mu + (sigma * sigma) / 2);
  const m2 = scale * scale * Math.exp(2 * mu + 2 * sigma * sigma);
  const mean = buyRate * m1;
  return {
    draw: (rng) => (rng.uniform() < buyRate ? scale * Math.exp(mu + sigma * rng.normal()) : 0),
    mean,
    variance: buyRate * m2 - mean * mean,
  };
}

export function normal(mean: number, sd: number): Population {
  return { draw: (rng) => mean + sd * rng.normal(), mean, variance: sd * sd };
}

export function drawArm(rng: Random, population: Population, n: number): ArmSums {
  const acc = new ArmSumsAccumulator({ covariate: false });
  for (let i = 0; i < n; i++) acc.add(population.draw(rng));
  return acc.sums();
}

/** Adds `more` customers' draws to existing sums (a day of a running experiment). */
export function extendArm(rng: Random, population: Population, sums: ArmSums, more: number): ArmSums {
  let sumY = sums.sumY;
  let sumY2 = sums.sumY2;
  for (let i = 0; i < more; i++) {
    const y = population.draw(rng);
    sumY += y;
    sumY2 += y * y;
  }
  return { n: sums.n + more, sumY, sumY2 };
}
