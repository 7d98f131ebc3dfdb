package org.sv2j.buffer;

class BufferPool0ContractTest extends BufferPoolContractTest {
  @Override
  int capacity() {
    return 0;
  }
}
