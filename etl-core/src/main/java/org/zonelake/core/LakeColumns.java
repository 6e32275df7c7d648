package org.zonelake.core;

/**
 * The names of the columns the lake adds to every processed and quarantine row, under their former
 * name in etl-core. They are declared once, with their types, in {@link
 * org.zonelake.model.LakeColumns} (lake-model), which new code uses; this class only keeps code
 * written against the old name compiling.
 */
public final class LakeColumns extends org.zonelake.model.LakeColumns {

  private LakeColumns() {}
}
