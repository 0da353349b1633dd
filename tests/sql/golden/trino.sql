-- === count_within
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 3) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === sum_decimal
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CAST(sum(e0."amount") * 1000000 AS BIGINT) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) > 500000000 /* 500.000000 */) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === sum_value_of_where_enum
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CAST(sum(e0."amount") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))) * 1000000 AS BIGINT) AS sam_a1, CAST(sum(e0."amount") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."channel" = 'web')) * 1000000 AS BIGINT) AS sam_a2
    FROM "orders" e0
    WHERE (e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))) OR (e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."channel" = 'web'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"revenue_365" AS (
  SELECT c.*,
    COALESCE(c.sam_a1, 0) AS "revenue_365"
  FROM "sam_aggregates" c
),
"web_revenue" AS (
  SELECT c.*,
    COALESCE(c.sam_a2, 0) AS "web_revenue"
  FROM "revenue_365" c
),
"q" AS (
  SELECT c.*,
    (CAST(sam_round_div(CAST(c."web_revenue" AS DECIMAL(38, 0)) * 2000000 /* 2.000000 */, 1000000) AS BIGINT) > c."revenue_365") AS "q"
  FROM "web_revenue" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === count_distinct_all_history
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(DISTINCT e0."category") AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 3) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === count_present_values
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(e0."cart_id") AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(DISTINCT e0."category") AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2026-08-24 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 0) >= 2) AND (COALESCE(c.sam_a2, 0) >= 2)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === count_distinct_value_of
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(DISTINCT translate(e0."category", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2024-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."channel" <> 'store')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 3) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === avg_decimal
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CAST(sam_round_div(CAST(sum(e0."amount") * 1000000 AS DECIMAL(38, 0)), NULLIF(count(e0."amount"), 0)) AS BIGINT) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0 /* 0.000000 */) > 75000000 /* 75.000000 */) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === decimal_division_exact
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CAST(sum(e0."amount") * 1000000 AS BIGINT) AS sam_a1, count(*) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((CAST(sam_round_div(CAST(COALESCE(CAST(sam_round_div(CAST(COALESCE(c.sam_a1, 0) AS DECIMAL(38, 0)) * 1000000, NULLIF((COALESCE(c.sam_a2, 0) * 1000000), 0)) AS BIGINT), 0 /* 0.000000 */) AS DECIMAL(38, 0)) * (COALESCE(c.sam_a2, 0) * 1000000), 1000000) AS BIGINT) = COALESCE(c.sam_a1, 0)) AND (COALESCE(c.sam_a2, 0) >= 3)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === int_division_decimal
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((CAST(sam_round_div(CAST((COALESCE(c.sam_a1, 0) * 1000000) AS DECIMAL(38, 0)) * 1000000, NULLIF(12000000 /* 12.000000 */, 0)) AS BIGINT) >= 500000 /* 0.500000 */) AND (CAST(sam_round_div(CAST((COALESCE(c.sam_a2, 0) * 1000000) AS DECIMAL(38, 0)) * 1000000, NULLIF(2000000 /* 2.000000 */, 0)) AS BIGINT) = 500000 /* 0.500000 */)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === max_optional_let
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max(CAST(round(e0."amount" * 1000000) AS BIGINT)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"biggest" AS (
  SELECT c.*,
    c.sam_a1 AS "biggest"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    ((c."biggest" IS NOT NULL) AND (c."biggest" >= 500000000 /* 500.000000 */)) AS "q"
  FROM "biggest" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === min_timestamp_vs_date
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min(CAST(round(to_unixtime(e0."occurred_at") * 1000000) AS BIGINT)) AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"first_web" AS (
  SELECT c.*,
    c.sam_a1 AS "first_web"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    ((c."first_web" IS NOT NULL) AND (c."first_web" < 1704063600000000 /* 2023-12-31 23:00:00.000000+00 */)) AS "q"
  FROM "first_web" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === min_max_string
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min(e0."category") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))) AS sam_a1, max(e0."category") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 'zzz') < 'c') AND (NOT (COALESCE(c.sam_a2, '') < 'm'))) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === last_row_amount
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max_by(ROW(CAST(round(e0."amount" * 1000000) AS BIGINT)), ROW(e0."ordered_at", e0."sam_row"))[1] AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0 /* 0.000000 */) > 100000000 /* 100.000000 */) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === last_row_optional_field
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1, max_by(ROW(CAST(e0."cart_id" AS VARCHAR)), ROW(e0."ordered_at", e0."sam_row"))[1] AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 0) > 0) AND (NOT (c.sam_a2 IS NOT NULL))) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === last_value_skips_absent
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max_by(CAST(e0."cart_id" AS VARCHAR), ROW(e0."ordered_at", e0."sam_row")) FILTER (WHERE CAST(e0."cart_id" AS VARCHAR) IS NOT NULL) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min_by(CAST(e0."category" AS VARCHAR), ROW(e0."occurred_at", e0."sam_row")) FILTER (WHERE CAST(e0."category" AS VARCHAR) IS NOT NULL) AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, '') <> '') AND (COALESCE(c.sam_a2, '') = 'books')) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === first_where_row_field
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min_by(ROW(CAST(e0."category" AS VARCHAR)), ROW(e0."ordered_at", e0."sam_row"))[1] AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."channel" = 'store')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, '') IN ('food', 'books', 'toys')) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === last_where_within
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max_by(ROW(CAST(round(to_unixtime(e0."occurred_at") * 1000000) AS BIGINT)), ROW(e0."occurred_at", e0."sam_row"))[1] AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."kind" = 'login')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"last_login" AS (
  SELECT c.*,
    c.sam_a1 AS "last_login"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    ((c."last_login" IS NOT NULL) AND ((c."last_login" >= 1792796400000000 /* 2026-10-23 23:00:00.000000+00 */) AND (c."last_login" < 1795388400000000 /* 2026-11-22 23:00:00.000000+00 */))) AS "q"
  FROM "last_login" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === all_any_none
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2,
    g2.sam_a3,
    g2.sam_a4
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, bool_and(COALESCE((e0."score" >= 8), FALSE)) AS sam_a1, TRUE AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."given_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."kind" = 'unsubscribe')) > 0 THEN TRUE END AS sam_a3, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2026-10-23 23:00:00.000000+00:00', ' ', 'T')) AND (e0."kind" IN ('open', 'click'))) > 0 THEN TRUE END AS sam_a4
    FROM "email_events" e0
    WHERE (e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."kind" = 'unsubscribe')) OR (e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2026-10-23 23:00:00.000000+00:00', ' ', 'T')) AND (e0."kind" IN ('open', 'click')))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, TRUE) AND (c.sam_a2 IS NOT NULL)) OR ((c.sam_a3 IS NULL) AND (c.sam_a4 IS NOT NULL))) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === all_without_events
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2,
    g3.sam_a3
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, bool_and(COALESCE(e0."complaint", FALSE)) AS sam_a1
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a2
    FROM "address_changes" e0
    WHERE e0."changed_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a3
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g3 ON g3.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, TRUE) AND (c.sam_a2 IS NULL)) AND (COALESCE(c.sam_a3, 0) >= 20)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === since_date
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-12-31 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 2) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === after_timestamp_field
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "accounts" e0
      JOIN "customers" c ON c."id" = e0."customer_id"
    WHERE e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e0."opened_at") * 1000000) AS BIGINT) >= (COALESCE(CAST(round(to_unixtime(c."newsletter_optin_at") * 1000000) AS BIGINT), 1795388400000000 /* 2026-11-22 23:00:00.000000+00 */) + 1)
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a2
    FROM "orders" e0
      JOIN "customers" c ON c."id" = e0."customer_id"
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e0."ordered_at") * 1000000) AS BIGINT) < (CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) + 2592000000000)
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((c.sam_a1 IS NOT NULL) AND (COALESCE(c.sam_a2, 0) >= 1)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === before_wall_clock
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2025-06-01 10:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2025-01-15 07:30:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 0) > 2) AND (COALESCE(c.sam_a2, 0) >= 5)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === between_window_dst
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2026-03-26 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-03-29 22:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-10-24 22:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2025-10-26 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((c.sam_a1 IS NOT NULL) OR (COALESCE(c.sam_a2, 0) >= 1)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === several_windows
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-12-31 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-06-01 00:00:00.000000+00:00', ' ', 'T')) AND (e0."channel" <> 'store')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 1) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === within_comparison
WITH
"q" AS (
  SELECT c.*,
    (((c."signup_at" >= from_iso8601_timestamp_nanos(replace('2026-09-23 23:00:00.000000+00:00', ' ', 'T'))) AND (c."signup_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')))) OR ((c."newsletter_optin_at" IS NOT NULL) AND ((c."newsletter_optin_at" >= from_iso8601_timestamp_nanos(replace('2026-11-08 23:00:00.000000+00:00', ' ', 'T'))) AND (c."newsletter_optin_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')))))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === date_of_timestamp_tz
WITH
"q" AS (
  SELECT c.*,
    ((date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST((CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) - 7200000000) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))) < (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE)))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === date_arithmetic
WITH
"q" AS (
  SELECT c.*,
    (((date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))) >= 20759 /* 2026-11-02 */) OR (((20780 /* 2026-11-23 */ - COALESCE(date_diff('day', DATE '1970-01-01', c."birth_date"), 20780 /* 2026-11-23 */)) * 86400000000) > 2592000000000000)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === timestamp_between_comparison
WITH
"q" AS (
  SELECT c.*,
    (((c."signup_at" >= from_iso8601_timestamp_nanos(replace('2025-12-31 23:00:00.000000+00:00', ' ', 'T'))) AND (c."signup_at" <= from_iso8601_timestamp_nanos(replace('2026-06-30 21:59:59.000000+00:00', ' ', 'T')))) AND (NOT (c."birth_date" IS NOT NULL))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === duration_arithmetic
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max_by(ROW(CAST(round(to_unixtime(e0."ordered_at") * 1000000) AS BIGINT)), ROW(e0."ordered_at", e0."sam_row"))[1] AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"last_order_at" AS (
  SELECT c.*,
    c.sam_a1 AS "last_order_at"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    (((c."last_order_at" IS NOT NULL) AND ((c."last_order_at" - CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT)) > 63115200000000)) AND ((-(1795388400000000 /* 2026-11-22 23:00:00.000000+00 */ - c."last_order_at")) > (-60480000000000))) AS "q"
  FROM "last_order_at" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === nested_abandoned_cart
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2026-10-23 23:00:00.000000+00:00', ' ', 'T')) AND ((e0."kind" = 'cart_add') AND NOT EXISTS (SELECT 1 FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."ordered_at") * 1000000) AS BIGINT) >= (CAST(round(to_unixtime(e0."occurred_at") * 1000000) AS BIGINT) + 1)))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === nested_recovered
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."complaint" AND EXISTS (SELECT 1 FROM "feedback" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."given_at") * 1000000) AS BIGINT) >= (CAST(round(to_unixtime(e0."given_at") * 1000000) AS BIGINT) + 1) AND CAST(round(to_unixtime(e1."given_at") * 1000000) AS BIGINT) < (CAST(round(to_unixtime(e0."given_at") * 1000000) AS BIGINT) + 2592000000000) AND (e1."score" >= 8)))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === nested_table_name_reference
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND EXISTS (SELECT 1 FROM "web_events" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."occurred_at") * 1000000) AS BIGINT) >= (CAST(round(to_unixtime(e0."ordered_at") * 1000000) AS BIGINT) - 604800000000) AND CAST(round(to_unixtime(e1."occurred_at") * 1000000) AS BIGINT) < CAST(round(to_unixtime(e0."ordered_at") * 1000000) AS BIGINT) AND (((e1."kind" = 'product_view') AND (e1."category" IS NOT NULL)) AND (e1."category" = e0."category")))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === nested_count_outer_alias
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND EXISTS (SELECT 1 FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."ordered_at") * 1000000) AS BIGINT) < CAST(round(to_unixtime(e0."ordered_at") * 1000000) AS BIGINT) AND (e1."category" = e0."category"))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 2) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === abandoned_cart_string_equality
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2026-10-23 23:00:00.000000+00:00', ' ', 'T')) AND (((e0."kind" = 'cart_add') AND (e0."cart_id" IS NOT NULL)) AND NOT EXISTS (SELECT 1 FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."ordered_at") * 1000000) AS BIGINT) >= (CAST(round(to_unixtime(e0."occurred_at") * 1000000) AS BIGINT) + 1) AND ((e1."cart_id" IS NOT NULL) AND (e1."cart_id" = e0."cart_id"))))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === nested_aggregate_value
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "accounts" e0
    WHERE e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (COALESCE((SELECT CAST(sum(CAST(CASE WHEN e1."customer_id" IS NOT NULL THEN CAST(round(e1."amount" * 1000000) AS BIGINT) END AS DECIMAL(38, 0))) AS BIGINT) FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."ordered_at") * 1000000) AS BIGINT) >= CAST(round(to_unixtime(e0."opened_at") * 1000000) AS BIGINT) AND CAST(round(to_unixtime(e1."ordered_at") * 1000000) AS BIGINT) < (CAST(round(to_unixtime(e0."opened_at") * 1000000) AS BIGINT) + 7776000000000)), 0) > 200000000 /* 200.000000 */)
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === customer_field_in_event_scope
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "address_changes" e0
      JOIN "customers" c ON c."id" = e0."customer_id"
    WHERE e0."changed_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."new_country" <> c."country")
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((c.sam_a1 IS NOT NULL) AND (c."country" <> 'NL')) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === top_percent
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CAST(sum(e0."amount") * 1000000 AS BIGINT) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) DESC, c."id" ASC) * 100000000 <= CAST(10000000 AS DECIMAL(38, 0)) * count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL)) ELSE FALSE END) AS "sam_rank1"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    c."sam_rank1" AS "q"
  FROM "sam_rank1" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === top_n
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CAST(sum(e0."amount") * 1000000 AS BIGINT) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) DESC, c."id" ASC) <= 100 ELSE FALSE END) AS "sam_rank1"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    c."sam_rank1" AS "q"
  FROM "sam_rank1" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === bottom_percent_ties
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) ASC, c."id" ASC) * 100000000 <= CAST(20000000 AS DECIMAL(38, 0)) * count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL)) ELSE FALSE END) AS "sam_rank1"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    c."sam_rank1" AS "q"
  FROM "sam_rank1" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === top_percent_among
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2026-08-24 23:00:00.000000+00:00', ' ', 'T'))) > 0 THEN TRUE END AS sam_a1, CAST(sum(e0."amount") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))) * 1000000 AS BIGINT) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"recent_buyers" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "recent_buyers"
  FROM "sam_aggregates" c
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) THEN row_number() OVER (PARTITION BY (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) ORDER BY COALESCE(c.sam_a2, 0) DESC, c."id" ASC) * 100000000 <= CAST(5000000 AS DECIMAL(38, 0)) * count(*) OVER (PARTITION BY (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE))) ELSE FALSE END) AS "sam_rank1"
  FROM "recent_buyers" c
),
"q" AS (
  SELECT c.*,
    c."sam_rank1" AS "q"
  FROM "sam_rank1" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === rank_among
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2026-08-24 23:00:00.000000+00:00', ' ', 'T'))) > 0 THEN TRUE END AS sam_a1, CAST(sum(e0."amount") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))) * 1000000 AS BIGINT) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"recent_buyers" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "recent_buyers"
  FROM "sam_aggregates" c
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) THEN row_number() OVER (PARTITION BY (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) ORDER BY COALESCE(c.sam_a2, 0) DESC, c."id" ASC) END) AS "sam_rank1"
  FROM "recent_buyers" c
),
"recent_rank" AS (
  SELECT c.*,
    c."sam_rank1" AS "recent_rank"
  FROM "sam_rank1" c
),
"q" AS (
  SELECT c.*,
    ((c."recent_rank" IS NOT NULL) AND (c."recent_rank" <= 40)) AS "q"
  FROM "recent_rank" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === percentile_ties
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN CAST(sam_round_div(CAST(count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL)) - row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) DESC, c."id" ASC) AS DECIMAL(38, 0)) * 100000000, count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL))) AS BIGINT) END) AS "sam_rank1"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    (c."sam_rank1" >= 50000000 /* 50.000000 */) AS "q"
  FROM "sam_rank1" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === bottom_n_optional
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max(CAST(round(e0."amount" * 1000000) AS BIGINT)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (c.sam_a1 IS NOT NULL) THEN row_number() OVER (PARTITION BY (c.sam_a1 IS NOT NULL) ORDER BY c.sam_a1 ASC, c."id" ASC) <= 50 ELSE FALSE END) AS "sam_rank1"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    c."sam_rank1" AS "q"
  FROM "sam_rank1" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === top_decimal_percent_timestamp
WITH
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) IS NOT NULL) THEN row_number() OVER (PARTITION BY (CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) IS NOT NULL) ORDER BY CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) DESC, c."id" ASC) * 100000000 <= CAST(12500000 AS DECIMAL(38, 0)) * count(*) OVER (PARTITION BY (CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) IS NOT NULL)) ELSE FALSE END) AS "sam_rank1"
  FROM "customers" c
),
"q" AS (
  SELECT c.*,
    c."sam_rank1" AS "q"
  FROM "sam_rank1" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === rank_optional
WITH
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (CAST(round(c."churn_model_score" * 1000000) AS BIGINT) IS NOT NULL) THEN row_number() OVER (PARTITION BY (CAST(round(c."churn_model_score" * 1000000) AS BIGINT) IS NOT NULL) ORDER BY CAST(round(c."churn_model_score" * 1000000) AS BIGINT) DESC, c."id" ASC) END) AS "sam_rank1"
  FROM "customers" c
),
"churn_rank" AS (
  SELECT c.*,
    c."sam_rank1" AS "churn_rank"
  FROM "sam_rank1" c
),
"q" AS (
  SELECT c.*,
    (((c."churn_rank" IS NOT NULL) AND (c."churn_rank" > 100)) AND (c."churn_rank" <= 300)) AS "q"
  FROM "churn_rank" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === percentile_among_optional
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
"dutch" AS (
  SELECT c.*,
    (c."country" = 'NL') AS "dutch"
  FROM "customers" c
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (CAST(round(c."churn_model_score" * 1000000) AS BIGINT) IS NOT NULL AND COALESCE(c."dutch", FALSE)) THEN CAST(sam_round_div(CAST(count(*) OVER (PARTITION BY (CAST(round(c."churn_model_score" * 1000000) AS BIGINT) IS NOT NULL AND COALESCE(c."dutch", FALSE))) - row_number() OVER (PARTITION BY (CAST(round(c."churn_model_score" * 1000000) AS BIGINT) IS NOT NULL AND COALESCE(c."dutch", FALSE)) ORDER BY CAST(round(c."churn_model_score" * 1000000) AS BIGINT) DESC, c."id" ASC) AS DECIMAL(38, 0)) * 100000000, count(*) OVER (PARTITION BY (CAST(round(c."churn_model_score" * 1000000) AS BIGINT) IS NOT NULL AND COALESCE(c."dutch", FALSE)))) AS BIGINT) END) AS "sam_rank1"
  FROM "dutch" c
),
"p" AS (
  SELECT c.*,
    c."sam_rank1" AS "p"
  FROM "sam_rank1" c
),
"q" AS (
  SELECT c.*,
    ((c."p" IS NOT NULL) AND (c."p" < 25000000 /* 25.000000 */)) AS "q"
  FROM "p" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === optional_defaults
WITH
"q" AS (
  SELECT c.*,
    ((COALESCE(c."mobile", COALESCE(c."phone", 'none')) <> 'none') AND (NOT (c."birth_date" IS NOT NULL))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === optional_narrowing
WITH
"q" AS (
  SELECT c.*,
    (((((NOT (c."exit_reason" IS NOT NULL)) OR (c."exit_reason" <> 'price')) AND (NOT (c."marketing_optout_at" IS NOT NULL))) AND (c."marketing_optin_at" IS NOT NULL)) AND ((c."preferences_updated_at" IS NOT NULL) AND (CAST(round(to_unixtime(c."preferences_updated_at") * 1000000) AS BIGINT) > (CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) + 31536000000000)))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === if_else
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"age_or_zero" AS (
  SELECT c.*,
    (CASE WHEN (c."birth_date" IS NOT NULL) THEN ((2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) - CASE WHEN (2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) > 0 AND (11 * 32 + 23) < (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT)) THEN 1 ELSE 0 END + CASE WHEN (2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) < 0 AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT)) < (11 * 32 + 23) THEN 1 ELSE 0 END) ELSE 0 END) AS "age_or_zero"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    (((c."age_or_zero" >= 18) AND (c."age_or_zero" < 30)) OR (CAST(sam_round_div(CAST((CASE WHEN (c."country" = 'NL') THEN 1000000 /* 1.000000 */ ELSE 500000 /* 0.500000 */ END) AS DECIMAL(38, 0)) * (COALESCE(c.sam_a1, 0) * 1000000), 1000000) AS BIGINT) >= 30000000 /* 30.000000 */)) AS "q"
  FROM "age_or_zero" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === sets_strings_enums
WITH
"q" AS (
  SELECT c.*,
    (((c."country" IN ('NL', 'BE')) AND (NOT (c."inflow_channel" IN ('web', 'app')))) AND (c."gender" IN ('female', 'other'))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === enum_optional_default
WITH
"q" AS (
  SELECT c.*,
    ((COALESCE(c."exit_reason", 'other') = 'price') OR (COALESCE(c."exit_reason", 'price') = 'other')) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === enum_in_event_stream
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."product" IN ('mortgage', 'home_insurance'))) > 0 THEN TRUE END AS sam_a1, CASE WHEN count(*) FILTER (WHERE e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."product" = 'savings')) > 0 THEN TRUE END AS sam_a2
    FROM "accounts" e0
    WHERE (e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."product" = 'savings')) OR (e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."product" IN ('mortgage', 'home_insurance')))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((c.sam_a1 IS NOT NULL) AND (c.sam_a2 IS NULL)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === string_functions
WITH
"q" AS (
  SELECT c.*,
    ((((length('@example.nl') = 0 OR substr(translate(c."email", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), -length('@example.nl')) = '@example.nl') AND starts_with(c."first_name", 'J')) OR (strpos(translate(c."first_name", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'ë') > 0)) OR (length(c."first_name") <= 3)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === rounding_whole_numbers
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a5,
    g2.sam_a6
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a5, CAST(sum(CAST(((((e0."score" * 1000000)) / (1000000)) - CASE WHEN mod((e0."score" * 1000000), 1000000) < 0 THEN 1 ELSE 0 END) AS DECIMAL(38, 0))) AS BIGINT) AS sam_a6
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((((((((COALESCE(c.sam_a1, 0) * 1000000)) / (1000000)) - CASE WHEN mod((COALESCE(c.sam_a1, 0) * 1000000), 1000000) < 0 THEN 1 ELSE 0 END) = COALESCE(c.sam_a1, 0)) AND ((-((((-(COALESCE(c.sam_a1, 0) * 1000000))) / (1000000)) - CASE WHEN mod((-(COALESCE(c.sam_a1, 0) * 1000000)), 1000000) < 0 THEN 1 ELSE 0 END)) <= 5)) AND (COALESCE(c.sam_a1, 0) >= 2)) AND (CAST(sign((COALESCE(c.sam_a5, 0) * 1000000)) * (((CAST(abs((COALESCE(c.sam_a5, 0) * 1000000)) AS DECIMAL(38, 0)) + 500000) - mod(CAST(abs((COALESCE(c.sam_a5, 0) * 1000000)) AS DECIMAL(38, 0)) + 500000, 1000000)) / (1000000)) * 1000000 AS BIGINT) >= 1000000 /* 1.000000 */)) AND (COALESCE(c.sam_a6, 0) >= 8)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === division_by_zero_absent
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a3,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1, CAST(sum(e0."amount") * 1000000 AS BIGINT) AS sam_a3
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((((COALESCE((CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) / NULLIF(CAST(COALESCE(c.sam_a2, 0) AS DOUBLE), 0)), CAST(-1 AS DOUBLE)) < CAST(0 AS DOUBLE)) AND (COALESCE(CAST(sam_round_div(CAST(COALESCE(c.sam_a3, 0) AS DECIMAL(38, 0)) * 1000000, NULLIF((COALESCE(c.sam_a2, 0) * 1000000), 0)) AS BIGINT), (-1000000) /* -1.000000 */) < 0 /* 0.000000 */)) AND (COALESCE(CAST(sam_round_div(CAST((COALESCE(c.sam_a1, 0) * 1000000) AS DECIMAL(38, 0)) * 1000000, NULLIF((COALESCE(c.sam_a2, 0) * 1000000), 0)) AS BIGINT), (-1000000) /* -1.000000 */) < 0 /* 0.000000 */)) AND (COALESCE(c.sam_a1, 0) > 0)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === string_functions_dictionary
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a3,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND ((e0."category" IS NOT NULL) AND (strpos(translate(e0."category", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'OO') > 0))) > 0 THEN TRUE END AS sam_a1, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((e0."category" IS NOT NULL) AND (translate(e0."category", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = 'toys')) AND (e0."kind" = 'cart_add'))) > 0 THEN TRUE END AS sam_a3
    FROM "web_events" e0
    WHERE (e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((e0."category" IS NOT NULL) AND (translate(e0."category", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = 'toys')) AND (e0."kind" = 'cart_add'))) OR (e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND ((e0."category" IS NOT NULL) AND (strpos(translate(e0."category", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'OO') > 0)))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND ((length(e0."category") > 5) AND (e0."category" <> 'beauty'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((((c."region" IS NOT NULL) AND starts_with(translate(c."region", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'noord')) OR (c.sam_a1 IS NOT NULL)) OR (COALESCE(c.sam_a2, 0) >= 4)) OR (c.sam_a3 IS NOT NULL)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === string_folded_tests
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((length('-3') = 0 OR substr(e0."order_id", -length('-3')) = '-3') AND (e0."cart_id" IS NOT NULL)) AND starts_with(translate(e0."cart_id", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'c-1'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((((((strpos(translate(trim(BOTH (chr(32) || chr(9) || chr(10) || chr(13)) FROM c."email"), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'JAN.') > 0) AND (NOT starts_with(translate(c."email", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'jan.de'))) OR (length('LAAN 1') = 0 OR substr(translate(translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), -length('LAAN 1')) = 'LAAN 1')) OR (translate(trim(BOTH (chr(32) || chr(9) || chr(10) || chr(13)) FROM c."email"), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = 'eva.jansen12@example.nl')) OR starts_with(translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'kerkstraat 1')) OR (COALESCE(c.sam_a1, 0) >= 1)) OR ((translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <> COALESCE(c."postal_address", '')) AND (strpos(translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'tilburg') > 0))) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === string_trim_order
WITH
"q" AS (
  SELECT c.*,
    (((trim(BOTH (chr(32) || chr(9) || chr(10) || chr(13)) FROM COALESCE(c."region", ' ')) <> '') AND (COALESCE(c."region", '') < 'H')) AND (strpos(COALESCE(c."postal_address", ''), 'laan') > 0)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === score_block
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."given_at" >= from_iso8601_timestamp_nanos(replace('2026-08-24 23:00:00.000000+00:00', ' ', 'T')) AND (e0."complaint" OR (e0."score" <= 4))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"churn_points" AS (
  SELECT c.*,
    (((((CASE WHEN ((c."birth_date" IS NOT NULL) AND (((2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) - CASE WHEN (2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) > 0 AND (11 * 32 + 23) < (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT)) THEN 1 ELSE 0 END + CASE WHEN (2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) < 0 AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT)) < (11 * 32 + 23) THEN 1 ELSE 0 END) < 25)) THEN 20000000 /* 20.000000 */ ELSE 0 /* 0.000000 */ END) + (CASE WHEN (c."inflow_channel" = 'partner') THEN 15000000 /* 15.000000 */ ELSE 0 /* 0.000000 */ END)) + (CASE WHEN (NOT (c."newsletter_optin_at" IS NOT NULL)) THEN 15000000 /* 15.000000 */ ELSE 0 /* 0.000000 */ END)) + (CASE WHEN (c.sam_a1 IS NOT NULL) THEN 30000000 /* 30.000000 */ ELSE 0 /* 0.000000 */ END)) + (CASE WHEN c."email_bounced" THEN 2500000 /* 2.500000 */ ELSE 0 /* 0.000000 */ END)) AS "churn_points"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    (c."churn_points" >= 32500000 /* 32.500000 */) AS "q"
  FROM "churn_points" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === reference_lookup
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min_by(ROW(e0."product"), ROW(e0."opened_at", e0."sam_row"))[1] AS sam_a1
    FROM "accounts" e0
    WHERE e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"first_product" AS (
  SELECT c.*,
    c.sam_a1 AS "first_product"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    ((c."first_product" IS NOT NULL) AND (COALESCE((SELECT r."wait_days" FROM "propositions" r WHERE r."held_product" = c."first_product"), 0) <= 30)) AS "q"
  FROM "first_product" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === reference_lookup_in_events
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "accounts" e0
    WHERE e0."opened_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((SELECT r."held_product" FROM "propositions" r WHERE r."held_product" = e0."product") IS NOT NULL) AND (NOT ((SELECT r."second_offer" FROM "propositions" r WHERE r."held_product" = e0."product") IS NOT NULL)))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((c.sam_a1 IS NOT NULL) AND (COALESCE((SELECT r."offer" FROM "propositions" r WHERE r."held_product" = 'savings'), 'savings') = 'travel_insurance')) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === manual_list
WITH
"q" AS (
  SELECT c.*,
    (((c."id" IN (SELECT l."customer_id" FROM "sales_leads" l)) AND (NOT c."is_employee")) OR (c."is_employee" AND c."email_bounced")) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === days_since_hours_since
WITH
"q" AS (
  SELECT c.*,
    ((((20780 - (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE)))) <= 30) AND (((((1795388400000000 - CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT))) / (3600000000)) - CASE WHEN mod((1795388400000000 - CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT)), 3600000000) < 0 THEN 1 ELSE 0 END) >= 100)) OR ((20780 - COALESCE(date_diff('day', DATE '1970-01-01', c."birth_date"), 20780 /* 2026-11-23 */)) = 20000)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === birthday_this_week
WITH
"q" AS (
  SELECT c.*,
    ((c."birth_date" IS NOT NULL) AND (((date_diff('day', DATE '1970-01-01', date_add('month', (2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) * 12, date_add('day', date_diff('day', DATE '1970-01-01', c."birth_date"), DATE '1970-01-01'))) - 20780 /* 2026-11-23 */) >= 0) AND ((date_diff('day', DATE '1970-01-01', date_add('month', (2026 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) * 12, date_add('day', date_diff('day', DATE '1970-01-01', c."birth_date"), DATE '1970-01-01'))) - 20780 /* 2026-11-23 */) <= 6))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === months_years_between
WITH
"q" AS (
  SELECT c.*,
    ((((((CAST(EXTRACT(YEAR FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(YEAR FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) * 12 + CAST(EXTRACT(MONTH FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(MONTH FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) - CASE WHEN ((CAST(EXTRACT(YEAR FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(YEAR FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) * 12 + CAST(EXTRACT(MONTH FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(MONTH FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) > 0 AND CAST(EXTRACT(DAY FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) < CAST(EXTRACT(DAY FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) THEN 1 ELSE 0 END + CASE WHEN ((CAST(EXTRACT(YEAR FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(YEAR FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) * 12 + CAST(EXTRACT(MONTH FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(MONTH FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) < 0 AND CAST(EXTRACT(DAY FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) > CAST(EXTRACT(DAY FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) THEN 1 ELSE 0 END) = 6) OR ((c."birth_date" IS NOT NULL) AND (((CAST(EXTRACT(YEAR FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) - CASE WHEN (CAST(EXTRACT(YEAR FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) > 0 AND (CAST(EXTRACT(MONTH FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT)) < (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT)) THEN 1 ELSE 0 END + CASE WHEN (CAST(EXTRACT(YEAR FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) < 0 AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT)) < (CAST(EXTRACT(MONTH FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM date_add('day', 20780 /* 2026-11-23 */, DATE '1970-01-01')) AS BIGINT)) THEN 1 ELSE 0 END) = 40))) OR (((2026 - CAST(EXTRACT(YEAR FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) - CASE WHEN (2026 - CAST(EXTRACT(YEAR FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) > 0 AND (11 * 32 + 23) < (CAST(EXTRACT(MONTH FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) THEN 1 ELSE 0 END + CASE WHEN (2026 - CAST(EXTRACT(YEAR FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) < 0 AND (CAST(EXTRACT(MONTH FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) * 32 + CAST(EXTRACT(DAY FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) < (11 * 32 + 23) THEN 1 ELSE 0 END) >= 14)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === calendar_parts
WITH
"q" AS (
  SELECT c.*,
    ((((CAST(EXTRACT(YEAR FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) = 2025) AND (CAST(day_of_week(date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) = 7)) OR (((c."birth_date" IS NOT NULL) AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) = 2)) AND (CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT) >= 28))) OR ((CAST(day_of_week(date_add('day', 20779 /* 2026-11-22 */, DATE '1970-01-01')) AS BIGINT) = CAST(EXTRACT(DAY FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) AND (CAST(EXTRACT(MONTH FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) = 12))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === add_months_clamps
WITH
"q" AS (
  SELECT c.*,
    ((CAST(EXTRACT(DAY FROM date_add('day', date_diff('day', DATE '1970-01-01', date_add('month', 1, date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01'))), DATE '1970-01-01')) AS BIGINT) < CAST(EXTRACT(DAY FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT)) OR (date_diff('day', DATE '1970-01-01', date_add('month', 3, date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01'))) = 20779 /* 2026-11-22 */)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === add_years_leap_day
WITH
"q" AS (
  SELECT c.*,
    (((c."birth_date" IS NOT NULL) AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) = 2)) AND (CAST(EXTRACT(DAY FROM date_add('day', date_diff('day', DATE '1970-01-01', date_add('month', (1) * 12, date_add('day', date_diff('day', DATE '1970-01-01', c."birth_date"), DATE '1970-01-01'))), DATE '1970-01-01')) AS BIGINT) = 28)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === is_anniversary
WITH
"q" AS (
  SELECT c.*,
    ((CAST(EXTRACT(MONTH FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) = 11 AND (CAST(EXTRACT(DAY FROM date_add('day', (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))), DATE '1970-01-01')) AS BIGINT) = 23) AND (date_diff('day', DATE '1970-01-01', CAST(from_unixtime_nanos(CAST(CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) AS DECIMAL(38, 0)) * 1000) AT TIME ZONE 'Europe/Amsterdam' AS DATE))) <> 20780) OR ((c."birth_date" IS NOT NULL) AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) = 11 AND (CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT) = 23) AND date_diff('day', DATE '1970-01-01', c."birth_date") <> 20780))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === is_anniversary_leap_day
WITH
"q" AS (
  SELECT c.*,
    (((c."birth_date" IS NOT NULL) AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) = 2 AND (CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT) = 28 OR CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT) = 29) AND date_diff('day', DATE '1970-01-01', c."birth_date") <> 20877)) AND (date_diff('day', DATE '1970-01-01', date_add('month', (2027 - CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT)) * 12, date_add('day', date_diff('day', DATE '1970-01-01', c."birth_date"), DATE '1970-01-01'))) = 20877 /* 2027-02-28 */)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === start_of_days_hours
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2026-11-20 11:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) >= (CAST(round(to_unixtime(with_timezone(CAST(date_add('day', 20735 /* 2026-10-09 */, DATE '1970-01-01') AS TIMESTAMP(6)), 'Europe/Amsterdam')) * 1000000) AS BIGINT) + 32400000000)) OR (COALESCE(c.sam_a1, 0) >= 1)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === abs_least_greatest
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2,
    g1.sam_a3,
    g2.sam_a5
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CAST(sum(e0."amount") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))) * 1000000 AS BIGINT) AS sam_a1, CAST(sum(e0."amount") FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T'))) * 1000000 AS BIGINT) AS sam_a2, count(*) FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))) AS sam_a3
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a5
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((abs((COALESCE(c.sam_a1, 0) - COALESCE(c.sam_a2, 0))) < 20000000 /* 20.000000 */) AND (COALESCE(c.sam_a3, 0) > 0)) OR (((CASE WHEN COALESCE(c.sam_a3, 0) IS NULL OR 5 IS NULL THEN NULL WHEN COALESCE(c.sam_a3, 0) <= 5 THEN COALESCE(c.sam_a3, 0) ELSE 5 END) + (CASE WHEN COALESCE(c.sam_a5, 0) IS NULL OR 1 IS NULL THEN NULL WHEN COALESCE(c.sam_a5, 0) >= 1 THEN COALESCE(c.sam_a5, 0) ELSE 1 END)) >= 7)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === round_half_away_from_zero
WITH
"q" AS (
  SELECT c.*,
    ((CAST(sign(COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */)) * (((CAST(abs(COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */)) AS DECIMAL(38, 0)) + 50000) - mod(CAST(abs(COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */)) AS DECIMAL(38, 0)) + 50000, 100000)) / (100000)) * 100000 AS BIGINT) >= 500000 /* 0.500000 */) AND (CAST(sign((-COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */))) * (((CAST(abs((-COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */))) AS DECIMAL(38, 0)) + 50000) - mod(CAST(abs((-COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */))) AS DECIMAL(38, 0)) + 50000, 100000)) / (100000)) * 100000 AS BIGINT) <= (-500000) /* -0.500000 */)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === floor_ceil
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
"q" AS (
  SELECT c.*,
    (((((CAST(sam_round_div(CAST(COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */) AS DECIMAL(38, 0)) * 10000000 /* 10.000000 */, 1000000) AS BIGINT)) / (1000000)) - CASE WHEN mod(CAST(sam_round_div(CAST(COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */) AS DECIMAL(38, 0)) * 10000000 /* 10.000000 */, 1000000) AS BIGINT), 1000000) < 0 THEN 1 ELSE 0 END) = 3) AND ((-((((-CAST(sam_round_div(CAST(COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */) AS DECIMAL(38, 0)) * 10000000 /* 10.000000 */, 1000000) AS BIGINT))) / (1000000)) - CASE WHEN mod((-CAST(sam_round_div(CAST(COALESCE(CAST(round(c."churn_model_score" * 1000000) AS BIGINT), 0 /* 0.000000 */) AS DECIMAL(38, 0)) * 10000000 /* 10.000000 */, 1000000) AS BIGINT)), 1000000) < 0 THEN 1 ELSE 0 END)) = 4)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === conversions
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2,
    g2.sam_a3
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1, CAST(sum(e0."amount") * 1000000 AS BIGINT) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a3
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((((CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) * CAST(1.5 AS DOUBLE)) > CAST(10 AS DOUBLE)) AND (((CAST(sam_round_div(CAST(COALESCE(c.sam_a2, 0) AS DECIMAL(38, 0)) * 1000000, NULLIF(100000000 /* 100.000000 */, 0)) AS BIGINT)) / (1000000)) >= 3)) OR (CAST(sam_round_div(CAST((COALESCE(c.sam_a3, 0) * 1000000) AS DECIMAL(38, 0)) * 1000000, NULLIF(4000000 /* 4.000000 */, 0)) AS BIGINT) = 500000 /* 0.500000 */)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === bucket_range
-- not expressible: `bucket`

-- === country_timezone
WITH
"q" AS (
  SELECT c.*,
    (COALESCE((CASE c."country" WHEN 'AD' THEN 'Europe/Andorra' WHEN 'AE' THEN 'Asia/Dubai' WHEN 'AF' THEN 'Asia/Kabul' WHEN 'AG' THEN 'America/Antigua' WHEN 'AI' THEN 'America/Anguilla' WHEN 'AL' THEN 'Europe/Tirane' WHEN 'AM' THEN 'Asia/Yerevan' WHEN 'AO' THEN 'Africa/Luanda' WHEN 'AQ' THEN 'Antarctica/McMurdo' WHEN 'AR' THEN 'America/Argentina/Buenos_Aires' WHEN 'AS' THEN 'Pacific/Pago_Pago' WHEN 'AT' THEN 'Europe/Vienna' WHEN 'AU' THEN 'Australia/Lord_Howe' WHEN 'AW' THEN 'America/Aruba' WHEN 'AX' THEN 'Europe/Mariehamn' WHEN 'AZ' THEN 'Asia/Baku' WHEN 'BA' THEN 'Europe/Sarajevo' WHEN 'BB' THEN 'America/Barbados' WHEN 'BD' THEN 'Asia/Dhaka' WHEN 'BE' THEN 'Europe/Brussels' WHEN 'BF' THEN 'Africa/Ouagadougou' WHEN 'BG' THEN 'Europe/Sofia' WHEN 'BH' THEN 'Asia/Bahrain' WHEN 'BI' THEN 'Africa/Bujumbura' WHEN 'BJ' THEN 'Africa/Porto-Novo' WHEN 'BL' THEN 'America/St_Barthelemy' WHEN 'BM' THEN 'Atlantic/Bermuda' WHEN 'BN' THEN 'Asia/Brunei' WHEN 'BO' THEN 'America/La_Paz' WHEN 'BQ' THEN 'America/Kralendijk' WHEN 'BR' THEN 'America/Noronha' WHEN 'BS' THEN 'America/Nassau' WHEN 'BT' THEN 'Asia/Thimphu' WHEN 'BW' THEN 'Africa/Gaborone' WHEN 'BY' THEN 'Europe/Minsk' WHEN 'BZ' THEN 'America/Belize' WHEN 'CA' THEN 'America/St_Johns' WHEN 'CC' THEN 'Indian/Cocos' WHEN 'CD' THEN 'Africa/Kinshasa' WHEN 'CF' THEN 'Africa/Bangui' WHEN 'CG' THEN 'Africa/Brazzaville' WHEN 'CH' THEN 'Europe/Zurich' WHEN 'CI' THEN 'Africa/Abidjan' WHEN 'CK' THEN 'Pacific/Rarotonga' WHEN 'CL' THEN 'America/Santiago' WHEN 'CM' THEN 'Africa/Douala' WHEN 'CN' THEN 'Asia/Shanghai' WHEN 'CO' THEN 'America/Bogota' WHEN 'CR' THEN 'America/Costa_Rica' WHEN 'CU' THEN 'America/Havana' WHEN 'CV' THEN 'Atlantic/Cape_Verde' WHEN 'CW' THEN 'America/Curacao' WHEN 'CX' THEN 'Indian/Christmas' WHEN 'CY' THEN 'Asia/Nicosia' WHEN 'CZ' THEN 'Europe/Prague' WHEN 'DE' THEN 'Europe/Berlin' WHEN 'DJ' THEN 'Africa/Djibouti' WHEN 'DK' THEN 'Europe/Copenhagen' WHEN 'DM' THEN 'America/Dominica' WHEN 'DO' THEN 'America/Santo_Domingo' WHEN 'DZ' THEN 'Africa/Algiers' WHEN 'EC' THEN 'America/Guayaquil' WHEN 'EE' THEN 'Europe/Tallinn' WHEN 'EG' THEN 'Africa/Cairo' WHEN 'EH' THEN 'Africa/El_Aaiun' WHEN 'ER' THEN 'Africa/Asmara' WHEN 'ES' THEN 'Europe/Madrid' WHEN 'ET' THEN 'Africa/Addis_Ababa' WHEN 'FI' THEN 'Europe/Helsinki' WHEN 'FJ' THEN 'Pacific/Fiji' WHEN 'FK' THEN 'Atlantic/Stanley' WHEN 'FM' THEN 'Pacific/Chuuk' WHEN 'FO' THEN 'Atlantic/Faroe' WHEN 'FR' THEN 'Europe/Paris' WHEN 'GA' THEN 'Africa/Libreville' WHEN 'GB' THEN 'Europe/London' WHEN 'GD' THEN 'America/Grenada' WHEN 'GE' THEN 'Asia/Tbilisi' WHEN 'GF' THEN 'America/Cayenne' WHEN 'GG' THEN 'Europe/Guernsey' WHEN 'GH' THEN 'Africa/Accra' WHEN 'GI' THEN 'Europe/Gibraltar' WHEN 'GL' THEN 'America/Nuuk' WHEN 'GM' THEN 'Africa/Banjul' WHEN 'GN' THEN 'Africa/Conakry' WHEN 'GP' THEN 'America/Guadeloupe' WHEN 'GQ' THEN 'Africa/Malabo' WHEN 'GR' THEN 'Europe/Athens' WHEN 'GS' THEN 'Atlantic/South_Georgia' WHEN 'GT' THEN 'America/Guatemala' WHEN 'GU' THEN 'Pacific/Guam' WHEN 'GW' THEN 'Africa/Bissau' WHEN 'GY' THEN 'America/Guyana' WHEN 'HK' THEN 'Asia/Hong_Kong' WHEN 'HN' THEN 'America/Tegucigalpa' WHEN 'HR' THEN 'Europe/Zagreb' WHEN 'HT' THEN 'America/Port-au-Prince' WHEN 'HU' THEN 'Europe/Budapest' WHEN 'ID' THEN 'Asia/Jakarta' WHEN 'IE' THEN 'Europe/Dublin' WHEN 'IL' THEN 'Asia/Jerusalem' WHEN 'IM' THEN 'Europe/Isle_of_Man' WHEN 'IN' THEN 'Asia/Kolkata' WHEN 'IO' THEN 'Indian/Chagos' WHEN 'IQ' THEN 'Asia/Baghdad' WHEN 'IR' THEN 'Asia/Tehran' WHEN 'IS' THEN 'Atlantic/Reykjavik' WHEN 'IT' THEN 'Europe/Rome' WHEN 'JE' THEN 'Europe/Jersey' WHEN 'JM' THEN 'America/Jamaica' WHEN 'JO' THEN 'Asia/Amman' WHEN 'JP' THEN 'Asia/Tokyo' WHEN 'KE' THEN 'Africa/Nairobi' WHEN 'KG' THEN 'Asia/Bishkek' WHEN 'KH' THEN 'Asia/Phnom_Penh' WHEN 'KI' THEN 'Pacific/Tarawa' WHEN 'KM' THEN 'Indian/Comoro' WHEN 'KN' THEN 'America/St_Kitts' WHEN 'KP' THEN 'Asia/Pyongyang' WHEN 'KR' THEN 'Asia/Seoul' WHEN 'KW' THEN 'Asia/Kuwait' WHEN 'KY' THEN 'America/Cayman' WHEN 'KZ' THEN 'Asia/Almaty' WHEN 'LA' THEN 'Asia/Vientiane' WHEN 'LB' THEN 'Asia/Beirut' WHEN 'LC' THEN 'America/St_Lucia' WHEN 'LI' THEN 'Europe/Vaduz' WHEN 'LK' THEN 'Asia/Colombo' WHEN 'LR' THEN 'Africa/Monrovia' WHEN 'LS' THEN 'Africa/Maseru' WHEN 'LT' THEN 'Europe/Vilnius' WHEN 'LU' THEN 'Europe/Luxembourg' WHEN 'LV' THEN 'Europe/Riga' WHEN 'LY' THEN 'Africa/Tripoli' WHEN 'MA' THEN 'Africa/Casablanca' WHEN 'MC' THEN 'Europe/Monaco' WHEN 'MD' THEN 'Europe/Chisinau' WHEN 'ME' THEN 'Europe/Podgorica' WHEN 'MF' THEN 'America/Marigot' WHEN 'MG' THEN 'Indian/Antananarivo' WHEN 'MH' THEN 'Pacific/Majuro' WHEN 'MK' THEN 'Europe/Skopje' WHEN 'ML' THEN 'Africa/Bamako' WHEN 'MM' THEN 'Asia/Yangon' WHEN 'MN' THEN 'Asia/Ulaanbaatar' WHEN 'MO' THEN 'Asia/Macau' WHEN 'MP' THEN 'Pacific/Saipan' WHEN 'MQ' THEN 'America/Martinique' WHEN 'MR' THEN 'Africa/Nouakchott' WHEN 'MS' THEN 'America/Montserrat' WHEN 'MT' THEN 'Europe/Malta' WHEN 'MU' THEN 'Indian/Mauritius' WHEN 'MV' THEN 'Indian/Maldives' WHEN 'MW' THEN 'Africa/Blantyre' WHEN 'MX' THEN 'America/Mexico_City' WHEN 'MY' THEN 'Asia/Kuala_Lumpur' WHEN 'MZ' THEN 'Africa/Maputo' WHEN 'NA' THEN 'Africa/Windhoek' WHEN 'NC' THEN 'Pacific/Noumea' WHEN 'NE' THEN 'Africa/Niamey' WHEN 'NF' THEN 'Pacific/Norfolk' WHEN 'NG' THEN 'Africa/Lagos' WHEN 'NI' THEN 'America/Managua' WHEN 'NL' THEN 'Europe/Amsterdam' WHEN 'NO' THEN 'Europe/Oslo' WHEN 'NP' THEN 'Asia/Kathmandu' WHEN 'NR' THEN 'Pacific/Nauru' WHEN 'NU' THEN 'Pacific/Niue' WHEN 'NZ' THEN 'Pacific/Auckland' WHEN 'OM' THEN 'Asia/Muscat' WHEN 'PA' THEN 'America/Panama' WHEN 'PE' THEN 'America/Lima' WHEN 'PF' THEN 'Pacific/Tahiti' WHEN 'PG' THEN 'Pacific/Port_Moresby' WHEN 'PH' THEN 'Asia/Manila' WHEN 'PK' THEN 'Asia/Karachi' WHEN 'PL' THEN 'Europe/Warsaw' WHEN 'PM' THEN 'America/Miquelon' WHEN 'PN' THEN 'Pacific/Pitcairn' WHEN 'PR' THEN 'America/Puerto_Rico' WHEN 'PS' THEN 'Asia/Gaza' WHEN 'PT' THEN 'Europe/Lisbon' WHEN 'PW' THEN 'Pacific/Palau' WHEN 'PY' THEN 'America/Asuncion' WHEN 'QA' THEN 'Asia/Qatar' WHEN 'RE' THEN 'Indian/Reunion' WHEN 'RO' THEN 'Europe/Bucharest' WHEN 'RS' THEN 'Europe/Belgrade' WHEN 'RU' THEN 'Europe/Kaliningrad' WHEN 'UA' THEN 'Europe/Simferopol' WHEN 'RW' THEN 'Africa/Kigali' WHEN 'SA' THEN 'Asia/Riyadh' WHEN 'SB' THEN 'Pacific/Guadalcanal' WHEN 'SC' THEN 'Indian/Mahe' WHEN 'SD' THEN 'Africa/Khartoum' WHEN 'SE' THEN 'Europe/Stockholm' WHEN 'SG' THEN 'Asia/Singapore' WHEN 'SH' THEN 'Atlantic/St_Helena' WHEN 'SI' THEN 'Europe/Ljubljana' WHEN 'SJ' THEN 'Arctic/Longyearbyen' WHEN 'SK' THEN 'Europe/Bratislava' WHEN 'SL' THEN 'Africa/Freetown' WHEN 'SM' THEN 'Europe/San_Marino' WHEN 'SN' THEN 'Africa/Dakar' WHEN 'SO' THEN 'Africa/Mogadishu' WHEN 'SR' THEN 'America/Paramaribo' WHEN 'SS' THEN 'Africa/Juba' WHEN 'ST' THEN 'Africa/Sao_Tome' WHEN 'SV' THEN 'America/El_Salvador' WHEN 'SX' THEN 'America/Lower_Princes' WHEN 'SY' THEN 'Asia/Damascus' WHEN 'SZ' THEN 'Africa/Mbabane' WHEN 'TC' THEN 'America/Grand_Turk' WHEN 'TD' THEN 'Africa/Ndjamena' WHEN 'TF' THEN 'Indian/Kerguelen' WHEN 'TG' THEN 'Africa/Lome' WHEN 'TH' THEN 'Asia/Bangkok' WHEN 'TJ' THEN 'Asia/Dushanbe' WHEN 'TK' THEN 'Pacific/Fakaofo' WHEN 'TL' THEN 'Asia/Dili' WHEN 'TM' THEN 'Asia/Ashgabat' WHEN 'TN' THEN 'Africa/Tunis' WHEN 'TO' THEN 'Pacific/Tongatapu' WHEN 'TR' THEN 'Europe/Istanbul' WHEN 'TT' THEN 'America/Port_of_Spain' WHEN 'TV' THEN 'Pacific/Funafuti' WHEN 'TW' THEN 'Asia/Taipei' WHEN 'TZ' THEN 'Africa/Dar_es_Salaam' WHEN 'UG' THEN 'Africa/Kampala' WHEN 'UM' THEN 'Pacific/Midway' WHEN 'US' THEN 'America/New_York' WHEN 'UY' THEN 'America/Montevideo' WHEN 'UZ' THEN 'Asia/Samarkand' WHEN 'VA' THEN 'Europe/Vatican' WHEN 'VC' THEN 'America/St_Vincent' WHEN 'VE' THEN 'America/Caracas' WHEN 'VG' THEN 'America/Tortola' WHEN 'VI' THEN 'America/St_Thomas' WHEN 'VN' THEN 'Asia/Ho_Chi_Minh' WHEN 'VU' THEN 'Pacific/Efate' WHEN 'WF' THEN 'Pacific/Wallis' WHEN 'WS' THEN 'Pacific/Apia' WHEN 'YE' THEN 'Asia/Aden' WHEN 'YT' THEN 'Indian/Mayotte' WHEN 'ZA' THEN 'Africa/Johannesburg' WHEN 'ZM' THEN 'Africa/Lusaka' WHEN 'ZW' THEN 'Africa/Harare' END), '') = COALESCE(c."time_zone", '')) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === query_where_on_segment
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2026-05-26 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 2) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE (c."q" AND ((c."country" = 'BE') AND (NOT c."email_bounced")))
) q
ORDER BY q.sam_customer;

-- === events_after_now_are_hidden
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2026-11-21 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === first_last_tie_order
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (COALESCE((SELECT min_by(ROW(CASE WHEN e1."customer_id" IS NOT NULL THEN e1."kind" END), ROW(e1."occurred_at", e1."sam_row"))[1] FROM "web_events" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."occurred_at") * 1000000) AS BIGINT) >= CAST(round(to_unixtime(e0."occurred_at") * 1000000) AS BIGINT)), e0."kind") <> e0."kind")
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (COALESCE((SELECT max_by(ROW(CASE WHEN e1."customer_id" IS NOT NULL THEN e1."kind" END), ROW(e1."occurred_at", e1."sam_row"))[1] FROM "web_events" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."occurred_at") * 1000000) AS BIGINT) < (CAST(round(to_unixtime(e0."occurred_at") * 1000000) AS BIGINT) + 1000000)), e0."kind") <> e0."kind")
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((c.sam_a1 IS NOT NULL) OR (c.sam_a2 IS NOT NULL)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === sets_of_ints
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."score" IN (0, 1, 10))) > 0 THEN TRUE END AS sam_a1, count(*) FILTER (WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))) AS sam_a2
    FROM "feedback" e0
    WHERE (e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))) OR (e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."score" IN (0, 1, 10)))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((c.sam_a1 IS NOT NULL) AND (c."country" <> 'NL')) OR (COALESCE(c.sam_a2, 0) IN (3, 4))) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === set_in_let
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((NOT (c."country" IN ('NL', 'BE', 'LU'))) AND (COALESCE(c.sam_a1, 0) >= 5)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === float_functions
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"n" AS (
  SELECT c.*,
    CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) AS "n"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    (((((CASE WHEN abs((c."n" / NULLIF(CAST(3 AS DOUBLE), 0))) >= 9.2e18 THEN CAST(fail('value out of range for an int') AS BIGINT) ELSE CAST(floor((c."n" / NULLIF(CAST(3 AS DOUBLE), 0))) AS BIGINT) END) = 2) AND ((CASE WHEN abs((c."n" / NULLIF(CAST(3 AS DOUBLE), 0))) >= 9.2e18 THEN CAST(fail('value out of range for an int') AS BIGINT) ELSE CAST(ceil((c."n" / NULLIF(CAST(3 AS DOUBLE), 0))) AS BIGINT) END) = 3)) OR ((CASE WHEN abs((c."n" / NULLIF(CAST(3 AS DOUBLE), 0)) * 1000000) >= 9.2e18 THEN CAST(fail('value out of range for a decimal') AS BIGINT) ELSE CAST((CASE WHEN abs((c."n" / NULLIF(CAST(3 AS DOUBLE), 0)) * 1000000 - floor((c."n" / NULLIF(CAST(3 AS DOUBLE), 0)) * 1000000)) = 0.5 THEN 2 * round((c."n" / NULLIF(CAST(3 AS DOUBLE), 0)) * 1000000 / 2) ELSE round((c."n" / NULLIF(CAST(3 AS DOUBLE), 0)) * 1000000) END) AS BIGINT) END) = 4333333 /* 4.333333 */)) OR (abs((CAST(COALESCE(c.sam_a2, 0) AS DOUBLE) - CAST(3.5 AS DOUBLE))) < CAST(1 AS DOUBLE))) AS "q"
  FROM "n" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === round_float
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((sign((CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) * CAST(0.25 AS DOUBLE))) * CASE WHEN abs((CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) * CAST(0.25 AS DOUBLE)) * CAST(1 AS DOUBLE)) - floor(abs((CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) * CAST(0.25 AS DOUBLE)) * CAST(1 AS DOUBLE))) >= 0.5 THEN floor(abs((CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) * CAST(0.25 AS DOUBLE)) * CAST(1 AS DOUBLE))) + 1 ELSE floor(abs((CAST(COALESCE(c.sam_a1, 0) AS DOUBLE) * CAST(0.25 AS DOUBLE)) * CAST(1 AS DOUBLE))) END / CAST(1 AS DOUBLE)) = CAST(1 AS DOUBLE)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === direct_string_order_tests
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2024-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((NOT (e0."category" < 'f')) AND (e0."category" < 'm')) AND (e0."category" <> 'garden'))) AS sam_a1, CASE WHEN count(*) FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND ((NOT ('books' < e0."category")) OR ('toys' < e0."category"))) > 0 THEN TRUE END AS sam_a2
    FROM "orders" e0
    WHERE (e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND ((NOT ('books' < e0."category")) OR ('toys' < e0."category"))) OR (e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2024-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((NOT (e0."category" < 'f')) AND (e0."category" < 'm')) AND (e0."category" <> 'garden')))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 0) >= 2) AND (c.sam_a2 IS NOT NULL)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === direct_bool_and_int_tests
WITH FUNCTION sam_round_div(n decimal(38, 0), d decimal(38, 0)) RETURNS decimal(38, 0)
  RETURN CASE WHEN 2 * abs(mod(n, d)) > abs(d)
                OR (2 * abs(mod(n, d)) = abs(d) AND mod((n - mod(n, d)) / d, 2) <> 0)
              THEN (n - mod(n, d)) / d + CASE WHEN (mod(n, d) > 0) = (d > 0) THEN 1 ELSE -1 END
              ELSE (n - mod(n, d)) / d END
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) FILTER (WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((NOT e0."complaint") AND (e0."score" > 6)) AND (10 >= e0."score"))) AS sam_a1, CAST(sam_round_div(sum(CAST(e0."score" AS DECIMAL(38, 0))) FILTER (WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."given_at" >= from_iso8601_timestamp_nanos(replace('2024-11-22 23:00:00.000000+00:00', ' ', 'T'))) * 1000000, NULLIF(count(e0."score") FILTER (WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."given_at" >= from_iso8601_timestamp_nanos(replace('2024-11-22 23:00:00.000000+00:00', ' ', 'T'))), 0)) AS BIGINT) AS sam_a2
    FROM "feedback" e0
    WHERE (e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((NOT e0."complaint") AND (e0."score" > 6)) AND (10 >= e0."score"))) OR (e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."given_at" >= from_iso8601_timestamp_nanos(replace('2024-11-22 23:00:00.000000+00:00', ' ', 'T')))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 0) >= 2) AND (COALESCE(c.sam_a2, 0 /* 0.000000 */) >= 6500000 /* 6.500000 */)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === direct_decimal_thresholds
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((e0."amount" > 99.995000) AND (e0."amount" <= 250.004900)) AND (e0."channel" <> 'store'))) AS sam_a1, max(CAST(round(to_unixtime(e0."ordered_at") * 1000000) AS BIGINT)) FILTER (WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."amount" >= 100.000000)) AS sam_a2
    FROM "orders" e0
    WHERE (e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."amount" >= 100.000000)) OR (e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."ordered_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (((e0."amount" > 99.995000) AND (e0."amount" <= 250.004900)) AND (e0."channel" <> 'store')))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 0) >= 1) AND (COALESCE(c.sam_a2, 1795388400000000 /* 2026-11-22 23:00:00.000000+00 */) < 1792796400000000 /* 2026-10-23 23:00:00.000000+00 */)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === direct_string_values_filtered
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2,
    g3.sam_a3
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min(e0."category") AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."channel" IN ('web', 'app'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max_by(ROW(CAST(e0."cart_id" AS VARCHAR)), ROW(e0."ordered_at", e0."sam_row"))[1] AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."category" IN ('toys', 'no such category'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min_by(CAST(e0."category" AS VARCHAR), ROW(e0."occurred_at", e0."sam_row")) FILTER (WHERE CAST(e0."category" AS VARCHAR) IS NOT NULL) AS sam_a3
    FROM "web_events" e0
    WHERE e0."occurred_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND e0."occurred_at" >= from_iso8601_timestamp_nanos(replace('2025-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (e0."kind" = 'product_view')
    GROUP BY e0."customer_id"
  ) g3 ON g3.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, '') = 'beauty') OR ((c.sam_a2 IS NOT NULL) AND (NOT (COALESCE(c.sam_a3, '') < 'h')))) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === direct_outer_int_equality
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a1
    FROM "feedback" e0
    WHERE e0."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND (COALESCE((SELECT count(*) FROM "feedback" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."given_at") * 1000000) AS BIGINT) < CAST(round(to_unixtime(e0."given_at") * 1000000) AS BIGINT) AND (e1."score" = e0."score")), 0) >= 1)
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (c.sam_a1 IS NOT NULL) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === add_years_of_today_timestamp
WITH
"q" AS (
  SELECT c.*,
    (c."signup_at" < from_iso8601_timestamp_nanos(replace('2024-11-22 23:00:00.000000+00:00', ' ', 'T'))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === add_years_of_today_leap_day
WITH
"q" AS (
  SELECT c.*,
    (((c."country" = 'DE') AND (c."birth_date" IS NOT NULL)) AND (c."birth_date" <= DATE '1963-02-28')) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === add_months_of_today_month_end
WITH
"q" AS (
  SELECT c.*,
    (((c."newsletter_optin_at" IS NOT NULL) AND (c."newsletter_optin_at" >= from_iso8601_timestamp_nanos(replace('2026-02-27 23:00:00.000000+00:00', ' ', 'T')))) AND (CAST(round(to_unixtime(c."signup_at") * 1000000) AS BIGINT) < CAST(round(to_unixtime(with_timezone(CAST(date_add('day', 20147 /* 2025-02-28 */, DATE '1970-01-01') AS TIMESTAMP(6)), 'Europe/Amsterdam')) * 1000000) AS BIGINT))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === date_parts_of_a_date
WITH
"q" AS (
  SELECT c.*,
    ((((c."birth_date" IS NOT NULL) AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) = 11)) AND (CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT) = 23)) AND (c."marketing_optin_at" IS NOT NULL)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === date_parts_ranges_and_sets
WITH
"q" AS (
  SELECT c.*,
    ((((c."birth_date" IS NOT NULL) AND ((CAST(EXTRACT(YEAR FROM c."birth_date") AS BIGINT) < 1970) OR (CAST(day_of_week(date_add('day', date_diff('day', DATE '1970-01-01', c."birth_date"), DATE '1970-01-01')) AS BIGINT) = 7))) AND (CAST(EXTRACT(MONTH FROM c."birth_date") AS BIGINT) IN (2, 3, 12))) AND (NOT (CAST(EXTRACT(DAY FROM c."birth_date") AS BIGINT) > 28))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

-- === nested_all_of_none
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, count(*) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND NOT EXISTS (SELECT 1 FROM "feedback" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."given_at" < from_iso8601_timestamp_nanos(replace('2026-11-22 23:00:00.000000+00:00', ' ', 'T')) AND CAST(round(to_unixtime(e1."given_at") * 1000000) AS BIGINT) < CAST(round(to_unixtime(e0."ordered_at") * 1000000) AS BIGINT) AND NOT COALESCE((e1."score" >= 8), FALSE))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, 0) >= 2) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer;

