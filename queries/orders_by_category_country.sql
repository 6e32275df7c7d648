-- Orders and revenue by category and country.
SELECT category, country, count(*) AS orders, sum(price * quantity) AS revenue
FROM processed_orders
GROUP BY category, country
ORDER BY category, country
