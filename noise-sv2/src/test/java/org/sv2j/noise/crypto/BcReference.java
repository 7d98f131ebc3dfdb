package org.sv2j.noise.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Bouncy Castle's generic (variable-time) secp256k1 arithmetic as an independent reference for the
 * tests. It used to be the production fallback for exceptional scalars; production code now uses
 * complete formulas and never hands a secret to BigInteger.
 */
final class BcReference {
  static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256k1");
  static final ECCurve CURVE = X9.getCurve();

  private BcReference() {}

  static BigInteger big(long[] a) {
    long[] c = a.clone();
    Fe.normalize(c);
    byte[] b = new byte[32];
    Fe.toBytes(b, 0, c);
    return new BigInteger(1, b);
  }

  static void fromBig(long[] r, BigInteger v) {
    byte[] b = new byte[32];
    byte[] raw = v.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, b, 32 - n, n);
    Fe.setBytes(r, b, 0);
  }

  /** r = k·p (p == null means G). */
  static void multiply(Gej r, Ge p, int[] k) {
    ECPoint base = p == null ? X9.getG() : CURVE.createPoint(big(p.x), big(p.y));
    ECPoint q = base.multiply(Scalar.toBig(k)).normalize();
    if (q.isInfinity()) {
      r.setInfinity();
      return;
    }
    fromBig(r.x, q.getAffineXCoord().toBigInteger());
    fromBig(r.y, q.getAffineYCoord().toBigInteger());
    Fe.setInt(r.z, 1);
    r.infinity = false;
  }

  /** x(k·P) for the point P with x = xn/xd. */
  static void xOnly(long[] out, long[] xn, long[] xd, int[] k) {
    BigInteger p = CURVE.getField().getCharacteristic();
    BigInteger x = big(xn).multiply(big(xd).modInverse(p)).mod(p);
    byte[] enc = new byte[33];
    enc[0] = 2;
    byte[] xb = x.toByteArray();
    int n = Math.min(xb.length, 32);
    System.arraycopy(xb, xb.length - n, enc, 33 - n, n);
    ECPoint q = CURVE.decodePoint(enc).multiply(Scalar.toBig(k)).normalize();
    fromBig(out, q.getAffineXCoord().toBigInteger());
    Fe.normalize(out);
  }
}
