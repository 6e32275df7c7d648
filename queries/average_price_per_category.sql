-- Average order price per category.
SELECT category, round(avg(price), 2) AS avg_price
FROM processed_orders
GROUP BY category
ORDER BY category
