package org.sv2j.buffer;

class BufferPool40ContractTest extends BufferPoolContractTest {
  @Override
  int capacity() {
    return 40;
  }
}
