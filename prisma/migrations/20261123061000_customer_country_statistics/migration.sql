-- Segment rules compare the country as text (country::text: char(2) padding
-- must not make "U" equal "U "). Without statistics on that expression the
-- planner guesses 0.5% per listed country, plans nested loops for what is
-- really most of the customers, and a count at 1M customers took 1.0 s
-- instead of 0.7 s.
CREATE STATISTICS "customer_country_text_stats" ON ((country)::text) FROM "customer";
ANALYZE "customer";
