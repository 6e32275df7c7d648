-- Orders of one event day: the filter on the partition columns reads only that day's files.
SELECT order_id, product, price
FROM processed_orders
WHERE year = 2026 AND month = 11 AND day = 21
ORDER BY order_id
