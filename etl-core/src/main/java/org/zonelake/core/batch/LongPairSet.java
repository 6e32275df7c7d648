package org.zonelake.core.batch;

/**
 * A set of 128-bit keys (two longs each) with open addressing: no boxing, 16 bytes a key at half
 * load. Used per partition to keep the first row of each dedupe key. {@link #add} and {@link
 * #contains} each probe on their own: one shared probe method measured a few per cent slower.
 */
final class LongPairSet {

  private long[] keys;
  private boolean[] used;
  private int size;

  LongPairSet(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity * 2];
    used = new boolean[capacity];
  }

  /** Adds the key; returns false when it was already there. */
  boolean add(long hi, long lo) {
    if ((size + 1) * 2 > used.length) {
      grow();
    }
    int mask = used.length - 1;
    int slot = mix(hi, lo) & mask;
    while (used[slot]) {
      if (keys[2 * slot] == hi && keys[2 * slot + 1] == lo) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    keys[2 * slot] = hi;
    keys[2 * slot + 1] = lo;
    size++;
    return true;
  }

  /** True when the key is in the set. */
  boolean contains(long hi, long lo) {
    int mask = used.length - 1;
    int slot = mix(hi, lo) & mask;
    while (used[slot]) {
      if (keys[2 * slot] == hi && keys[2 * slot + 1] == lo) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    used = new boolean[oldUsed.length * 2];
    size = 0;
    for (int i = 0; i < oldUsed.length; i++) {
      if (oldUsed[i]) {
        add(oldKeys[2 * i], oldKeys[2 * i + 1]);
      }
    }
  }

  private static int mix(long hi, long lo) {
    long h = hi * 0x9E3779B97F4A7C15L ^ lo;
    h ^= h >>> 32;
    h *= 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 29));
  }
}
