package org.sv2j.buffer;

class BufferPool327680ContractTest extends BufferPoolContractTest {
  @Override
  int capacity() {
    return 327680;
  }
}
