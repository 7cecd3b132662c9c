-- The programme view: the global control group against everyone else over any period, from per-day sums
-- rewritten by the programme.refresh job (docs/experiments.md, "Programme view"). A page view reads these only.

-- Intention to treat: over a period, a customer counts in the group they were in at its first day (or, created later,
-- at their creation). Membership of existing customers changes only when the percentage changes, so the days between
-- two changes form an epoch (epoch_start: its first day) in which everyone's group is fixed; the sums are kept per epoch
-- with every later day's revenue credited to the customer's group of that epoch.
-- Per epoch, workspace day (its time zone) and group: members at the day's end, customers created that day into the
-- group, customers with a counted order, counted orders, revenue, and the sum of each buyer's squared revenue of the day.
CREATE TABLE "programme_day" (
    "workspace_id" INTEGER NOT NULL,
    "epoch_start" DATE NOT NULL,
    "day" DATE NOT NULL,
    "in_control" BOOLEAN NOT NULL,
    "members" INTEGER NOT NULL DEFAULT 0,
    "entries" INTEGER NOT NULL DEFAULT 0,
    "buyers" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenue" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "revenue_sq" DECIMAL(30,4) NOT NULL DEFAULT 0,
    CONSTRAINT "programme_day_pkey" PRIMARY KEY ("workspace_id", "epoch_start", "day", "in_control"),
    CONSTRAINT "programme_day_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Buyers per epoch, group, purchase day and previous purchase day: a period's distinct converters are the links with
-- the day inside it and the previous day before it. A customer's first purchase has previous_day 0001-01-01.
CREATE TABLE "programme_link" (
    "workspace_id" INTEGER NOT NULL,
    "epoch_start" DATE NOT NULL,
    "in_control" BOOLEAN NOT NULL,
    "day" DATE NOT NULL,
    "previous_day" DATE NOT NULL,
    "customers" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "programme_link_pkey" PRIMARY KEY ("workspace_id", "epoch_start", "in_control", "day", "previous_day"),
    CONSTRAINT "programme_link_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- When the sums were last rewritten, and the days they cover.
CREATE TABLE "programme_state" (
    "workspace_id" INTEGER NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL,
    "first_day" DATE,
    "last_day" DATE,
    CONSTRAINT "programme_state_pkey" PRIMARY KEY ("workspace_id"),
    CONSTRAINT "programme_state_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
