package org.sv2j.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2j.binary.Bytes;
import org.sv2j.binary.MessageException;
import org.sv2j.binary.Str0255;
import org.sv2j.binary.Tlv;
import org.sv2j.messages.common.Reconnect;
import org.sv2j.messages.common.SetupConnection;
import org.sv2j.messages.common.SetupConnectionError;
import org.sv2j.messages.extensions.UserIdentity;

/**
 * Text a peer controls: the {@code String} constructors name the field they refuse, and every
 * {@code toString} that shows peer text escapes it (a log line or a terminal must not be steered by it).
 */
class TextFieldsTest {
  private static final String LONG = "h".repeat(256);

  private static void refused(Runnable build, String message, String field) {
    Throwable t = catchThrowable(build::run);
    assertThat(t).as(message + "." + field).isInstanceOf(MessageException.class);
    MessageException e = (MessageException) t;
    assertThat(e.kind()).isEqualTo(MessageException.Kind.TOO_LONG);
    assertThat(e.messageName()).isEqualTo(message);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).isEqualTo(message + "." + field + ": STR0_255 of more than 255 bytes");
  }

  private static void nullRefused(Runnable build, String message, String field) {
    Throwable t = catchThrowable(build::run);
    assertThat(t).isInstanceOf(NullPointerException.class).hasMessage(message + "." + field + " is null");
  }

  @Test
  void stringConstructorsNameTheFieldTheyRefuse() {
    String n = SetupConnection.NAME;
    refused(() -> new SetupConnection(0, 2, 2, 0, LONG, 1, "", "", "", ""), n, "endpoint_host");
    refused(() -> new SetupConnection(0, 2, 2, 0, "", 1, LONG, "", "", ""), n, "vendor");
    refused(() -> new SetupConnection(0, 2, 2, 0, "", 1, "", LONG, "", ""), n, "hardware_version");
    refused(() -> new SetupConnection(0, 2, 2, 0, "", 1, "", "", LONG, ""), n, "firmware");
    refused(() -> new SetupConnection(0, 2, 2, 0, "", 1, "", "", "", LONG), n, "device_id");
    nullRefused(() -> new SetupConnection(0, 2, 2, 0, "", 1, null, "", "", ""), n, "vendor");
    refused(() -> new Reconnect(LONG, 1), Reconnect.NAME, "new_host");
    nullRefused(() -> new Reconnect((String) null, 1), Reconnect.NAME, "new_host");
    refused(() -> new SetupConnectionError(0, LONG), SetupConnectionError.NAME, "error_code");
    nullRefused(() -> new SetupConnectionError(0, (String) null), SetupConnectionError.NAME, "error_code");
    // 255 bytes of UTF-8 fit; each string lands in its own field.
    SetupConnection ok = new SetupConnection(2, 2, 3, 1, "h", 3333, "v", "hw", "fw", "€".repeat(85));
    assertThat(ok.endpointHost()).isEqualTo(Str0255.of("h"));
    assertThat(ok.vendor()).isEqualTo(Str0255.of("v"));
    assertThat(ok.hardwareVersion()).isEqualTo(Str0255.of("hw"));
    assertThat(ok.firmware()).isEqualTo(Str0255.of("fw"));
    assertThat(ok.deviceId().length()).isEqualTo(255);
    assertThat(new Reconnect("backup", 2).newHost()).isEqualTo(Str0255.of("backup"));
    assertThat(new SetupConnectionError(3, "x").errorCode()).isEqualTo(Str0255.of("x"));
  }

  @Test
  void peerTextIsEscapedInToString() {
    byte[] hostile = {'a', 0x1b, '[', '2', 'J', '\n', '"', (byte) 0xff};
    Reconnect r = new Reconnect(Str0255.ofBytes(hostile), 1);
    assertThat(r.toString()).isEqualTo("Reconnect[newHost=\"a\\u001b[2J\\n\\\"\\xff\", newPort=1]");
    SetupConnectionError e = new SetupConnectionError(0, Str0255.ofBytes(hostile));
    assertThat(e.toString()).doesNotContain("\u001b").doesNotContain("\n").contains("\\u001b[2J\\n");
    UserIdentity id = new UserIdentity(Bytes.of(hostile));
    assertThat(id.toString()).isEqualTo("\"a\\u001b[2J\\n\\\"\\xff\"");
  }

  @Test
  void userIdentityComesOnlyFromItsOwnTlv() {
    UserIdentity id = UserIdentity.of("w1");
    assertThat(id.value()).isEqualTo(Bytes.fromHex("7731"));
    Tlv t = id.toTlv();
    assertThat(t).isEqualTo(new Tlv(UserIdentity.EXTENSION_TYPE, UserIdentity.FIELD_TYPE, Bytes.fromHex("7731")));
    assertThat(UserIdentity.fromTlv(t)).isEqualTo(id);
    for (Tlv wrong : List.of(new Tlv(UserIdentity.EXTENSION_TYPE, 2, t.value()), new Tlv(3, UserIdentity.FIELD_TYPE, t.value()))) {
      Throwable x = catchThrowable(() -> UserIdentity.fromTlv(wrong));
      assertThat(x).isInstanceOfSatisfying(MessageException.class, m -> {
        assertThat(m.kind()).isEqualTo(MessageException.Kind.INVALID_VALUE);
        assertThat(m.field()).isEqualTo("field_type");
      });
    }
    assertThat(new UserIdentity(Bytes.of(new byte[32])).value().length()).isEqualTo(32);
    Throwable over = catchThrowable(() -> new UserIdentity(Bytes.of(new byte[33])));
    assertThat(over).isInstanceOfSatisfying(MessageException.class, m -> {
      assertThat(m.kind()).isEqualTo(MessageException.Kind.TOO_LONG);
      assertThat(m.getMessage()).isEqualTo("UserIdentity.user_identity: 33 bytes over the bound 32");
    });
    ByteBuffer b = ByteBuffer.allocate(t.encodedLength());
    t.encodeTo(b);
    assertThat(b.array()).containsExactly(2, 0, 1, 2, 0, 'w', '1');
  }
}
