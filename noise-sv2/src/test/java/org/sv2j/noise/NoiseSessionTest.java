package org.sv2j.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sv2j.noise.NoiseException.Kind;
import org.sv2j.noise.crypto.ChaChaPolyBc;
import org.sv2j.noise.crypto.ChaChaPolyJdk;

/** Transport behaviour: in place, ByteBuffers, failure, counters, exhaustion, close, allocation. */
class NoiseSessionTest {

  /** A connected pair [initiator, responder] from a real handshake. */
  static NoiseSession[] pair() {
    return pair(true);
  }

  static NoiseSession[] pair(boolean failStop) {
    AuthorityKeys keys = AuthorityKeys.generate();
    Responder r =
        Responder.builder(keys.publicKey(), keys.secretKey(), Duration.ofMinutes(1))
            .failStop(failStop)
            .build();
    Initiator i = Initiator.builder(keys.publicKey()).failStop(failStop).build();
    Responder.Reply reply = r.step1(i.step0());
    return new NoiseSession[] {i.step2(reply.message()), reply.session()};
  }

  @Test
  void encryptsInPlaceAtAnOffsetBothWays() {
    NoiseSession[] p = pair();
    for (int dir = 0; dir < 2; dir++) {
      NoiseSession a = p[dir];
      NoiseSession b = p[1 - dir];
      byte[] buf = new byte[100];
      byte[] msg = "Ciao, Mondo!".getBytes();
      System.arraycopy(msg, 0, buf, 10, msg.length);
      assertThat(a.encrypt(buf, 10, msg.length)).isEqualTo(msg.length + 16);
      assertThat(Arrays.copyOfRange(buf, 10, 10 + msg.length)).isNotEqualTo(msg);
      assertThat(a.sendNonce()).isEqualTo(1);
      assertThat(b.decrypt(buf, 10, msg.length + 16)).isEqualTo(msg.length);
      assertThat(Arrays.copyOfRange(buf, 10, 10 + msg.length)).isEqualTo(msg);
      assertThat(b.receiveNonce()).isEqualTo(1);
    }
    assertThat(p[0].sendNonce()).isEqualTo(1);
    assertThat(p[0].receiveNonce()).isEqualTo(1);
  }

  @Test
  void failedDecryptLeavesALenientSessionUsableAndTheCounterUnchanged() {
    NoiseSession[] p = pair(false);
    assertThat(p[0].isFailStop()).isFalse();
    byte[] buf = new byte[6 + 16];
    buf[0] = 42;
    p[0].encrypt(buf, 0, 6);
    for (int at = 0; at < buf.length; at++) {
      byte[] bad = buf.clone();
      bad[at] ^= 0x20;
      byte[] before = bad.clone();
      assertThatThrownBy(() -> p[1].decrypt(bad, 0, bad.length))
          .isInstanceOfSatisfying(
              NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_TAG));
      assertThat(bad).as("nothing delivered").isEqualTo(before);
      assertThat(p[1].receiveNonce()).isZero();
    }
    assertThatThrownBy(() -> p[1].decrypt(buf, 0, 15))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.WRONG_MESSAGE_LENGTH));
    assertThat(p[1].decrypt(buf, 0, buf.length)).isEqualTo(6);
    assertThat(buf[0]).isEqualTo((byte) 42);
    assertThat(p[1].receiveNonce()).isEqualTo(1);
  }

  @Test
  void aFailStopSessionRefusesEverythingAfterTheFirstBadTag() {
    NoiseSession[] p = pair();
    assertThat(p[0].isFailStop()).isTrue();
    assertThat(p[1].isFailStop()).isTrue();
    byte[] buf = new byte[6 + 16];
    p[0].encrypt(buf, 0, 6);
    byte[] good = buf.clone();
    // Other failures (a ciphertext shorter than a tag) do not stop the session.
    assertThatThrownBy(() -> p[1].decrypt(buf, 0, 15))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.WRONG_MESSAGE_LENGTH));
    assertThat(p[1].isFailed()).isFalse();
    buf[3] ^= 1;
    assertThatThrownBy(() -> p[1].decrypt(buf, 0, buf.length))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_TAG));
    assertThat(p[1].isFailed()).isTrue();
    assertThat(p[1].sendState().hasKey()).as("keys wiped").isFalse();
    assertThat(p[1].receiveState().hasKey()).isFalse();
    for (Runnable call :
        new Runnable[] {
          () -> p[1].decrypt(good.clone(), 0, good.length),
          () -> p[1].decrypt(java.nio.ByteBuffer.wrap(good.clone())),
          () -> p[1].encrypt(new byte[16], 0, 0),
          () -> p[1].encrypt(java.nio.ByteBuffer.allocate(16).limit(0))
        }) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SESSION_FAILED));
    }
    assertThat(p[1].toString()).contains("failed");
    p[1].close();
    assertThatThrownBy(() -> p[1].encrypt(new byte[16], 0, 0)).isInstanceOf(IllegalStateException.class);
    // The peer's session is unaffected (it has no way to know).
    assertThat(p[0].encrypt(new byte[16], 0, 0)).isEqualTo(16);

    // The ByteBuffer path stops the session the same way.
    NoiseSession[] q = pair();
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocateDirect(32);
    bb.put(new byte[6]).flip();
    q[0].encrypt(bb);
    bb.put(2, (byte) (bb.get(2) ^ 1));
    assertThatThrownBy(() -> q[1].decrypt(bb))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_TAG));
    assertThat(q[1].isFailed()).isTrue();
  }

  @Test
  void boundsAreCheckedBeforeAnythingChanges() {
    NoiseSession[] p = pair();
    byte[] buf = new byte[20];
    assertThatThrownBy(() -> p[0].encrypt(buf, 0, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> p[0].encrypt(buf, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> p[1].decrypt(buf, 10, 16)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(buf).containsOnly(0);
    assertThat(p[0].sendNonce()).isZero();
  }

  @Test
  void byteBufferOverloadsOnHeapSlicedAndDirectBuffers() {
    NoiseSession[] p = pair(false); // it decrypts a tampered buffer, then goes on
    byte[] msg = new byte[1500];
    for (int i = 0; i < msg.length; i++) {
      msg[i] = (byte) i;
    }
    ByteBuffer[] kinds = {
      ByteBuffer.allocate(2000),
      ByteBuffer.allocate(2100).position(50).slice(), // arrayOffset 50
      ByteBuffer.allocateDirect(2000)
    };
    for (ByteBuffer enc : kinds) {
      for (ByteBuffer dec : kinds) {
        enc.clear().position(7);
        enc.put(msg).flip().position(7);
        int n = p[0].encrypt(enc);
        assertThat(n).isEqualTo(msg.length + 16);
        assertThat(enc.position()).isEqualTo(7);
        assertThat(enc.limit()).isEqualTo(7 + n);
        byte[] wire = new byte[n];
        enc.get(7, wire);

        dec.clear().position(3);
        dec.put(wire).flip().position(3);
        assertThat(p[1].decrypt(dec)).isEqualTo(msg.length);
        assertThat(dec.position()).isEqualTo(3);
        assertThat(dec.limit()).isEqualTo(3 + msg.length);
        byte[] got = new byte[msg.length];
        dec.get(3, got);
        assertThat(got).isEqualTo(msg);

        // The next message, corrupted: content, position and limit unchanged.
        enc.clear().position(7);
        enc.put(msg).flip().position(7);
        p[0].encrypt(enc);
        enc.get(7, wire);
        dec.clear().position(3);
        wire[100] ^= 1;
        dec.put(wire).flip().position(3);
        long nonce = p[1].receiveNonce();
        assertThatThrownBy(() -> p[1].decrypt(dec)).isInstanceOf(NoiseException.class);
        assertThat(dec.position()).isEqualTo(3);
        assertThat(dec.limit()).isEqualTo(3 + n);
        byte[] still = new byte[n];
        dec.get(3, still);
        assertThat(still).isEqualTo(wire);
        assertThat(p[1].receiveNonce()).isEqualTo(nonce);
        // The intact ciphertext still decrypts: the failure consumed nothing.
        wire[100] ^= 1;
        dec.clear().position(3);
        dec.put(wire).flip().position(3);
        assertThat(p[1].decrypt(dec)).isEqualTo(msg.length);
      }
    }
  }

  @Test
  void byteBufferEdgeCases() {
    NoiseSession[] p = pair();
    ByteBuffer full = ByteBuffer.allocate(20).position(0).limit(10);
    assertThatThrownBy(() -> p[0].encrypt(full)).isInstanceOf(BufferOverflowException.class);
    assertThatThrownBy(() -> p[0].encrypt(ByteBuffer.allocate(32).asReadOnlyBuffer()))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThatThrownBy(() -> p[1].decrypt(ByteBuffer.allocate(32).asReadOnlyBuffer()))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThat(p[0].sendNonce()).isZero();
    // Empty plaintext: 16 bytes of tag.
    ByteBuffer e = ByteBuffer.allocateDirect(16).limit(0);
    assertThat(p[0].encrypt(e)).isEqualTo(16);
    assertThat(p[1].decrypt(e)).isZero();
  }

  @Test
  void nonceExhaustionIsRefusedInBothDirections() {
    NoiseSession[] p = pair();
    p[0].sendState().setNonce(-2L);
    p[1].receiveState().setNonce(-2L);
    byte[] buf = new byte[32];
    p[0].encrypt(buf, 0, 16);
    assertThat(p[1].decrypt(buf, 0, 32)).isEqualTo(16);
    assertThat(p[0].sendNonce()).isEqualTo(-1L);
    assertThat(p[0].toString()).contains("sendNonce=18446744073709551615");
    assertThatThrownBy(() -> p[0].encrypt(buf, 0, 16))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NONCE_EXHAUSTED));
    assertThatThrownBy(() -> p[1].decrypt(buf, 0, 32))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NONCE_EXHAUSTED));
    // The other directions are unaffected.
    p[1].encrypt(buf, 0, 16);
    assertThat(p[0].decrypt(buf, 0, 32)).isEqualTo(16);
  }

  @Test
  void closeWipesKeysAndRefusesFurtherUse() {
    NoiseSession[] p = pair();
    p[0].close();
    p[0].close();
    assertThat(p[0].isClosed()).isTrue();
    assertThat(p[0].sendState().hasKey()).isFalse();
    assertThat(p[0].receiveState().hasKey()).isFalse();
    assertThatThrownBy(() -> p[0].encrypt(new byte[16], 0, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p[0].decrypt(new byte[16], 0, 16)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p[0].encrypt(ByteBuffer.allocate(16).flip()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyBackendInteroperates() {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    k1[0] = 1;
    k2[0] = 2;
    NoiseSession bc =
        new NoiseSession(true, new ChaChaPolyBc(k1, 0), new ChaChaPolyBc(k2, 0), null);
    NoiseSession jdk =
        new NoiseSession(false, new ChaChaPolyJdk(k2, 0), new ChaChaPolyJdk(k1, 0), null);
    NoiseSession auto = NoiseSession.of(false, k2, k1, null);
    for (int len : new int[] {0, 6, 100, 600, 5000, 65_519}) {
      byte[] buf = new byte[len + 16];
      Arrays.fill(buf, 0, len, (byte) 3);
      bc.encrypt(buf, 0, len);
      byte[] copy = buf.clone();
      assertThat(jdk.decrypt(buf, 0, len + 16)).isEqualTo(len);
      assertThat(auto.decrypt(copy, 0, len + 16)).isEqualTo(len);
      assertThat(Arrays.copyOf(copy, len)).isEqualTo(Arrays.copyOf(buf, len));
      jdk.encrypt(buf, 0, len);
      assertThat(bc.decrypt(buf, 0, len + 16)).isEqualTo(len);
      auto.sendState().setNonce(jdk.sendNonce() - 1);
      auto.encrypt(copy, 0, len);
      assertThat(Arrays.copyOf(copy, len + 16)).isNotNull();
    }
  }

  @Test
  void bcTransportAllocatesNothingPerFrame() {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    NoiseSession a = new NoiseSession(true, new ChaChaPolyBc(k1, 0), new ChaChaPolyBc(k2, 0), null);
    NoiseSession b = new NoiseSession(false, new ChaChaPolyBc(k2, 0), new ChaChaPolyBc(k1, 0), null);
    byte[] frame = new byte[22 + 1024 + 16];
    ByteBuffer direct = ByteBuffer.allocateDirect(22 + 1024 + 16);
    Runnable op =
        () -> {
          a.encrypt(frame, 0, 6);
          a.encrypt(frame, 22, 1024);
          b.decrypt(frame, 0, 22);
          b.decrypt(frame, 22, 1040);
          direct.clear().limit(1024);
          a.encrypt(direct);
          b.decrypt(direct);
        };
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) {
      op.run();
    }
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5; attempt++) {
      long before = mx.getThreadAllocatedBytes(id);
      for (int i = 0; i < 2_000; i++) {
        op.run();
      }
      best = Math.min(best, (mx.getThreadAllocatedBytes(id) - before) / 2_000);
    }
    assertThat(best).isZero();
  }
  @Test
  void directBufferEncryptFailureRestoresTheLimit() {
    NoiseSession[] p = pair();
    ByteBuffer d = ByteBuffer.allocateDirect(40);
    d.put(0, new byte[] {1, 2, 3, 4});
    d.position(2).limit(10);
    p[0].sendState().setNonce(-1L);
    assertThatThrownBy(() -> p[0].encrypt(d))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NONCE_EXHAUSTED));
    assertThat(d.position()).isEqualTo(2);
    assertThat(d.limit()).isEqualTo(10);
    assertThat(d.get(2)).isEqualTo((byte) 3);
    // A nonce exhaustion does not stop a fail-stop session: only a bad tag does.
    p[1].receiveState().setNonce(-1L);
    assertThatThrownBy(() -> p[1].decrypt(new byte[32], 0, 32))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NONCE_EXHAUSTED));
    assertThat(p[1].isFailed()).isFalse();
    assertThat(p[1].receiveState().hasKey()).isTrue();
  }

  @Test
  void theTagMayEndExactlyAtTheCapacityOrArrayEnd() {
    NoiseSession[] p = pair();
    for (ByteBuffer bb : new ByteBuffer[] {ByteBuffer.allocate(30), ByteBuffer.allocateDirect(30)}) {
      bb.clear().position(4).limit(14); // 10 bytes, 16 left up to the capacity
      assertThat(p[0].encrypt(bb)).isEqualTo(26);
      assertThat(bb.limit()).isEqualTo(30);
      assertThat(p[1].decrypt(bb)).isEqualTo(10);
      assertThat(bb.position()).isEqualTo(4);
      assertThat(bb.limit()).isEqualTo(14);
      bb.clear().position(4).limit(15); // 15 left
      long n = p[0].sendNonce();
      assertThatThrownBy(() -> p[0].encrypt(bb)).isInstanceOf(BufferOverflowException.class);
      assertThat(bb.limit()).isEqualTo(15);
      assertThat(p[0].sendNonce()).isEqualTo(n);
    }
    byte[] buf = new byte[30];
    assertThat(p[0].encrypt(buf, 4, 10)).isEqualTo(26);
    assertThat(p[1].decrypt(buf, 4, 26)).isEqualTo(10);
    assertThat(Arrays.copyOf(buf, 14)).containsOnly(0);
    assertThatThrownBy(() -> p[0].encrypt(buf, 4, 11)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> p[1].decrypt(buf, 4, 27)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void heapBufferBadTagStopsAFailStopSessionAndLenientOnesKeepTheirKeys() {
    NoiseSession[] p = pair();
    ByteBuffer h = ByteBuffer.allocate(64);
    h.limit(6);
    p[0].encrypt(h);
    h.put(1, (byte) (h.get(1) ^ 1));
    assertThatThrownBy(() -> p[1].decrypt(h))
        .isInstanceOfSatisfying(
            NoiseException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_TAG));
    assertThat(p[1].isFailed()).isTrue();
    assertThat(p[1].sendState().hasKey()).isFalse();

    NoiseSession[] q = pair(false);
    byte[] buf = new byte[22];
    q[0].encrypt(buf, 0, 6);
    buf[0] ^= 1;
    assertThatThrownBy(() -> q[1].decrypt(buf, 0, 22)).isInstanceOf(NoiseException.class);
    assertThat(q[1].isFailed()).isFalse();
    assertThat(q[1].sendState().hasKey()).isTrue();
    assertThat(q[1].receiveState().hasKey()).isTrue();
    assertThat(q[1].toString()).doesNotContain("failed");
  }

  @Test
  void rolesNamesAndDestroy() {
    NoiseSession[] p = pair();
    assertThat(p[0].isInitiator()).isTrue();
    assertThat(p[1].isInitiator()).isFalse();
    assertThat(p[0].toString()).contains("role=initiator", "sendNonce=0", "receiveNonce=0");
    assertThat(p[1].toString()).contains("role=responder");
    assertThat(p[0].backend()).isEqualTo(p[0].sendState().backend()).isNotEqualTo("none");
    assertThat(p[0].toString()).contains("backend=" + p[0].backend());
    assertThat(p[0].certificate()).isEqualTo(p[1].certificate()).isNotNull();
    byte[] buf = new byte[16];
    p[1].encrypt(buf, 0, 0);
    p[0].decrypt(buf, 0, 16);
    assertThat(p[0].toString()).contains("receiveNonce=1");
    p[0].destroy();
    assertThat(p[0].isClosed()).isTrue();
    assertThat(p[0].sendState().hasKey()).isFalse();
    assertThat(p[0].toString()).contains("backend=closed");
    assertThatThrownBy(() -> p[0].decrypt(ByteBuffer.allocate(16)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(p[1].isClosed()).isFalse();
  }
}
