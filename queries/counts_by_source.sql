-- Records, quarantined rows and duplicates per source, from the curated daily summary (as of the last curated run).
SELECT source, sum(records) AS records, sum(quarantined) AS quarantined, sum(duplicates) AS duplicates
FROM daily_summary
GROUP BY source
ORDER BY source
