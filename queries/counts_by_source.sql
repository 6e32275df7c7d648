-- Records per source in the processed zone, from the curated daily summary.
SELECT source, sum(records) AS records, sum(quarantined) AS quarantined, sum(duplicates) AS duplicates
FROM daily_summary
GROUP BY source
ORDER BY source
