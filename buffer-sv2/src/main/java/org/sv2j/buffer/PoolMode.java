package org.sv2j.buffer;

/**
 * Where a {@link BufferPool} places the message being written.
 *
 * <ul>
 *   <li>{@link #BACK}: after the last live slice, appending left to right through the block;
 *   <li>{@link #FRONT}: at the start of the block, in space freed by released slices while later (back)
 *       slices are still alive;
 *   <li>{@link #ALLOC}: on the heap, because the pool has no free slot or no room; the pool returns to
 *       BACK or FRONT as soon as slices are released.
 * </ul>
 */
public enum PoolMode {
  /** After the last live slice, appending left to right through the block. */
  BACK,
  /** At the start of the block, in space freed by released slices, while later slices are still alive. */
  FRONT,
  /** On the heap: the pool has no free slot or no room; it returns to BACK or FRONT once slices are released. */
  ALLOC
}
