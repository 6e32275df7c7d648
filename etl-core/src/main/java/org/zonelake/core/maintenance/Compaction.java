package org.zonelake.core.maintenance;

import java.util.List;
import java.util.OptionalLong;

/**
 * What compacting one table did.
 *
 * @param partitions the partitions that qualified (more small files than the policy allows), as
 *     {@link PartitionFiles#label() labels}; empty when nothing was compacted
 * @param filesRemoved the small files the compaction replaced (still on storage until a {@code
 *     VACUUM} past the retention deletes them)
 * @param filesAdded the files it wrote instead
 * @param bytesRemoved the size of the replaced files
 * @param bytesAdded the size of the written files
 * @param version the table version the compaction committed (empty when it committed nothing)
 */
public record Compaction(
    List<String> partitions,
    long filesRemoved,
    long filesAdded,
    long bytesRemoved,
    long bytesAdded,
    OptionalLong version) {

  /** Nothing compacted. */
  public static final Compaction NONE = new Compaction(List.of(), 0, 0, 0, 0, OptionalLong.empty());

  /** Copies the list. */
  public Compaction {
    partitions = List.copyOf(partitions);
  }
}
