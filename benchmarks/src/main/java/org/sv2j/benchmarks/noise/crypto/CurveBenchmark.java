package org.sv2j.benchmarks.noise.crypto;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sv2j.noise.crypto.ElligatorSwift;
import org.sv2j.noise.crypto.Schnorr;
import org.sv2j.noise.crypto.Secp256k1;

/**
 * The secp256k1 primitives of the Noise handshake, one operation per call, cycling through 64 fixed
 * random keys. {@code initiatorSide} and {@code responderSide} add up the elliptic-curve work of
 * one handshake side (no hashing/AEAD), for comparison with the reference's full-handshake time:
 * the initiator verifies against a fixed authority key, the responder signs with a prepared key.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CurveBenchmark {
  private static final int KEYS = 64;

  private byte[][] secrets;
  private byte[][] rawSecrets;
  private byte[][] xOnly;
  private byte[][] encodings;
  private byte[][] signatures;
  private byte[] message;
  private Schnorr.SigningKey authority;
  private byte[] authorityXOnly;
  private byte[] authoritySignature;
  private byte[] aux;
  private int i;

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(42);
    secrets = new byte[KEYS][];
    rawSecrets = new byte[KEYS][];
    xOnly = new byte[KEYS][];
    encodings = new byte[KEYS][];
    signatures = new byte[KEYS][];
    message = new byte[32];
    aux = new byte[32];
    rnd.nextBytes(message);
    rnd.nextBytes(aux);
    for (int k = 0; k < KEYS; k++) {
      byte[] raw = new byte[32];
      do {
        rnd.nextBytes(raw);
      } while (!Secp256k1.isValidSecretKey(raw));
      rawSecrets[k] = raw;
      ElligatorSwift.EvenYKeyPair kp = ElligatorSwift.evenYKeyPair(raw);
      secrets[k] = kp.secretKey();
      xOnly[k] = kp.xOnlyPublicKey();
      encodings[k] = kp.encoding();
      signatures[k] = Schnorr.sign(secrets[k], message, aux);
    }
    authority = Schnorr.signingKey(secrets[0]);
    authorityXOnly = authority.xOnlyPublicKey();
    authoritySignature = signatures[0];
  }

  private int next() {
    i = (i + 1) & (KEYS - 1);
    return i;
  }

  /** k·G and the x-only key (one fixed-base multiplication plus an inversion). */
  @Benchmark
  public byte[] keygen() {
    return Secp256k1.xOnlyPublicKey(secrets[next()]);
  }

  /** Even-Y normalization, x-only key and reference encoding from one k·G. */
  @Benchmark
  public ElligatorSwift.EvenYKeyPair evenYKeyPair() {
    return ElligatorSwift.evenYKeyPair(rawSecrets[next()]);
  }

  /** k·G plus the ElligatorSwift encoding search (the reference's encode, zero rnd32). */
  @Benchmark
  public byte[] create() {
    return ElligatorSwift.create(secrets[next()], null);
  }

  @Benchmark
  public byte[] decode() {
    return ElligatorSwift.decode(encodings[next()]);
  }

  /** Decode + x-only variable-base multiplication + tagged hash. */
  @Benchmark
  public byte[] xdh() {
    int a = next();
    return ElligatorSwift.xdh(encodings[a], encodings[(a + 1) & (KEYS - 1)], secrets[a], true);
  }

  /** A responder's two ECDHs with one initiator key, as one call (one decode, table, inversion). */
  @Benchmark
  public byte[][] xdhPair() {
    int a = next();
    int b = (a + 1) & (KEYS - 1);
    int c = (a + 2) & (KEYS - 1);
    return ElligatorSwift.xdhPair(encodings[a], encodings[b], secrets[b], encodings[c], secrets[c]);
  }

  @Benchmark
  public byte[] sign() {
    return Schnorr.sign(secrets[next()], message, aux);
  }

  /** Signing with a prepared key (one fixed-base multiplication). */
  @Benchmark
  public byte[] signPrepared() {
    next();
    return Schnorr.sign(authority, message, aux);
  }

  /** Verification against a different key each time (lift_x and a small table per call). */
  @Benchmark
  public boolean verify() {
    int a = next();
    return Schnorr.verify(xOnly[a], message, signatures[a]);
  }

  /** Verification against the same key every time, as an initiator with an authority key. */
  @Benchmark
  public boolean verifySameKey() {
    next();
    return Schnorr.verify(authorityXOnly, message, authoritySignature);
  }

  /** Initiator: ephemeral key pair + encoding, ee and es ECDH, certificate verification. */
  @Benchmark
  public void initiatorSide(Blackhole bh) {
    int a = next();
    int b = (a + 1) & (KEYS - 1);
    int c = (a + 2) & (KEYS - 1);
    ElligatorSwift.EvenYKeyPair e = ElligatorSwift.evenYKeyPair(rawSecrets[a]);
    byte[] ell = e.encoding();
    byte[] sk = e.secretKey();
    bh.consume(ElligatorSwift.xdh(ell, encodings[b], sk, true));
    bh.consume(ElligatorSwift.xdh(ell, encodings[c], sk, true));
    bh.consume(Schnorr.verify(authorityXOnly, message, authoritySignature));
  }

  /** Responder: ephemeral and static key pairs + encodings, ee and es ECDH, certificate signing. */
  @Benchmark
  public void responderSide(Blackhole bh) {
    int a = next();
    int b = (a + 1) & (KEYS - 1);
    int c = (a + 2) & (KEYS - 1);
    ElligatorSwift.EvenYKeyPair e = ElligatorSwift.evenYKeyPair(rawSecrets[a]);
    ElligatorSwift.EvenYKeyPair s = ElligatorSwift.evenYKeyPair(rawSecrets[b]);
    bh.consume(
        ElligatorSwift.xdhPair(
            encodings[c], e.encoding(), e.secretKey(), s.encoding(), s.secretKey()));
    bh.consume(Schnorr.sign(authority, message, aux));
  }
}
