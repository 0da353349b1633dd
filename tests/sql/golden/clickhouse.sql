-- === count_within
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === sum_decimal
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, accurateCast(sum(e0."amount") * 1000000, 'Nullable(Int64)') AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === sum_value_of_where_enum
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, accurateCast(sum(e0."amount") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')) * 1000000, 'Nullable(Int64)') AS sam_a1, accurateCast(sum(e0."amount") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."channel" = 'web')) * 1000000, 'Nullable(Int64)') AS sam_a2
    FROM "orders" e0
    WHERE (e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')) OR (e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."channel" = 'web'))
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
    (accurateCast(sam_round_div(toInt128(c."web_revenue") * 2000000 /* 2.000000 */, 1000000), 'Nullable(Int64)') > c."revenue_365") AS "q"
  FROM "web_revenue" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === count_distinct_all_history
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(DISTINCT e0."category")) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === count_present_values
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(e0."cart_id")) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(DISTINCT e0."category")) AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2026-08-24 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === count_distinct_value_of
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(DISTINCT translate(e0."category", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2024-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."channel" <> 'store')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === avg_decimal
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, accurateCast(sam_round_div(toInt128(sum(e0."amount") * 1000000), NULLIF(count(e0."amount"), 0)), 'Nullable(Int64)') AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === decimal_division_exact
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, accurateCast(sum(e0."amount") * 1000000, 'Nullable(Int64)') AS sam_a1, toInt64(count(*)) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((accurateCast(sam_round_div(toInt128(COALESCE(accurateCast(sam_round_div(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, NULLIF(accurateCast(toInt128(COALESCE(c.sam_a2, 0)) * 1000000, 'Nullable(Int64)'), 0)), 'Nullable(Int64)'), 0 /* 0.000000 */)) * accurateCast(toInt128(COALESCE(c.sam_a2, 0)) * 1000000, 'Nullable(Int64)'), 1000000), 'Nullable(Int64)') = COALESCE(c.sam_a1, 0)) AND (COALESCE(c.sam_a2, 0) >= 3)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === int_division_decimal
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((accurateCast(sam_round_div(toInt128(accurateCast(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, 'Nullable(Int64)')) * 1000000, NULLIF(12000000 /* 12.000000 */, 0)), 'Nullable(Int64)') >= 500000 /* 0.500000 */) AND (accurateCast(sam_round_div(toInt128(accurateCast(toInt128(COALESCE(c.sam_a2, 0)) * 1000000, 'Nullable(Int64)')) * 1000000, NULLIF(2000000 /* 2.000000 */, 0)), 'Nullable(Int64)') = 500000 /* 0.500000 */)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === max_optional_let
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max(accurateCast(round(e0."amount" * 1000000), 'Nullable(Int64)')) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === min_timestamp_vs_date
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min(toUnixTimestamp64Micro(e0."occurred_at")) AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
    ((c."first_web" IS NOT NULL) AND (c."first_web" < toInt64(1704063600000000) /* 2023-12-31 23:00:00.000000+00 */)) AS "q"
  FROM "first_web" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === min_max_string
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, min(e0."category") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')) AS sam_a1, max(e0."category") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === last_row_amount
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMax(tuple(accurateCast(round(e0."amount" * 1000000), 'Nullable(Int64)')), tuple(e0."ordered_at", e0."sam_row")).1 AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === last_row_optional_field
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1, argMax(tuple(CAST(e0."cart_id" AS String)), tuple(e0."ordered_at", e0."sam_row")).1 AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === last_value_skips_absent
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMaxIf(CAST(e0."cart_id" AS String), tuple(e0."ordered_at", e0."sam_row"), CAST(e0."cart_id" AS String) IS NOT NULL) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMinIf(CAST(e0."category" AS String), tuple(e0."occurred_at", e0."sam_row"), CAST(e0."category" AS String) IS NOT NULL) AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === first_where_row_field
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMin(tuple(CAST(e0."category" AS String)), tuple(e0."ordered_at", e0."sam_row")).1 AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."channel" = 'store')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (COALESCE(c.sam_a1, '') = 'food' OR COALESCE(c.sam_a1, '') = 'books' OR COALESCE(c.sam_a1, '') = 'toys') AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === last_where_within
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMax(tuple(toUnixTimestamp64Micro(e0."occurred_at")), tuple(e0."occurred_at", e0."sam_row")).1 AS sam_a1
    FROM "web_events" e0
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."kind" = 'login')
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
    ((c."last_login" IS NOT NULL) AND ((c."last_login" >= toInt64(1792796400000000) /* 2026-10-23 23:00:00.000000+00 */) AND (c."last_login" < toInt64(1795388400000000) /* 2026-11-22 23:00:00.000000+00 */))) AS "q"
  FROM "last_login" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    SELECT e0."customer_id" AS customer, toBool(min(COALESCE((e0."score" >= 8), FALSE))) AS sam_a1, TRUE AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."given_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."kind" = 'unsubscribe')) > 0 THEN TRUE END AS sam_a3, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2026-10-23 23:00:00.000000+00', 6, 'UTC') AND (e0."kind" = 'open' OR e0."kind" = 'click')) > 0 THEN TRUE END AS sam_a4
    FROM "email_events" e0
    WHERE (e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."kind" = 'unsubscribe')) OR (e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2026-10-23 23:00:00.000000+00', 6, 'UTC') AND (e0."kind" = 'open' OR e0."kind" = 'click'))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    SELECT e0."customer_id" AS customer, toBool(min(COALESCE(e0."complaint", FALSE))) AS sam_a1
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a2
    FROM "address_changes" e0
    WHERE e0."changed_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a3
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === since_date
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-12-31 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e0."opened_at") >= accurateCast(toInt128(COALESCE(toUnixTimestamp64Micro(c."newsletter_optin_at"), toInt64(1795388400000000) /* 2026-11-22 23:00:00.000000+00 */)) + 1, 'Nullable(Int64)')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a2
    FROM "orders" e0
      JOIN "customers" c ON c."id" = e0."customer_id"
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e0."ordered_at") < accurateCast(toInt128(toUnixTimestamp64Micro(c."signup_at")) + toInt64(2592000000000), 'Nullable(Int64)')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === before_wall_clock
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" < parseDateTime64BestEffort('2025-06-01 10:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" < parseDateTime64BestEffort('2025-01-15 07:30:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2026-03-26 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" < parseDateTime64BestEffort('2026-03-29 22:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-10-24 22:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" < parseDateTime64BestEffort('2025-10-26 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === several_windows
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-12-31 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" < parseDateTime64BestEffort('2026-06-01 00:00:00.000000+00', 6, 'UTC') AND (e0."channel" <> 'store')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === within_comparison
WITH
"q" AS (
  SELECT c.*,
    (((c."signup_at" >= parseDateTime64BestEffort('2026-09-23 23:00:00.000000+00', 6, 'UTC')) AND (c."signup_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC'))) OR ((c."newsletter_optin_at" IS NOT NULL) AND ((c."newsletter_optin_at" >= parseDateTime64BestEffort('2026-11-08 23:00:00.000000+00', 6, 'UTC')) AND (c."newsletter_optin_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC'))))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === date_of_timestamp_tz
CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((sam_local_days(accurateCast(toInt128(toUnixTimestamp64Micro(c."signup_at")) - toInt64(7200000000), 'Nullable(Int64)'), 'Europe/Amsterdam')) < (sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam'))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === date_arithmetic
CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
WITH
"q" AS (
  SELECT c.*,
    (((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')) >= 20759 /* 2026-11-02 */) OR (accurateCast(toInt128(accurateCast(toInt128(20780 /* 2026-11-23 */) - COALESCE(toInt64(toInt32(c."birth_date")), 20780 /* 2026-11-23 */), 'Nullable(Int64)')) * 86400000000, 'Nullable(Int64)') > toInt64(2592000000000000))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === timestamp_between_comparison
WITH
"q" AS (
  SELECT c.*,
    (((c."signup_at" >= parseDateTime64BestEffort('2025-12-31 23:00:00.000000+00', 6, 'UTC')) AND (c."signup_at" <= parseDateTime64BestEffort('2026-06-30 21:59:59.000000+00', 6, 'UTC'))) AND (NOT (c."birth_date" IS NOT NULL))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === duration_arithmetic
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMax(tuple(toUnixTimestamp64Micro(e0."ordered_at")), tuple(e0."ordered_at", e0."sam_row")).1 AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
    (((c."last_order_at" IS NOT NULL) AND (accurateCast(toInt128(c."last_order_at") - toUnixTimestamp64Micro(c."signup_at"), 'Nullable(Int64)') > toInt64(63115200000000))) AND (accurateCast(toInt128(0) - accurateCast(toInt128(toInt64(1795388400000000) /* 2026-11-22 23:00:00.000000+00 */) - c."last_order_at", 'Nullable(Int64)'), 'Nullable(Int64)') > toInt64((-60480000000000)))) AS "q"
  FROM "last_order_at" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2026-10-23 23:00:00.000000+00', 6, 'UTC') AND ((e0."kind" = 'cart_add') AND NOT EXISTS (SELECT 1 FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."ordered_at") >= accurateCast(toInt128(toUnixTimestamp64Micro(e0."occurred_at")) + 1, 'Nullable(Int64)')))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."complaint" AND EXISTS (SELECT 1 FROM "feedback" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."given_at") >= accurateCast(toInt128(toUnixTimestamp64Micro(e0."given_at")) + 1, 'Nullable(Int64)') AND toUnixTimestamp64Micro(e1."given_at") < accurateCast(toInt128(toUnixTimestamp64Micro(e0."given_at")) + toInt64(2592000000000), 'Nullable(Int64)') AND (e1."score" >= 8)))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND EXISTS (SELECT 1 FROM "web_events" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."occurred_at") >= accurateCast(toInt128(toUnixTimestamp64Micro(e0."ordered_at")) - toInt64(604800000000), 'Nullable(Int64)') AND toUnixTimestamp64Micro(e1."occurred_at") < toUnixTimestamp64Micro(e0."ordered_at") AND (((e1."kind" = 'product_view') AND (e1."category" IS NOT NULL)) AND (e1."category" = e0."category")))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === nested_count_outer_alias
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND EXISTS (SELECT 1 FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."ordered_at") < toUnixTimestamp64Micro(e0."ordered_at") AND (e1."category" = e0."category"))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2026-10-23 23:00:00.000000+00', 6, 'UTC') AND (((e0."kind" = 'cart_add') AND (e0."cart_id" IS NOT NULL)) AND NOT EXISTS (SELECT 1 FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."ordered_at") >= accurateCast(toInt128(toUnixTimestamp64Micro(e0."occurred_at")) + 1, 'Nullable(Int64)') AND ((e1."cart_id" IS NOT NULL) AND (e1."cart_id" = e0."cart_id"))))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (COALESCE((SELECT accurateCast(sum(toInt128(CASE WHEN e1."customer_id" IS NOT NULL THEN accurateCast(round(e1."amount" * 1000000), 'Nullable(Int64)') END)), 'Nullable(Int64)') FROM "orders" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."ordered_at") >= toUnixTimestamp64Micro(e0."opened_at") AND toUnixTimestamp64Micro(e1."ordered_at") < accurateCast(toInt128(toUnixTimestamp64Micro(e0."opened_at")) + toInt64(7776000000000), 'Nullable(Int64)')), 0) > 200000000 /* 200.000000 */)
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."changed_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."new_country" <> c."country")
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === top_percent
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, accurateCast(sum(e0."amount") * 1000000, 'Nullable(Int64)') AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN toInt64(row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) DESC, c."id" ASC)) * 100000000 <= toInt128(10000000) * toInt64(count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL))) ELSE FALSE END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === top_n
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, accurateCast(sum(e0."amount") * 1000000, 'Nullable(Int64)') AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN toInt64(row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) DESC, c."id" ASC)) <= 100 ELSE FALSE END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === bottom_percent_ties
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN toInt64(row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) ASC, c."id" ASC)) * 100000000 <= toInt128(20000000) * toInt64(count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL))) ELSE FALSE END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === top_percent_among
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2026-08-24 23:00:00.000000+00', 6, 'UTC')) > 0 THEN TRUE END AS sam_a1, accurateCast(sum(e0."amount") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')) * 1000000, 'Nullable(Int64)') AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
    (CASE WHEN (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) THEN toInt64(row_number() OVER (PARTITION BY (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) ORDER BY COALESCE(c.sam_a2, 0) DESC, c."id" ASC)) * 100000000 <= toInt128(5000000) * toInt64(count(*) OVER (PARTITION BY (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)))) ELSE FALSE END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === rank_among
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2026-08-24 23:00:00.000000+00', 6, 'UTC')) > 0 THEN TRUE END AS sam_a1, accurateCast(sum(e0."amount") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')) * 1000000, 'Nullable(Int64)') AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
    (CASE WHEN (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) THEN toInt64(row_number() OVER (PARTITION BY (COALESCE(c.sam_a2, 0) IS NOT NULL AND COALESCE(c."recent_buyers", FALSE)) ORDER BY COALESCE(c.sam_a2, 0) DESC, c."id" ASC)) END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === percentile_ties
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (COALESCE(c.sam_a1, 0) IS NOT NULL) THEN accurateCast(sam_round_div(toInt128(toInt64(count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL))) - toInt64(row_number() OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL) ORDER BY COALESCE(c.sam_a1, 0) DESC, c."id" ASC))) * 100000000, toInt64(count(*) OVER (PARTITION BY (COALESCE(c.sam_a1, 0) IS NOT NULL)))), 'Nullable(Int64)') END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === bottom_n_optional
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, max(accurateCast(round(e0."amount" * 1000000), 'Nullable(Int64)')) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (c.sam_a1 IS NOT NULL) THEN toInt64(row_number() OVER (PARTITION BY (c.sam_a1 IS NOT NULL) ORDER BY c.sam_a1 ASC, c."id" ASC)) <= 50 ELSE FALSE END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === top_decimal_percent_timestamp
WITH
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (toUnixTimestamp64Micro(c."signup_at") IS NOT NULL) THEN toInt64(row_number() OVER (PARTITION BY (toUnixTimestamp64Micro(c."signup_at") IS NOT NULL) ORDER BY toUnixTimestamp64Micro(c."signup_at") DESC, c."id" ASC)) * 100000000 <= toInt128(12500000) * toInt64(count(*) OVER (PARTITION BY (toUnixTimestamp64Micro(c."signup_at") IS NOT NULL))) ELSE FALSE END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === rank_optional
WITH
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') IS NOT NULL) THEN toInt64(row_number() OVER (PARTITION BY (accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') IS NOT NULL) ORDER BY accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') DESC, c."id" ASC)) END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === percentile_among_optional
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
"dutch" AS (
  SELECT c.*,
    (c."country" = 'NL') AS "dutch"
  FROM "customers" c
),
"sam_rank1" AS (
  SELECT c.*,
    (CASE WHEN (accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') IS NOT NULL AND COALESCE(c."dutch", FALSE)) THEN accurateCast(sam_round_div(toInt128(toInt64(count(*) OVER (PARTITION BY (accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') IS NOT NULL AND COALESCE(c."dutch", FALSE)))) - toInt64(row_number() OVER (PARTITION BY (accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') IS NOT NULL AND COALESCE(c."dutch", FALSE)) ORDER BY accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') DESC, c."id" ASC))) * 100000000, toInt64(count(*) OVER (PARTITION BY (accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)') IS NOT NULL AND COALESCE(c."dutch", FALSE))))), 'Nullable(Int64)') END) AS "sam_rank1"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === optional_narrowing
WITH
"q" AS (
  SELECT c.*,
    (((((NOT (c."exit_reason" IS NOT NULL)) OR (c."exit_reason" <> 'price')) AND (NOT (c."marketing_optout_at" IS NOT NULL))) AND (c."marketing_optin_at" IS NOT NULL)) AND ((c."preferences_updated_at" IS NOT NULL) AND (toUnixTimestamp64Micro(c."preferences_updated_at") > accurateCast(toInt128(toUnixTimestamp64Micro(c."signup_at")) + toInt64(31536000000000), 'Nullable(Int64)')))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === if_else
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"age_or_zero" AS (
  SELECT c.*,
    (CASE WHEN (c."birth_date" IS NOT NULL) THEN ((2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) - CASE WHEN (2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) > 0 AND (11 * 32 + 23) < (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)')) THEN 1 ELSE 0 END + CASE WHEN (2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) < 0 AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)')) < (11 * 32 + 23) THEN 1 ELSE 0 END) ELSE 0 END) AS "age_or_zero"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    (((c."age_or_zero" >= 18) AND (c."age_or_zero" < 30)) OR (accurateCast(sam_round_div(toInt128((CASE WHEN (c."country" = 'NL') THEN 1000000 /* 1.000000 */ ELSE 500000 /* 0.500000 */ END)) * accurateCast(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, 'Nullable(Int64)'), 1000000), 'Nullable(Int64)') >= 30000000 /* 30.000000 */)) AS "q"
  FROM "age_or_zero" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === sets_strings_enums
WITH
"q" AS (
  SELECT c.*,
    (((c."country" = 'NL' OR c."country" = 'BE') AND (NOT (c."inflow_channel" = 'web' OR c."inflow_channel" = 'app'))) AND (c."gender" = 'female' OR c."gender" = 'other')) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === enum_in_event_stream
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."product" = 'mortgage' OR e0."product" = 'home_insurance')) > 0 THEN TRUE END AS sam_a1, CASE WHEN count(*) FILTER (WHERE e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."product" = 'savings')) > 0 THEN TRUE END AS sam_a2
    FROM "accounts" e0
    WHERE (e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."product" = 'mortgage' OR e0."product" = 'home_insurance')) OR (e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."product" = 'savings'))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === string_functions
WITH
"q" AS (
  SELECT c.*,
    (((endsWith(translate(c."email", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '@example.nl') AND startsWith(c."first_name", 'J')) OR (positionUTF8(translate(c."first_name", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'ë') > 0)) OR (lengthUTF8(c."first_name") <= 3)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a5, accurateCast(sum(toInt128((intDiv(accurateCast(toInt128(e0."score") * 1000000, 'Nullable(Int64)'), 1000000) - CASE WHEN ((accurateCast(toInt128(e0."score") * 1000000, 'Nullable(Int64)')) % toInt64(1000000)) < 0 THEN 1 ELSE 0 END))), 'Nullable(Int64)') AS sam_a6
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((((((intDiv(accurateCast(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, 'Nullable(Int64)'), 1000000) - CASE WHEN ((accurateCast(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, 'Nullable(Int64)')) % toInt64(1000000)) < 0 THEN 1 ELSE 0 END) = COALESCE(c.sam_a1, 0)) AND ((-(intDiv((-accurateCast(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, 'Nullable(Int64)')), 1000000) - CASE WHEN (((-accurateCast(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, 'Nullable(Int64)'))) % toInt64(1000000)) < 0 THEN 1 ELSE 0 END)) <= 5)) AND (COALESCE(c.sam_a1, 0) >= 2)) AND (accurateCast(sign(accurateCast(toInt128(COALESCE(c.sam_a5, 0)) * 1000000, 'Nullable(Int64)')) * intDiv(toInt128(abs(accurateCast(toInt128(COALESCE(c.sam_a5, 0)) * 1000000, 'Nullable(Int64)'))) + 500000, 1000000) * 1000000, 'Nullable(Int64)') >= 1000000 /* 1.000000 */)) AND (COALESCE(c.sam_a6, 0) >= 8)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === division_by_zero_absent
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a3,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1, accurateCast(sum(e0."amount") * 1000000, 'Nullable(Int64)') AS sam_a3
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((((COALESCE((toFloat64(COALESCE(c.sam_a1, 0)) / NULLIF(toFloat64(COALESCE(c.sam_a2, 0)), 0)), toFloat64(-1)) < toFloat64(0)) AND (COALESCE(accurateCast(sam_round_div(toInt128(COALESCE(c.sam_a3, 0)) * 1000000, NULLIF(accurateCast(toInt128(COALESCE(c.sam_a2, 0)) * 1000000, 'Nullable(Int64)'), 0)), 'Nullable(Int64)'), (-1000000) /* -1.000000 */) < 0 /* 0.000000 */)) AND (COALESCE(accurateCast(sam_round_div(toInt128(accurateCast(toInt128(COALESCE(c.sam_a1, 0)) * 1000000, 'Nullable(Int64)')) * 1000000, NULLIF(accurateCast(toInt128(COALESCE(c.sam_a2, 0)) * 1000000, 'Nullable(Int64)'), 0)), 'Nullable(Int64)'), (-1000000) /* -1.000000 */) < 0 /* 0.000000 */)) AND (COALESCE(c.sam_a1, 0) > 0)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND ((e0."category" IS NOT NULL) AND (positionUTF8(translate(e0."category", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'OO') > 0))) > 0 THEN TRUE END AS sam_a1, CASE WHEN count(*) FILTER (WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (((e0."category" IS NOT NULL) AND (translate(e0."category", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = 'toys')) AND (e0."kind" = 'cart_add'))) > 0 THEN TRUE END AS sam_a3
    FROM "web_events" e0
    WHERE (e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (((e0."category" IS NOT NULL) AND (translate(e0."category", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = 'toys')) AND (e0."kind" = 'cart_add'))) OR (e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND ((e0."category" IS NOT NULL) AND (positionUTF8(translate(e0."category", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'OO') > 0)))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND ((lengthUTF8(e0."category") > 5) AND (e0."category" <> 'beauty'))
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((((c."region" IS NOT NULL) AND startsWith(translate(c."region", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'noord')) OR (c.sam_a1 IS NOT NULL)) OR (COALESCE(c.sam_a2, 0) >= 4)) OR (c.sam_a3 IS NOT NULL)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === string_folded_tests
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND ((endsWith(e0."order_id", '-3') AND (e0."cart_id" IS NOT NULL)) AND startsWith(translate(e0."cart_id", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'c-1'))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((((((positionUTF8(translate(trim(BOTH ' \t\n\r' FROM c."email"), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'JAN.') > 0) AND (NOT startsWith(translate(c."email", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'jan.de'))) OR endsWith(translate(translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), 'LAAN 1')) OR (translate(trim(BOTH ' \t\n\r' FROM c."email"), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = 'eva.jansen12@example.nl')) OR startsWith(translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'kerkstraat 1')) OR (COALESCE(c.sam_a1, 0) >= 1)) OR ((translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') <> COALESCE(c."postal_address", '')) AND (positionUTF8(translate(COALESCE(c."postal_address", ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), 'tilburg') > 0))) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === string_trim_order
WITH
"q" AS (
  SELECT c.*,
    (((trim(BOTH ' \t\n\r' FROM COALESCE(c."region", ' ')) <> '') AND (COALESCE(c."region", '') < 'H')) AND (positionUTF8(COALESCE(c."postal_address", ''), 'laan') > 0)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."given_at" >= parseDateTime64BestEffort('2026-08-24 23:00:00.000000+00', 6, 'UTC') AND (e0."complaint" OR (e0."score" <= 4))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"churn_points" AS (
  SELECT c.*,
    accurateCast(toInt128(accurateCast(toInt128(accurateCast(toInt128(accurateCast(toInt128((CASE WHEN ((c."birth_date" IS NOT NULL) AND (((2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) - CASE WHEN (2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) > 0 AND (11 * 32 + 23) < (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)')) THEN 1 ELSE 0 END + CASE WHEN (2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) < 0 AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)')) < (11 * 32 + 23) THEN 1 ELSE 0 END) < 25)) THEN 20000000 /* 20.000000 */ ELSE 0 /* 0.000000 */ END)) + (CASE WHEN (c."inflow_channel" = 'partner') THEN 15000000 /* 15.000000 */ ELSE 0 /* 0.000000 */ END), 'Nullable(Int64)')) + (CASE WHEN (NOT (c."newsletter_optin_at" IS NOT NULL)) THEN 15000000 /* 15.000000 */ ELSE 0 /* 0.000000 */ END), 'Nullable(Int64)')) + (CASE WHEN (c.sam_a1 IS NOT NULL) THEN 30000000 /* 30.000000 */ ELSE 0 /* 0.000000 */ END), 'Nullable(Int64)')) + (CASE WHEN c."email_bounced" THEN 2500000 /* 2.500000 */ ELSE 0 /* 0.000000 */ END), 'Nullable(Int64)') AS "churn_points"
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === reference_lookup
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMin(tuple(e0."product"), tuple(e0."opened_at", e0."sam_row")).1 AS sam_a1
    FROM "accounts" e0
    WHERE e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."opened_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (((SELECT r."held_product" FROM "propositions" r WHERE r."held_product" = e0."product") IS NOT NULL) AND (NOT ((SELECT r."second_offer" FROM "propositions" r WHERE r."held_product" = e0."product") IS NOT NULL)))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === days_since_hours_since
CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((((20780 - (sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam'))) <= 30) AND ((intDiv((1795388400000000 - toUnixTimestamp64Micro(c."signup_at")), 3600000000) - CASE WHEN (((1795388400000000 - toUnixTimestamp64Micro(c."signup_at"))) % toInt64(3600000000)) < 0 THEN 1 ELSE 0 END) >= 100)) OR ((20780 - COALESCE(toInt64(toInt32(c."birth_date")), 20780 /* 2026-11-23 */)) = 20000)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === birthday_this_week
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
CREATE OR REPLACE FUNCTION sam_add_months AS (d, m) ->
  if(throwIf(NOT ifNull(toInt128(toYear(d)) * 12 + toMonth(d) - 1 + m BETWEEN 22800 AND 27599, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addMonths(d, m), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((c."birth_date" IS NOT NULL) AND (((toInt64(toInt32(sam_add_months(sam_date(toInt64(toInt32(c."birth_date"))), (2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) * 12))) - 20780 /* 2026-11-23 */) >= 0) AND ((toInt64(toInt32(sam_add_months(sam_date(toInt64(toInt32(c."birth_date"))), (2026 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) * 12))) - 20780 /* 2026-11-23 */) <= 6))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === months_years_between
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((((((accurateCast(EXTRACT(YEAR FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(YEAR FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) * 12 + accurateCast(EXTRACT(MONTH FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(MONTH FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) - CASE WHEN ((accurateCast(EXTRACT(YEAR FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(YEAR FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) * 12 + accurateCast(EXTRACT(MONTH FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(MONTH FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) > 0 AND accurateCast(EXTRACT(DAY FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') < accurateCast(EXTRACT(DAY FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') THEN 1 ELSE 0 END + CASE WHEN ((accurateCast(EXTRACT(YEAR FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(YEAR FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) * 12 + accurateCast(EXTRACT(MONTH FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(MONTH FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) < 0 AND accurateCast(EXTRACT(DAY FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') > accurateCast(EXTRACT(DAY FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') THEN 1 ELSE 0 END) = 6) OR ((c."birth_date" IS NOT NULL) AND (((accurateCast(EXTRACT(YEAR FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) - CASE WHEN (accurateCast(EXTRACT(YEAR FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) > 0 AND (accurateCast(EXTRACT(MONTH FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)')) < (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)')) THEN 1 ELSE 0 END + CASE WHEN (accurateCast(EXTRACT(YEAR FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) < 0 AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)')) < (accurateCast(EXTRACT(MONTH FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM sam_date(20780 /* 2026-11-23 */)), 'Nullable(Int64)')) THEN 1 ELSE 0 END) = 40))) OR (((2026 - accurateCast(EXTRACT(YEAR FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) - CASE WHEN (2026 - accurateCast(EXTRACT(YEAR FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) > 0 AND (11 * 32 + 23) < (accurateCast(EXTRACT(MONTH FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) THEN 1 ELSE 0 END + CASE WHEN (2026 - accurateCast(EXTRACT(YEAR FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) < 0 AND (accurateCast(EXTRACT(MONTH FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') * 32 + accurateCast(EXTRACT(DAY FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) < (11 * 32 + 23) THEN 1 ELSE 0 END) >= 14)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === calendar_parts
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((((accurateCast(EXTRACT(YEAR FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') = 2025) AND (accurateCast(toDayOfWeek(sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') = 7)) OR (((c."birth_date" IS NOT NULL) AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 2)) AND (accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)') >= 28))) OR ((accurateCast(toDayOfWeek(sam_date(20779 /* 2026-11-22 */)), 'Nullable(Int64)') = accurateCast(EXTRACT(DAY FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) AND (accurateCast(EXTRACT(MONTH FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') = 12))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === add_months_clamps
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
CREATE OR REPLACE FUNCTION sam_add_months AS (d, m) ->
  if(throwIf(NOT ifNull(toInt128(toYear(d)) * 12 + toMonth(d) - 1 + m BETWEEN 22800 AND 27599, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addMonths(d, m), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((accurateCast(EXTRACT(DAY FROM sam_date(toInt64(toInt32(sam_add_months(sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam'))), 1))))), 'Nullable(Int64)') < accurateCast(EXTRACT(DAY FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)')) OR (toInt64(toInt32(sam_add_months(sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam'))), 3))) = 20779 /* 2026-11-22 */)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === add_years_leap_day
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
CREATE OR REPLACE FUNCTION sam_add_months AS (d, m) ->
  if(throwIf(NOT ifNull(toInt128(toYear(d)) * 12 + toMonth(d) - 1 + m BETWEEN 22800 AND 27599, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addMonths(d, m), NULL);
WITH
"q" AS (
  SELECT c.*,
    (((c."birth_date" IS NOT NULL) AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 2)) AND (accurateCast(EXTRACT(DAY FROM sam_date(toInt64(toInt32(sam_add_months(sam_date(toInt64(toInt32(c."birth_date"))), (1) * 12))))), 'Nullable(Int64)') = 28)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === is_anniversary
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
CREATE OR REPLACE FUNCTION sam_local_days AS (us, zone) ->
  if(throwIf(NOT ifNull(us BETWEEN -2208988800000000 AND 10413791999999999, TRUE),
             'timestamp out of range for ClickHouse (1900 to 2299)') = 0,
     toInt64(toInt32(toDate32(fromUnixTimestamp64Micro(toInt64(us), zone)))), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((accurateCast(EXTRACT(MONTH FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') = 11 AND (accurateCast(EXTRACT(DAY FROM sam_date((sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')))), 'Nullable(Int64)') = 23) AND (sam_local_days(toUnixTimestamp64Micro(c."signup_at"), 'Europe/Amsterdam')) <> 20780) OR ((c."birth_date" IS NOT NULL) AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 11 AND (accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)') = 23) AND toInt64(toInt32(c."birth_date")) <> 20780))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === is_anniversary_leap_day
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
CREATE OR REPLACE FUNCTION sam_add_months AS (d, m) ->
  if(throwIf(NOT ifNull(toInt128(toYear(d)) * 12 + toMonth(d) - 1 + m BETWEEN 22800 AND 27599, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addMonths(d, m), NULL);
WITH
"q" AS (
  SELECT c.*,
    (((c."birth_date" IS NOT NULL) AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 2 AND (accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)') = 28 OR accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)') = 29) AND toInt64(toInt32(c."birth_date")) <> 20877)) AND (toInt64(toInt32(sam_add_months(sam_date(toInt64(toInt32(c."birth_date"))), (2027 - accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)')) * 12))) = 20877 /* 2027-02-28 */)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === start_of_days_hours
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2026-11-20 11:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((toUnixTimestamp64Micro(c."signup_at") >= accurateCast(toInt128(toUnixTimestamp64Micro(toDateTime64(sam_date(20735 /* 2026-10-09 */), 6, 'Europe/Amsterdam'))) + toInt64(32400000000), 'Nullable(Int64)')) OR (COALESCE(c.sam_a1, 0) >= 1)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    SELECT e0."customer_id" AS customer, accurateCast(sum(e0."amount") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')) * 1000000, 'Nullable(Int64)') AS sam_a1, accurateCast(sum(e0."amount") FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" < parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC')) * 1000000, 'Nullable(Int64)') AS sam_a2, toInt64(count(*) FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC'))) AS sam_a3
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a5
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((abs(accurateCast(toInt128(COALESCE(c.sam_a1, 0)) - COALESCE(c.sam_a2, 0), 'Nullable(Int64)')) < 20000000 /* 20.000000 */) AND (COALESCE(c.sam_a3, 0) > 0)) OR (accurateCast(toInt128((CASE WHEN COALESCE(c.sam_a3, 0) IS NULL OR 5 IS NULL THEN NULL WHEN COALESCE(c.sam_a3, 0) <= 5 THEN COALESCE(c.sam_a3, 0) ELSE 5 END)) + (CASE WHEN COALESCE(c.sam_a5, 0) IS NULL OR 1 IS NULL THEN NULL WHEN COALESCE(c.sam_a5, 0) >= 1 THEN COALESCE(c.sam_a5, 0) ELSE 1 END), 'Nullable(Int64)') >= 7)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === round_half_away_from_zero
WITH
"q" AS (
  SELECT c.*,
    ((accurateCast(sign(COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */)) * intDiv(toInt128(abs(COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */))) + 50000, 100000) * 100000, 'Nullable(Int64)') >= 500000 /* 0.500000 */) AND (accurateCast(sign(accurateCast(toInt128(0) - COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */), 'Nullable(Int64)')) * intDiv(toInt128(abs(accurateCast(toInt128(0) - COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */), 'Nullable(Int64)'))) + 50000, 100000) * 100000, 'Nullable(Int64)') <= (-500000) /* -0.500000 */)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === floor_ceil
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
"q" AS (
  SELECT c.*,
    (((intDiv(accurateCast(sam_round_div(toInt128(COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */)) * 10000000 /* 10.000000 */, 1000000), 'Nullable(Int64)'), 1000000) - CASE WHEN ((accurateCast(sam_round_div(toInt128(COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */)) * 10000000 /* 10.000000 */, 1000000), 'Nullable(Int64)')) % toInt64(1000000)) < 0 THEN 1 ELSE 0 END) = 3) AND ((-(intDiv((-accurateCast(sam_round_div(toInt128(COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */)) * 10000000 /* 10.000000 */, 1000000), 'Nullable(Int64)')), 1000000) - CASE WHEN (((-accurateCast(sam_round_div(toInt128(COALESCE(accurateCast(round(c."churn_model_score" * 1000000), 'Nullable(Int64)'), 0 /* 0.000000 */)) * 10000000 /* 10.000000 */, 1000000), 'Nullable(Int64)'))) % toInt64(1000000)) < 0 THEN 1 ELSE 0 END)) = 4)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === conversions
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2,
    g2.sam_a3
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1, accurateCast(sum(e0."amount") * 1000000, 'Nullable(Int64)') AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a3
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((((toFloat64(COALESCE(c.sam_a1, 0)) * toFloat64(1.5)) > toFloat64(10)) AND (intDiv(accurateCast(sam_round_div(toInt128(COALESCE(c.sam_a2, 0)) * 1000000, NULLIF(100000000 /* 100.000000 */, 0)), 'Nullable(Int64)'), 1000000) >= 3)) OR (accurateCast(sam_round_div(toInt128(accurateCast(toInt128(COALESCE(c.sam_a3, 0)) * 1000000, 'Nullable(Int64)')) * 1000000, NULLIF(4000000 /* 4.000000 */, 0)), 'Nullable(Int64)') = 500000 /* 0.500000 */)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === bucket_range
CREATE OR REPLACE FUNCTION sam_bucket AS (k, s, n) ->
  toInt64(arrayFold((h, x) -> bitXor(h, toUInt64(x)) * 1099511628211,
    arrayMap(i -> reinterpretAsUInt8(substring(concat(k, char(31), s), i, 1)),
             range(1, length(concat(k, char(31), s)) + 1)),
    toUInt64(14695981039346656037)) % toUInt64(n));
WITH
"q" AS (
  SELECT c.*,
    ((((CASE WHEN (10) <= 0 THEN toInt64(throwIf(1, '`bucket` needs a positive number of buckets')) ELSE sam_bucket(toString(c."id"), 'oracle', 10) END) < 0) OR ((CASE WHEN (10) <= 0 THEN toInt64(throwIf(1, '`bucket` needs a positive number of buckets')) ELSE sam_bucket(toString(c."id"), 'oracle', 10) END) > 9)) OR ((CASE WHEN (1) <= 0 THEN toInt64(throwIf(1, '`bucket` needs a positive number of buckets')) ELSE sam_bucket(toString(c."id"), 'oracle', 1) END) <> 0)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === query_where_on_segment
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2026-05-26 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2026-11-21 23:00:00.000000+00', 6, 'UTC')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (COALESCE((SELECT argMin(tuple(CASE WHEN e1."customer_id" IS NOT NULL THEN e1."kind" END), tuple(e1."occurred_at", e1."sam_row")).1 FROM "web_events" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."occurred_at") >= toUnixTimestamp64Micro(e0."occurred_at")), e0."kind") <> e0."kind")
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, TRUE AS sam_a2
    FROM "web_events" e0
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (COALESCE((SELECT argMax(tuple(CASE WHEN e1."customer_id" IS NOT NULL THEN e1."kind" END), tuple(e1."occurred_at", e1."sam_row")).1 FROM "web_events" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."occurred_at") < accurateCast(toInt128(toUnixTimestamp64Micro(e0."occurred_at")) + 1000000, 'Nullable(Int64)')), e0."kind") <> e0."kind")
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === sets_of_ints
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, CASE WHEN count(*) FILTER (WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."score" = 0 OR e0."score" = 1 OR e0."score" = 10)) > 0 THEN TRUE END AS sam_a1, toInt64(count(*) FILTER (WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC'))) AS sam_a2
    FROM "feedback" e0
    WHERE (e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')) OR (e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."score" = 0 OR e0."score" = 1 OR e0."score" = 10))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    (((c.sam_a1 IS NOT NULL) AND (c."country" <> 'NL')) OR (COALESCE(c.sam_a2, 0) = 3 OR COALESCE(c.sam_a2, 0) = 4)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === set_in_let
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((NOT (c."country" = 'NL' OR c."country" = 'BE' OR c."country" = 'LU')) AND (COALESCE(c.sam_a1, 0) >= 5)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === float_functions
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g2.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a2
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
),
"n" AS (
  SELECT c.*,
    toFloat64(COALESCE(c.sam_a1, 0)) AS "n"
  FROM "sam_aggregates" c
),
"q" AS (
  SELECT c.*,
    (((((CASE WHEN abs((c."n" / NULLIF(toFloat64(3), 0))) >= 9.2e18 THEN toInt64(throwIf(1, 'value out of range for an int')) ELSE accurateCast(floor((c."n" / NULLIF(toFloat64(3), 0))), 'Nullable(Int64)') END) = 2) AND ((CASE WHEN abs((c."n" / NULLIF(toFloat64(3), 0))) >= 9.2e18 THEN toInt64(throwIf(1, 'value out of range for an int')) ELSE accurateCast(ceil((c."n" / NULLIF(toFloat64(3), 0))), 'Nullable(Int64)') END) = 3)) OR ((CASE WHEN abs((c."n" / NULLIF(toFloat64(3), 0)) * 1000000) >= 9.2e18 THEN toInt64(throwIf(1, 'value out of range for a decimal')) ELSE accurateCast(roundBankers((c."n" / NULLIF(toFloat64(3), 0)) * 1000000), 'Nullable(Int64)') END) = 4333333 /* 4.333333 */)) OR (abs((toFloat64(COALESCE(c.sam_a2, 0)) - toFloat64(3.5))) < toFloat64(1))) AS "q"
  FROM "n" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === round_float
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "feedback" e0
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((sign((toFloat64(COALESCE(c.sam_a1, 0)) * toFloat64(0.25))) * CASE WHEN abs((toFloat64(COALESCE(c.sam_a1, 0)) * toFloat64(0.25)) * toFloat64(1)) - floor(abs((toFloat64(COALESCE(c.sam_a1, 0)) * toFloat64(0.25)) * toFloat64(1))) >= 0.5 THEN floor(abs((toFloat64(COALESCE(c.sam_a1, 0)) * toFloat64(0.25)) * toFloat64(1))) + 1 ELSE floor(abs((toFloat64(COALESCE(c.sam_a1, 0)) * toFloat64(0.25)) * toFloat64(1))) END / toFloat64(1)) = toFloat64(1)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === direct_string_order_tests
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*) FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2024-11-22 23:00:00.000000+00', 6, 'UTC') AND (((NOT (e0."category" < 'f')) AND (e0."category" < 'm')) AND (e0."category" <> 'garden')))) AS sam_a1, CASE WHEN count(*) FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND ((NOT ('books' < e0."category")) OR ('toys' < e0."category"))) > 0 THEN TRUE END AS sam_a2
    FROM "orders" e0
    WHERE (e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND ((NOT ('books' < e0."category")) OR ('toys' < e0."category"))) OR (e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2024-11-22 23:00:00.000000+00', 6, 'UTC') AND (((NOT (e0."category" < 'f')) AND (e0."category" < 'm')) AND (e0."category" <> 'garden')))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === direct_bool_and_int_tests
CREATE OR REPLACE FUNCTION sam_round_div AS (n, d) ->
  if(2 * abs(n % d) > abs(d) OR (2 * abs(n % d) = abs(d) AND intDiv(n, d) % 2 <> 0),
     intDiv(n, d) + sign(n % d) * sign(d), intDiv(n, d));
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*) FILTER (WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (((NOT e0."complaint") AND (e0."score" > 6)) AND (10 >= e0."score")))) AS sam_a1, accurateCast(sam_round_div(sum(toInt128(e0."score")) FILTER (WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."given_at" >= parseDateTime64BestEffort('2024-11-22 23:00:00.000000+00', 6, 'UTC')) * 1000000, NULLIF(count(e0."score") FILTER (WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."given_at" >= parseDateTime64BestEffort('2024-11-22 23:00:00.000000+00', 6, 'UTC')), 0)), 'Nullable(Int64)') AS sam_a2
    FROM "feedback" e0
    WHERE (e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (((NOT e0."complaint") AND (e0."score" > 6)) AND (10 >= e0."score"))) OR (e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."given_at" >= parseDateTime64BestEffort('2024-11-22 23:00:00.000000+00', 6, 'UTC'))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === direct_decimal_thresholds
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1,
    g1.sam_a2
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*) FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND (((e0."amount" > 99.995000) AND (e0."amount" <= 250.004900)) AND (e0."channel" <> 'store')))) AS sam_a1, max(toUnixTimestamp64Micro(e0."ordered_at")) FILTER (WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."amount" >= 100.000000)) AS sam_a2
    FROM "orders" e0
    WHERE (e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."amount" >= 100.000000)) OR (e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."ordered_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND (((e0."amount" > 99.995000) AND (e0."amount" <= 250.004900)) AND (e0."channel" <> 'store')))
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
),
"q" AS (
  SELECT c.*,
    ((COALESCE(c.sam_a1, 0) >= 1) AND (COALESCE(c.sam_a2, toInt64(1795388400000000) /* 2026-11-22 23:00:00.000000+00 */) < toInt64(1792796400000000) /* 2026-10-23 23:00:00.000000+00 */)) AS "q"
  FROM "sam_aggregates" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."channel" = 'web' OR e0."channel" = 'app')
    GROUP BY e0."customer_id"
  ) g1 ON g1.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMax(tuple(CAST(e0."cart_id" AS String)), tuple(e0."ordered_at", e0."sam_row")).1 AS sam_a2
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."category" = 'toys' OR e0."category" = 'no such category')
    GROUP BY e0."customer_id"
  ) g2 ON g2.customer = c."id"
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, argMinIf(CAST(e0."category" AS String), tuple(e0."occurred_at", e0."sam_row"), CAST(e0."category" AS String) IS NOT NULL) AS sam_a3
    FROM "web_events" e0
    WHERE e0."occurred_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND e0."occurred_at" >= parseDateTime64BestEffort('2025-11-22 23:00:00.000000+00', 6, 'UTC') AND (e0."kind" = 'product_view')
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

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
    WHERE e0."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND (COALESCE((SELECT toInt64(count(*)) FROM "feedback" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."given_at") < toUnixTimestamp64Micro(e0."given_at") AND (e1."score" = e0."score")), 0) >= 1)
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === add_years_of_today_timestamp
WITH
"q" AS (
  SELECT c.*,
    (c."signup_at" < parseDateTime64BestEffort('2024-11-22 23:00:00.000000+00', 6, 'UTC')) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === add_years_of_today_leap_day
WITH
"q" AS (
  SELECT c.*,
    (((c."country" = 'DE') AND (c."birth_date" IS NOT NULL)) AND (c."birth_date" <= toDate32('1963-02-28'))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === add_months_of_today_month_end
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
WITH
"q" AS (
  SELECT c.*,
    (((c."newsletter_optin_at" IS NOT NULL) AND (c."newsletter_optin_at" >= parseDateTime64BestEffort('2026-02-27 23:00:00.000000+00', 6, 'UTC'))) AND (toUnixTimestamp64Micro(c."signup_at") < toUnixTimestamp64Micro(toDateTime64(sam_date(20147 /* 2025-02-28 */), 6, 'Europe/Amsterdam')))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === date_parts_of_a_date
WITH
"q" AS (
  SELECT c.*,
    ((((c."birth_date" IS NOT NULL) AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 11)) AND (accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)') = 23)) AND (c."marketing_optin_at" IS NOT NULL)) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === date_parts_ranges_and_sets
CREATE OR REPLACE FUNCTION sam_date AS (d) ->
  if(throwIf(NOT ifNull(d BETWEEN -25567 AND 120529, TRUE),
             'date out of range for ClickHouse (1900 to 2299)') = 0,
     addDays(toDate32('1970-01-01'), d), NULL);
WITH
"q" AS (
  SELECT c.*,
    ((((c."birth_date" IS NOT NULL) AND ((accurateCast(EXTRACT(YEAR FROM c."birth_date"), 'Nullable(Int64)') < 1970) OR (accurateCast(toDayOfWeek(sam_date(toInt64(toInt32(c."birth_date")))), 'Nullable(Int64)') = 7))) AND (accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 2 OR accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 3 OR accurateCast(EXTRACT(MONTH FROM c."birth_date"), 'Nullable(Int64)') = 12)) AND (NOT (accurateCast(EXTRACT(DAY FROM c."birth_date"), 'Nullable(Int64)') > 28))) AS "q"
  FROM "customers" c
)
SELECT sam_column0 AS "column1" FROM (
  SELECT c."id" AS sam_customer,
    c."id" AS sam_column0
  FROM "q" c
  WHERE c."q"
) q
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

-- === nested_all_of_none
WITH
-- the aggregates over events that read no let, once per table
"sam_aggregates" AS (
  SELECT c.*,
    g1.sam_a1
  FROM "customers" c
  LEFT JOIN (
    SELECT e0."customer_id" AS customer, toInt64(count(*)) AS sam_a1
    FROM "orders" e0
    WHERE e0."ordered_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND NOT EXISTS (SELECT 1 FROM "feedback" e1 WHERE e1."customer_id" = e0."customer_id" AND e1."given_at" < parseDateTime64BestEffort('2026-11-22 23:00:00.000000+00', 6, 'UTC') AND toUnixTimestamp64Micro(e1."given_at") < toUnixTimestamp64Micro(e0."ordered_at") AND NOT COALESCE((e1."score" >= 8), FALSE))
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
ORDER BY q.sam_customer
SETTINGS join_use_nulls = 1, cast_keep_nullable = 1, short_circuit_function_evaluation = 'force_enable', aggregate_functions_null_for_empty = 1;

