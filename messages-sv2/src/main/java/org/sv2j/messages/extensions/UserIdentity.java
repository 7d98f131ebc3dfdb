package org.sv2j.messages.extensions;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.Tlv;

/**
 * The worker-specific hashrate tracking extension (extension_type 0x0002) has no messages, only this
 * TLV field: the {@code user_identity} (field type 0x01, at most 32 bytes) that a {@code
 * SubmitSharesExtended} may carry so that the pool can count hashrate per worker. As the reference's
 * {@code UserIdentity}, the bytes are not checked for UTF-8.
 *
 * @param value the identity's bytes (at most 32)
 */
public record UserIdentity(Bytes value) {
  /** The extension that defines the field. */
  public static final int EXTENSION_TYPE = 0x0002;

  /** The field type of {@code user_identity} within it. */
  public static final int FIELD_TYPE = 0x01;

  /** The longest value, in bytes (the reference's {@code MAX_USER_IDENTITY_LENGTH}). */
  public static final int MAX_LENGTH = 32;

  private static final String NAME = "UserIdentity";

  /**
   * Checks the length.
   *
   * @throws MessageException of kind {@link MessageException.Kind#TOO_LONG} over 32 bytes
   */
  public UserIdentity {
    Objects.requireNonNull(value, "value");
    if (value.length() > MAX_LENGTH) {
      throw new MessageException(NAME, "user_identity", MessageException.Kind.TOO_LONG,
          value.length() + " bytes over the bound " + MAX_LENGTH);
    }
  }

  /**
   * The UTF-8 encoding of {@code text}.
   *
   * @param text the identity, such as {@code worker01}
   * @return the value
   * @throws MessageException over 32 bytes
   */
  public static UserIdentity of(String text) {
    return new UserIdentity(Bytes.of(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The identity in a TLV (the reference's {@code UserIdentity::from_tlv}).
   *
   * @param tlv the field
   * @return the value
   * @throws MessageException of kind {@link MessageException.Kind#INVALID_VALUE} for another extension or
   *     field type, {@link MessageException.Kind#TOO_LONG} for a value over 32 bytes
   */
  public static UserIdentity fromTlv(Tlv tlv) {
    if (tlv.extensionType() != EXTENSION_TYPE || tlv.fieldType() != FIELD_TYPE) {
      throw new MessageException(NAME, "field_type", MessageException.Kind.INVALID_VALUE,
          String.format("TLV 0x%04x/0x%02x is not a user_identity", tlv.extensionType(), tlv.fieldType()));
    }
    return new UserIdentity(tlv.value());
  }

  /**
   * This identity as a TLV, to append after a {@code SubmitSharesExtended} (see {@code WithTlvs}).
   *
   * @return the TLV 0x0002/0x01
   */
  public Tlv toTlv() {
    return new Tlv(EXTENSION_TYPE, FIELD_TYPE, value);
  }

  /**
   * The identity as text, safe to print (quoted and escaped as {@link Str0255#toString()}).
   *
   * @return the quoted text
   */
  @Override
  public String toString() {
    return Str0255.quote(value.toByteArray());
  }
}
