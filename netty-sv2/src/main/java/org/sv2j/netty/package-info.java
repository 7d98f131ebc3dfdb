/** Stratum V2 on Netty. */
package org.sv2j.netty;
