/** JMH benchmarks, one sub-package per area (buffer, framing, codec, noise). */
package org.sv2j.benchmarks;
