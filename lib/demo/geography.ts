/**
 * Where synthetic customers live. Weights are relative shares within a
 * market. utcOffsetHours is the standard-time offset, used only to place
 * activity at plausible local hours (daylight saving is ignored on purpose: a
 * one-hour shift for half the year changes nothing a model could detect).
 */

export interface Location {
  country: string;
  city: string;
  timezone: string;
  utcOffsetHours: number;
  /** E.164 country calling code, without "+". */
  callingCode: string;
  weight: number;
}

export const US_MARKET: readonly Location[] = [
  { country: "US", city: "New York", timezone: "America/New_York", utcOffsetHours: -5, callingCode: "1", weight: 9 },
  { country: "US", city: "Los Angeles", timezone: "America/Los_Angeles", utcOffsetHours: -8, callingCode: "1", weight: 7 },
  { country: "US", city: "Chicago", timezone: "America/Chicago", utcOffsetHours: -6, callingCode: "1", weight: 5 },
  { country: "US", city: "Houston", timezone: "America/Chicago", utcOffsetHours: -6, callingCode: "1", weight: 4 },
  { country: "US", city: "Phoenix", timezone: "America/Phoenix", utcOffsetHours: -7, callingCode: "1", weight: 3 },
  { country: "US", city: "Philadelphia", timezone: "America/New_York", utcOffsetHours: -5, callingCode: "1", weight: 3 },
  { country: "US", city: "San Diego", timezone: "America/Los_Angeles", utcOffsetHours: -8, callingCode: "1", weight: 2.5 },
  { country: "US", city: "Dallas", timezone: "America/Chicago", utcOffsetHours: -6, callingCode: "1", weight: 3 },
  { country: "US", city: "Austin", timezone: "America/Chicago", utcOffsetHours: -6, callingCode: "1", weight: 2.5 },
  { country: "US", city: "Seattle", timezone: "America/Los_Angeles", utcOffsetHours: -8, callingCode: "1", weight: 4 },
  { country: "US", city: "Portland", timezone: "America/Los_Angeles", utcOffsetHours: -8, callingCode: "1", weight: 3 },
  { country: "US", city: "Denver", timezone: "America/Denver", utcOffsetHours: -7, callingCode: "1", weight: 4 },
  { country: "US", city: "Salt Lake City", timezone: "America/Denver", utcOffsetHours: -7, callingCode: "1", weight: 2 },
  { country: "US", city: "Boston", timezone: "America/New_York", utcOffsetHours: -5, callingCode: "1", weight: 3 },
  { country: "US", city: "Atlanta", timezone: "America/New_York", utcOffsetHours: -5, callingCode: "1", weight: 3 },
  { country: "US", city: "Miami", timezone: "America/New_York", utcOffsetHours: -5, callingCode: "1", weight: 2.5 },
  { country: "US", city: "Minneapolis", timezone: "America/Chicago", utcOffsetHours: -6, callingCode: "1", weight: 2 },
  { country: "US", city: "Burlington", timezone: "America/New_York", utcOffsetHours: -5, callingCode: "1", weight: 1 },
  { country: "US", city: "Anchorage", timezone: "America/Anchorage", utcOffsetHours: -9, callingCode: "1", weight: 0.7 },
  { country: "US", city: "Honolulu", timezone: "Pacific/Honolulu", utcOffsetHours: -10, callingCode: "1", weight: 0.5 },
  { country: "CA", city: "Toronto", timezone: "America/Toronto", utcOffsetHours: -5, callingCode: "1", weight: 3 },
  { country: "CA", city: "Vancouver", timezone: "America/Vancouver", utcOffsetHours: -8, callingCode: "1", weight: 2.5 },
  { country: "CA", city: "Montreal", timezone: "America/Toronto", utcOffsetHours: -5, callingCode: "1", weight: 1.5 },
  { country: "CA", city: "Calgary", timezone: "America/Edmonton", utcOffsetHours: -7, callingCode: "1", weight: 1.5 },
  { country: "GB", city: "London", timezone: "Europe/London", utcOffsetHours: 0, callingCode: "44", weight: 3 },
  { country: "GB", city: "Manchester", timezone: "Europe/London", utcOffsetHours: 0, callingCode: "44", weight: 1 },
  { country: "GB", city: "Edinburgh", timezone: "Europe/London", utcOffsetHours: 0, callingCode: "44", weight: 0.8 },
  { country: "DE", city: "Munich", timezone: "Europe/Berlin", utcOffsetHours: 1, callingCode: "49", weight: 1 },
  { country: "AU", city: "Sydney", timezone: "Australia/Sydney", utcOffsetHours: 10, callingCode: "61", weight: 1.2 },
  { country: "AU", city: "Melbourne", timezone: "Australia/Melbourne", utcOffsetHours: 10, callingCode: "61", weight: 0.8 },
  { country: "NZ", city: "Auckland", timezone: "Pacific/Auckland", utcOffsetHours: 12, callingCode: "64", weight: 0.5 },
  { country: "MX", city: "Mexico City", timezone: "America/Mexico_City", utcOffsetHours: -6, callingCode: "52", weight: 0.8 },
];

export const EU_MARKET: readonly Location[] = [
  { country: "DE", city: "Berlin", timezone: "Europe/Berlin", utcOffsetHours: 1, callingCode: "49", weight: 5 },
  { country: "DE", city: "Hamburg", timezone: "Europe/Berlin", utcOffsetHours: 1, callingCode: "49", weight: 3 },
  { country: "DE", city: "Munich", timezone: "Europe/Berlin", utcOffsetHours: 1, callingCode: "49", weight: 3 },
  { country: "FR", city: "Paris", timezone: "Europe/Paris", utcOffsetHours: 1, callingCode: "33", weight: 4 },
  { country: "FR", city: "Lyon", timezone: "Europe/Paris", utcOffsetHours: 1, callingCode: "33", weight: 1.5 },
  { country: "NL", city: "Amsterdam", timezone: "Europe/Amsterdam", utcOffsetHours: 1, callingCode: "31", weight: 2.5 },
  { country: "IT", city: "Milan", timezone: "Europe/Rome", utcOffsetHours: 1, callingCode: "39", weight: 2 },
  { country: "ES", city: "Madrid", timezone: "Europe/Madrid", utcOffsetHours: 1, callingCode: "34", weight: 2 },
  { country: "ES", city: "Barcelona", timezone: "Europe/Madrid", utcOffsetHours: 1, callingCode: "34", weight: 1.5 },
  { country: "AT", city: "Vienna", timezone: "Europe/Vienna", utcOffsetHours: 1, callingCode: "43", weight: 1.5 },
  { country: "CH", city: "Zurich", timezone: "Europe/Zurich", utcOffsetHours: 1, callingCode: "41", weight: 1.2 },
  { country: "SE", city: "Stockholm", timezone: "Europe/Stockholm", utcOffsetHours: 1, callingCode: "46", weight: 1.2 },
  { country: "DK", city: "Copenhagen", timezone: "Europe/Copenhagen", utcOffsetHours: 1, callingCode: "45", weight: 1 },
  { country: "PL", city: "Warsaw", timezone: "Europe/Warsaw", utcOffsetHours: 1, callingCode: "48", weight: 1.2 },
  { country: "PT", city: "Lisbon", timezone: "Europe/Lisbon", utcOffsetHours: 0, callingCode: "351", weight: 1 },
  { country: "IE", city: "Dublin", timezone: "Europe/Dublin", utcOffsetHours: 0, callingCode: "353", weight: 1 },
  { country: "GB", city: "London", timezone: "Europe/London", utcOffsetHours: 0, callingCode: "44", weight: 2 },
  { country: "CZ", city: "Prague", timezone: "Europe/Prague", utcOffsetHours: 1, callingCode: "420", weight: 0.8 },
];
