package org.sv2j.binary;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list over an array the reader filled and nobody else holds: what {@link Reader}
 * returns for sequences, so that a message's {@link Check#seq} can keep it without copying it again.
 */
final class FrozenList<T> extends AbstractList<T> implements RandomAccess {
  private final Object[] elements;

  FrozenList(Object[] owned) {
    this.elements = owned;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get(int index) {
    return (T) elements[Objects.checkIndex(index, elements.length)];
  }

  @Override
  public int size() {
    return elements.length;
  }
}
