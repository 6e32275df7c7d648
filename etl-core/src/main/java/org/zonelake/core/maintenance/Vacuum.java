package org.zonelake.core.maintenance;

import java.time.Duration;

/**
 * What one {@code VACUUM} deleted: data files the table stopped referencing longer ago than the
 * retention (replaced by compaction or rewrites), and files no commit ever referenced (left by a
 * failed write) older than the retention.
 *
 * @param retention the retention it ran with
 * @param filesDeleted how many files it deleted
 * @param bytesDeleted their total size
 */
public record Vacuum(Duration retention, long filesDeleted, long bytesDeleted) {}
